"""The archive benchmark: `kg build` on real articles (the SaudiNewsNet archive, or a slice of it), measured.

Reports, printed and written to a JSON file:
  - the build: wall time, peak memory of the process tree (sum of proportional set sizes, PSS, and of RSS),
    seconds per stage (from report.json), articles per second;
  - the NER floor: the project's NER model alone over the same articles' sentences, in as many processes as
    the build has workers (bench/bench_build.py's measure), and the build's ratio to it;
  - query times of `kg query GRAPH actors` and `interactions`: answered from the cache the build warmed, with
    --no-cache (the whole command, interpreter start-up included), in-process (loading the graph, then the
    query), and through `kg serve` (HTTP requests to a running endpoint, the first one and the best of three);
  - the explorer's time to interactive in headless Chromium (bench/bench_explorer.py).

    python bench/bench_archive.py                                     # the whole archive (about an hour here)
    python bench/bench_archive.py --limit 300 --output /tmp/a.json    # its first 300 articles
    python bench/bench_archive.py path/to/articles.jsonl.gz --workers 1
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import KG, ner_alone, query_parts, run_measured  # noqa: E402
from bench_explorer import explorer_timings  # noqa: E402

from kg.ingest import iter_sources  # noqa: E402
from kg.model import SourceText  # noqa: E402
from kg.query import resolve_query  # noqa: E402

HERE = Path(__file__).resolve().parent
ARCHIVE = HERE.parent.parent / "shared" / "data" / "saudinewsnet"
QUERIES = ("actors", "interactions")


def slice_articles(source: Path, limit: int, out: Path) -> Path:
    """Write the first ``limit`` articles of ``source`` (a file or folder ``kg build`` reads), as the build
    reads them, to the JSON Lines file ``out``, keeping their ids, titles, dates and addresses.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("نص أول", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_text("نص ثان", encoding="utf-8")
    >>> [json.loads(line)["id"] for line in slice_articles(folder, 1, folder / "slice.jsonl").read_text().splitlines()]
    ['a']
    """
    written = 0
    with out.open("w", encoding="utf-8") as stream:
        for item in iter_sources([source]):
            if written == limit:
                break
            if isinstance(item, SourceText):
                stream.write(json.dumps({"id": item.doc_id, "title": item.title, "date": item.date, "url": item.url,
                                         "text": item.text}, ensure_ascii=False) + "\n")
                written += 1
    return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed_command(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return round(time.perf_counter() - started, 2)


def through_serve(graph: Path) -> dict:
    """Start `kg serve` on the graph; seconds until it answers, then per query the first request and the best
    of three."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([*KG, "serve", str(graph), "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 600:
                    raise SystemExit("kg serve did not start")
                time.sleep(0.1)
        results: dict = {"start_seconds": round(time.perf_counter() - started, 2)}
        for name in QUERIES:
            body = urllib.parse.urlencode({"query": resolve_query(name)}).encode()
            times = []
            for _ in range(3):
                request = urllib.request.Request(url, data=body, headers={"Accept": "text/csv"})
                began = time.perf_counter()
                with urllib.request.urlopen(request) as response:
                    rows = response.read().decode().count("\n") - 1
                times.append(time.perf_counter() - began)
            results[name] = {"first_seconds": round(times[0], 3), "best_seconds": round(min(times), 3), "rows": rows}
        return results
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, nargs="?", default=ARCHIVE, help="file or folder of articles")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path, default=HERE / "results-archive.json")
    parser.add_argument("--home-state", default="saudi-arabia",
                        help="kg build --home-state (the SaudiNewsNet archive is Saudi press; '' for none)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-archive-"))
    os.environ["KG_CACHE_DIR"] = str(work / "query-cache")  # a cold cache, left behind with the rest
    corpus = slice_articles(args.source, args.limit, work / "articles.jsonl") if args.limit else args.source
    results: dict = {"source": str(args.source), "limit": args.limit, "workers": args.workers, "home_state": args.home_state,
                     "cpu_count": psutil.cpu_count(), "work": str(work)}
    print(f"articles: {corpus}; outputs in {work}")

    # The floor first: its processes are forked, and this process has not started torch's threads yet.
    results["ner_floor"] = ner_alone(corpus, processes=args.workers)
    print(f"NER floor: {results['ner_floor']}")

    out = work / "out"
    home = ["--home-state", args.home_state] if args.home_state else []
    seconds, peak_pss, peak_rss = run_measured([*KG, "build", str(corpus), "-o", str(out), "--workers",
                                                str(args.workers), "--quiet", *home])
    report = json.loads((out / "report.json").read_text())
    results["build"] = {
        "seconds": round(seconds, 2), "peak_pss_mb": round(peak_pss), "peak_rss_sum_mb": round(peak_rss),
        "articles": report["documents_read"], "articles_skipped": len(report["documents_skipped"]),
        "articles_per_second": round(report["documents_read"] / seconds, 1), "stage_seconds": report["seconds"],
        "actors": report["actors"], "interactions": report["interactions"],
    }
    results["build_over_ner_floor"] = round(seconds / results["ner_floor"]["seconds"], 2)
    print(f"build: {results['build']}\nbuild / NER floor: {results['build_over_ner_floor']}")

    graph = out / "graph.ttl"
    results["queries"] = {}
    for name in QUERIES:
        results["queries"][name] = {
            "cached_seconds": timed_command([*KG, "query", str(graph), name, "--format", "csv"]),
            "uncached_seconds": timed_command([*KG, "query", str(graph), name, "--format", "csv", "--no-cache"]),
            "in_process": query_parts(graph, name),
        }
        print(f"kg query {name}: {results['queries'][name]}")
    results["serve"] = through_serve(graph)
    print(f"kg serve: {results['serve']}")
    results["explorer"] = explorer_timings(graph)
    print(f"explorer: ready in {results['explorer']['ready_seconds_best']}-{results['explorer']['ready_seconds_worst']} s")
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
