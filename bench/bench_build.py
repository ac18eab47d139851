"""End-to-end benchmark: articles per second, peak memory and seconds per stage of `kg build`.

Generates synthetic articles from the seeds' sentence shapes (bench/synthetic.py), then measures:
  - the NER stage alone (the floor: the project's Stanza model over every sentence), in one process and
    in two processes of one torch thread each (the floor of a 2-worker build),
  - the whole build with 1 and with 2 worker processes (wall time, peak memory of the process tree,
    seconds per stage from report.json, where ``ner`` is the model's own time inside the build),
  - `kg query GRAPH interactions` on the resulting graph: answered from the query cache the build warmed,
    and with --no-cache (loading the graph and running the query).
Results are printed and written to bench/results.json. Usage:

    python bench/bench_build.py --articles 10000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_jsonl  # noqa: E402

from kg.pipeline import CHUNK_SIZE  # noqa: E402

HERE = Path(__file__).resolve().parent
KG = [sys.executable, "-m", "kg.cli"]


def run_measured(command: list[str]) -> tuple[float, float, float]:
    """Run ``command``; return (wall seconds, peak memory in MB of it and its children as the sum of their
    proportional set sizes, and as the sum of their resident set sizes). Worker processes forked from the
    build share pages with it: the RSS sum counts those pages once per process, the PSS sum once."""
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_pss = peak_rss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_pss, peak_rss
        while not done.is_set():
            pss = rss = 0
            for member in [process, *process.children(recursive=True)]:
                try:
                    info = member.memory_full_info()
                except psutil.Error:
                    continue
                pss, rss = pss + info.pss, rss + info.rss
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr.decode()[-2000:]}")
    return time.perf_counter() - started, peak_pss / 2**20, peak_rss / 2**20


_recogniser = None


def _load_recogniser(threads: int | None = None) -> None:
    global _recogniser
    from kg.ner import load_recogniser

    if threads:
        import torch

        torch.set_num_threads(threads)
    _recogniser = load_recogniser("project")


def _tag(documents: list) -> int:
    _recogniser.recognise(documents)
    return len(documents)


def _loaded(_: int) -> None:
    time.sleep(0.5)  # every worker runs one while the others finish loading the model


def ner_alone(corpus: Path, processes: int = 1) -> dict:
    """Seconds for running only the NER model over the normalised articles, in this process (torch's default
    two threads) or in ``processes`` processes of one torch thread each (as ``--workers`` runs it); the models
    are loaded before the clock starts."""
    from kg.ingest import iter_sources
    from kg.model import SourceText
    from kg.normalise import NotAnArticle, clean_document

    documents = []
    for source in iter_sources([corpus]):
        if not isinstance(source, SourceText):
            continue  # the build skips what is unreadable or not an article; so does the floor
        try:
            documents.append(clean_document(source))
        except NotAnArticle:
            continue
    # The same batches as a build, so the floor is measured the way the build runs the model.
    chunks = [documents[first:first + CHUNK_SIZE] for first in range(0, len(documents), CHUNK_SIZE)]
    if processes == 1:
        _load_recogniser()
        started = time.perf_counter()
        for chunk in chunks:
            _tag(chunk)
        seconds = time.perf_counter() - started
    else:
        with multiprocessing.get_context("fork").Pool(processes, _load_recogniser, (1,)) as pool:
            pool.map(_loaded, range(processes), chunksize=1)
            started = time.perf_counter()
            assert sum(pool.imap(_tag, chunks)) == len(documents)
            seconds = time.perf_counter() - started
    sentences = sum(len(d.sentences) for d in documents)
    return {"seconds": round(seconds, 2), "processes": processes, "sentences": sentences,
            "sentences_per_second": round(sentences / seconds, 1)}


def query_parts(graph: Path, name: str = "interactions") -> dict:
    """Seconds to load ``graph`` into an in-memory store, then to run and format the named query ``name``."""
    from kg.query import format_result, load_store, resolve_query, run_query

    started = time.perf_counter()
    store = load_store(graph)
    loaded = time.perf_counter()
    rows = format_result(run_query(store, resolve_query(name)), "csv")
    done = time.perf_counter()
    return {"load_seconds": round(loaded - started, 2), "query_seconds": round(done - loaded, 2),
            "triples": len(store), "rows": rows.count("\n") - 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to measure")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    parser.add_argument("--ner-alone-seconds", type=float,
                        help="reuse this NER-alone time (from an earlier run on the same articles) instead of measuring it")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    os.environ["KG_CACHE_DIR"] = str(work / "query-cache")  # a cold cache, left behind with the rest
    corpus = write_jsonl(work / "articles.jsonl", args.articles)
    results: dict = {"articles": args.articles, "cpu_count": psutil.cpu_count(), "builds": {}}
    print(f"{args.articles} synthetic articles in {corpus}")

    if args.ner_alone_seconds is None:
        # Several processes first: they are forked, and this process has not started torch's threads yet.
        results["ner_alone_2_processes"] = ner_alone(corpus, processes=2)
        print(f"NER alone, 2 processes: {results['ner_alone_2_processes']}")
        results["ner_alone"] = ner_alone(corpus)
    else:
        results["ner_alone"] = {"seconds": args.ner_alone_seconds, "reused": True}
    print(f"NER alone: {results['ner_alone']}")

    for workers in (int(w) for w in args.workers.split(",")):
        out = work / f"out-{workers}"
        seconds, peak_mb, peak_rss_mb = run_measured([*KG, "build", str(corpus), "-o", str(out), "--ner", "project",
                                         "--workers", str(workers), "--quiet"])
        report = json.loads((out / "report.json").read_text())
        results["builds"][workers] = {
            "seconds": round(seconds, 2), "articles_per_second": round(args.articles / seconds, 1),
            "peak_memory_mb": round(peak_mb), "peak_rss_sum_mb": round(peak_rss_mb),
            "stage_seconds": report["seconds"],
            "actors": report["actors"], "interactions": report["interactions"],
        }
        print(f"build, {workers} worker(s): {results['builds'][workers]}")

    graph = next((work / f"out-{w}" / "graph.ttl" for w in results["builds"]), None)
    if graph is not None:
        for name, cache_option in (("query_interactions_seconds", "--cache"),
                                   ("query_interactions_uncached_seconds", "--no-cache")):
            seconds, _, _ = run_measured([*KG, "query", str(graph), "interactions", "--format", "csv", cache_option])
            results[name] = round(seconds, 2)
            print(f"kg query interactions {cache_option}: {seconds:.2f} s (including interpreter start-up)")
        results["query_interactions_parts"] = query_parts(graph)
        print(f"kg query interactions --no-cache, in parts: {results['query_interactions_parts']}")

    one, two = results["builds"].get(1), results["builds"].get(2)
    if one and two:
        results["speedup_2_workers"] = round(one["seconds"] / two["seconds"], 2)
    for workers, build in results["builds"].items():
        results[f"build_over_ner_alone_{workers}_workers"] = round(build["seconds"] / results["ner_alone"]["seconds"], 2)
    if one and "ner" in one["stage_seconds"]:
        # The same floor measured inside the build, in the same minutes: immune to the machine's drift.
        results["build_over_its_own_ner_1_worker"] = round(one["seconds"] / one["stage_seconds"]["ner"], 2)
    if two and "ner_alone_2_processes" in results:
        results["build_over_ner_alone_2_processes_2_workers"] = round(
            two["seconds"] / results["ner_alone_2_processes"]["seconds"], 2)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
