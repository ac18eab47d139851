"""Check that a build on a real Dask cluster gives the same graph as a build with worker processes.

Takes the first N articles of the SaudiNewsNet archive (or of any file or folder), builds them with
`kg build --workers 2`, then starts a Dask cluster with Dask's own command line (`dask scheduler` and two
`dask worker --nthreads 1` processes on 127.0.0.1), builds the same articles with `kg build --scheduler`, and
compares the two graph.ttl files byte for byte. Exits 0 when they are identical, 1 otherwise.

    python bench/check_dask.py --limit 300
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_archive import ARCHIVE, free_port, slice_articles  # noqa: E402
from bench_build import KG  # noqa: E402

#: Dask's own command line, installed beside this interpreter.
DASK = str(Path(sys.executable).parent / "dask")


def build(corpus: Path, out: Path, *options: str) -> tuple[bytes, float]:
    started = time.perf_counter()
    subprocess.run([*KG, "build", str(corpus), "-o", str(out), "--quiet", "--no-cache", *options], check=True)
    return (out / "graph.ttl").read_bytes(), time.perf_counter() - started


def wait_for_workers(scheduler_log: Path, count: int, timeout_s: float = 300) -> None:
    """Wait until the scheduler's log shows ``count`` workers registered."""
    deadline = time.monotonic() + timeout_s
    while len(re.findall(r"Register worker", scheduler_log.read_text(errors="replace"))) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"the Dask workers did not register; see {scheduler_log}")
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, nargs="?", default=ARCHIVE, help="file or folder of articles")
    parser.add_argument("--limit", type=int, default=300, help="the first N articles (0: all of them)")
    parser.add_argument("--home-state", default="saudi-arabia",
                        help="kg build --home-state for both builds (the SaudiNewsNet archive is Saudi press; '' for none)")
    args = parser.parse_args()
    home = ["--home-state", args.home_state] if args.home_state else []

    work = Path(tempfile.mkdtemp(prefix="kg-dask-"))
    os.environ["KG_CACHE_DIR"] = str(work / "query-cache")
    corpus = slice_articles(args.source, args.limit, work / "articles.jsonl") if args.limit else args.source
    pooled, pooled_seconds = build(corpus, work / "workers-2", "--workers", "2", *home)
    print(f"--workers 2: {pooled_seconds:.1f} s, graph.ttl {len(pooled):,} bytes")

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler_log = work / "scheduler.log"
    processes = []
    try:
        with scheduler_log.open("w") as log:
            processes.append(subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                               "--no-dashboard"], stdout=log, stderr=subprocess.STDOUT))
        for number in range(2):
            with (work / f"worker-{number}.log").open("w") as log:
                processes.append(subprocess.Popen([DASK, "worker", address, "--nthreads", "1", "--nworkers", "1",
                                                   "--host", "127.0.0.1", "--no-dashboard",
                                                   "--local-directory", str(work / f"dask-{number}")],
                                                  stdout=log, stderr=subprocess.STDOUT))
        wait_for_workers(scheduler_log, 2)
        clustered, clustered_seconds = build(corpus, work / "dask", "--scheduler", address, *home)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
    print(f"--scheduler {address} (2 workers, 1 thread each): {clustered_seconds:.1f} s, "
          f"graph.ttl {len(clustered):,} bytes")
    same = pooled == clustered
    print(f"sha256 {hashlib.sha256(pooled).hexdigest()[:16]} vs {hashlib.sha256(clustered).hexdigest()[:16]}: "
          + ("identical" if same else "DIFFERENT") + f" (outputs in {work})")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
