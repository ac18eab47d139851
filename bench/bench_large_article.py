"""Recognition time of one large article (1, 2, 4 and 8 MB): it must grow linearly with the article's length.
The article is the SaudiNewsNet train articles of tests/saudinewsnet, their paragraphs repeated in turn until
the size is reached, each copy numbered so no two paragraphs are the same. Printed, not asserted: wall
seconds, and the CPU seconds of this process (the machine is shared, and CPU time is what other work
disturbs least).

    PYTHONPATH=. /work/main/.venv/bin/python bench/bench_large_article.py [--sizes 1 2 4 8] [--ner dictionary project]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.model import Document
from kg.normalise import split_sentences
from kg.pipeline import load_statistical_recogniser
from kg.recognise import recognise

SAUDINEWSNET = Path(__file__).resolve().parent.parent / "tests" / "saudinewsnet"


def train_paragraphs() -> list[str]:
    """The paragraphs of the SaudiNewsNet train articles, in file order."""
    split = json.loads((SAUDINEWSNET / "split.json").read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in (SAUDINEWSNET / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    return [paragraph.strip() for row in rows if split.get(row["id"], {}).get("split") == "train"
            for paragraph in row["text"].split("\n") if paragraph.strip()]


def large_article(megabytes: float, paragraphs: list[str]) -> Document:
    """One article of about ``megabytes`` MB of UTF-8 text, dated so that role phrases are resolved too."""
    lines, size, copy = [], 0, 0
    while size < megabytes * 1_000_000:
        for paragraph in paragraphs:
            line = f"{paragraph} ({copy})"
            lines.append(line)
            size += len(line.encode("utf-8")) + 1
            if size >= megabytes * 1_000_000:
                break
        copy += 1
    text = "\n".join(lines)
    return Document("large", "large.txt", text, split_sentences(text), date="2015-07-21")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--ner", nargs="+", default=["dictionary", "project"])
    args = parser.parse_args()
    paragraphs = train_paragraphs()
    for ner in args.ner:
        statistical = load_statistical_recogniser(ner)
        recognise([large_article(0.01, paragraphs)], statistical)  # loads the dictionary and the model first
        for megabytes in args.sizes:
            document = large_article(megabytes, paragraphs)
            started, cpu = time.perf_counter(), time.process_time()
            mentions = recognise([document], statistical)[0]
            print(f"{ner:>10} {megabytes:g} MB ({len(document.text):,} characters, {len(document.sentences):,} "
                  f"sentences): {time.perf_counter() - started:.1f} s ({time.process_time() - cpu:.1f} s CPU), "
                  f"{len(mentions):,} mentions", flush=True)


if __name__ == "__main__":
    main()
