"""kill -9 at ten points of an incremental ``kg build``: the outputs are always one whole set (the old or
the new one), the store stays usable, and the rerun equals a fresh build."""

import os
import signal
import subprocess
import sys
import time

import pytest

from kg.pipeline import BuildOptions, build, write_outputs

KILL_POINTS = 10


def kg_build(articles, store, out):
    """A ``kg build`` process (the CLI, as a user runs it)."""
    command = [sys.executable, "-m", "kg", "build", str(articles), "-o", str(out), "--store", str(store),
               "--ner", "dictionary", "--quiet"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def graph_files(folder):
    """Every output but report.json (which counts what the run did), by name."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name != "report.json"}


def fresh_graph_files(articles, out):
    write_outputs(build([articles], BuildOptions(ner="dictionary")), out)
    return graph_files(out)


@pytest.mark.slow
def test_kill_at_ten_points_of_incremental_runs_then_rerun(seeds_dir, tmp_path):
    articles, store, out = tmp_path / "articles", tmp_path / "store", tmp_path / "out"
    articles.mkdir()
    for path in sorted(seeds_dir.glob("*.txt")):
        (articles / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    started = time.perf_counter()
    assert kg_build(articles, store, out).wait(timeout=120) == 0
    duration = time.perf_counter() - started
    edited = sorted(articles.glob("*.txt"))[0]
    for point in range(1, KILL_POINTS + 1):
        before = graph_files(out)
        # each run has an article to analyse again: the kill may land in the analysis, the store's
        # transaction, the graph swap or the publication of the outputs
        edited.write_text(edited.read_text(encoding="utf-8") + f"\nوالتقى بايدن نتنياهو في الجولة رقم {point}.",
                          encoding="utf-8")
        expected = fresh_graph_files(articles, tmp_path / f"fresh-{point}")
        process = kg_build(articles, store, out)
        time.sleep(duration * point / (KILL_POINTS + 1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert graph_files(out) in (before, expected), f"a mix of old and new outputs after the kill at {point}"
        assert kg_build(articles, store, out).wait(timeout=120) == 0
        assert graph_files(out) == expected
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
        assert sorted(p.name for p in store.iterdir()) == ["articles.sqlite", "lock", "oxigraph"]
