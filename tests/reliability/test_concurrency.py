"""Two builds on one store at once: the second fails at once with a one-line message and writes nothing;
the lock dies with its holder, even by kill -9, and no article of either build is lost."""

import os
import signal
import subprocess
import sys

import pytest

from kg.store import ArticleStore

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "500"}


def kg_build(articles, store, out):
    command = [sys.executable, "-m", "kg", "build", *map(str, articles), "-o", str(out), "--store", str(store),
               "--ner", "dictionary", "--quiet", "--no-cache"]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=120)


@pytest.mark.slow
def test_a_second_build_on_a_busy_store_fails_at_once_and_loses_nothing(seeds_dir, tmp_path):
    seeds = sorted(seeds_dir.glob("*.txt"))
    store = tmp_path / "store"
    assert kg_build(seeds[:3], store, tmp_path / "out-first").returncode == 0
    # a build holding the store (the first of two started at once), killed later without any cleanup
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from kg.store import ArticleStore; "
                               "store = ArticleStore(sys.argv[1]); print('held', flush=True); time.sleep(600)",
                               str(store)], stdout=subprocess.PIPE, text=True, env=ENV)
    try:
        assert holder.stdout.readline() == "held\n"
        second = kg_build(seeds[3:], store, tmp_path / "out-second")  # the holder sleeps past its timeout
        assert second.returncode == 1 and "in use by another kg build" in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1
        assert not (tmp_path / "out-second").exists()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert kg_build(seeds[3:], store, tmp_path / "out-second").returncode == 0
    with ArticleStore(store) as opened:
        assert sorted(opened.fingerprints()) == sorted(path.stem for path in seeds)
