"""Speed of the NER stage: sentences per second of the project model on the NewsFANE test split (gold tokens,
tagging only) and on the seed articles (segmentation + tagging + offsets), printed, not asserted.

    /work/venv/bin/python bench/bench_ner.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.ingest import read_inputs
from kg.normalise import clean_document
from kg.model import Document
from kg.ner import load_recogniser
from kg.ner.corpus import load_split
from kg.ner.evaluate import DEFAULT_CORPUS
from kg.ner.segment import normalise_for_model

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_documents() -> list[Document]:
    """The seed articles as the text layer cleans them."""
    return [clean_document(source) for source in read_inputs([SEEDS]).documents]


def best_rate(count: int, run, repeat: int) -> float:
    """The best of ``repeat`` runs, in items per second (the machine is shared: the best run is the least
    disturbed one)."""
    rates = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        rates.append(count / (time.perf_counter() - started))
    return max(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    recogniser = load_recogniser("project")
    print(f"model load: {time.perf_counter() - started:.2f} s")
    test = load_split(DEFAULT_CORPUS)["test"]
    tokens = [[normalise_for_model(token) for token in sentence.tokens] for sentence in test]
    rate = best_rate(len(tokens), lambda: recogniser.tag(tokens), args.repeat)
    print(f"test split: {len(tokens)} sentences, {sum(map(len, tokens))} tokens: {rate:.0f} sentences/s (tagging)")
    documents = seed_documents()
    sentence_count = sum(len(document.sentences) for document in documents)
    rate = best_rate(sentence_count, lambda: recogniser.recognise(documents), args.repeat)
    print(f"seeds: {len(documents)} articles, {sentence_count} sentences: {rate:.0f} sentences/s (recognise)")


if __name__ == "__main__":
    main()
