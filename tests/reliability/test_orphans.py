"""kill -9 of a ``kg build --workers 2``: its worker processes die with it instead of living on as orphans
(each holds a model of about 520 MB and would wait forever on a pipe no one writes to)."""

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
#: Copies of the seed articles: enough work that the build is still analysing when it is killed.
COPIES = 400


def gone(process: psutil.Process) -> bool:
    """Dead, or a zombie waiting for a parent (in a container, PID 1 may never reap it)."""
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.slow
def test_workers_die_with_a_killed_build(seeds_dir, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    seeds = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))]
    for copy in range(COPIES):
        for number, text in enumerate(seeds):
            (articles / f"{copy:04d}-{number}.txt").write_text(f"{text}\nنسخة {copy}.", encoding="utf-8")
    command = [sys.executable, "-m", "kg", "build", str(articles), "-o", str(tmp_path / "out"),
               "--ner", "dictionary", "--workers", "2", "--quiet", "--no-cache"]
    parent = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    workers: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            time.sleep(0.1)
            workers = psutil.Process(parent.pid).children(recursive=True)
        assert len(workers) >= 2, "the build never started its two workers"
        time.sleep(1)  # the workers are past their start-up, busy with chunks
        assert parent.poll() is None, "the build ended before it could be killed: give it more articles"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while not all(map(gone, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(map(gone, workers)), f"orphaned workers: {[w.pid for w in workers if not gone(w)]}"
    finally:
        for worker in workers:
            try:
                worker.kill()
            except psutil.NoSuchProcess:
                pass
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_a_worker_whose_build_died_before_it_started_ends_at_once():
    # the parent is not the pid the build passed: it died between the fork and the initializer
    code = "import os; from kg.pipeline import _start_worker; _start_worker(os.getppid() + 1); print('alive')"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=60,
                           check=False)
    assert child.returncode == -signal.SIGKILL and "alive" not in child.stdout
