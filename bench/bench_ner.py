"""Speed of the NER stage: sentences per second of the project model on the NewsFANE test split (gold tokens,
tagging only), for each way of running it, and on the seed articles (segmentation + tagging + offsets).

Variants, on the same sentences (printed, not asserted):

- ``stanza pipeline``: the previous path, Stanza's ``Pipeline`` on pre-tokenised input (batches of 64 in input
  order, a ``Document`` of token objects, the CRF loss computed and discarded, one Viterbi per sentence);
- ``stanza pipeline, length-sorted``: the same, fed sentences sorted by length, in batches of 128;
- ``network``: ``kg.ner.network.NetworkTagger``, the shipped path (distinct words once, length-sorted batches,
  no loss, batched Viterbi, inference mode; it ships with 1 thread); ``network int8``: the same with dynamic
  int8 quantisation;
- ``floor``: the network's forward pass alone (``NetworkTagger.scores``) in plain torch on the very batches
  ``network`` builds, index tensors prepared beforehand, nothing decoded; ``floor int8`` likewise.

Each variant runs with torch's default 2 threads and with 1. The machine is shared by other sessions, so the
variants are interleaved in every round and the median over rounds is reported.

    PYTHONPATH=. python bench/bench_ner.py [--rounds 5] [--sentences 476]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch

from kg.ingest import read_inputs
from kg.model import Document
from kg.ner import load_recogniser
from kg.ner.corpus import load_split
from kg.ner.evaluate import DEFAULT_CORPUS
from kg.ner.network import NetworkTagger
from kg.ner.segment import normalise_for_model
from kg.ner.stanza_backend import PROJECT_MODEL_DIR
from kg.ner.train import MODEL_NAME, PRETRAIN_NAME
from kg.normalise import clean_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_documents() -> list[Document]:
    """The seed articles as the text layer cleans them."""
    return [clean_document(source) for source in read_inputs([SEEDS]).documents]


def stanza_pipeline(batch_size: int):
    """Stanza's pipeline over the shipped model, as the project ran it before ``kg.ner.network``."""
    import stanza

    return stanza.Pipeline(lang="ar", dir=str(PROJECT_MODEL_DIR), processors="tokenize,ner", download_method=None,
                           tokenize_pretokenized=True, ner_model_path=str(PROJECT_MODEL_DIR / MODEL_NAME),
                           ner_pretrain_path=str(PROJECT_MODEL_DIR / PRETRAIN_NAME), ner_batch_size=batch_size,
                           logging_level="WARN")


def variants(tokens: list[list[str]]) -> dict[str, callable]:
    """Name -> a function that tags ``tokens`` once (the floors run only the network's forward pass)."""
    today = stanza_pipeline(64)
    wider = stanza_pipeline(128)
    by_length = sorted(tokens, key=len, reverse=True)
    model, pretrain = PROJECT_MODEL_DIR / MODEL_NAME, PROJECT_MODEL_DIR / PRETRAIN_NAME
    # threads=None: each variant runs on the threads the round sets
    network = NetworkTagger.load(model, pretrain, threads=None)
    network_int8 = NetworkTagger.load(model, pretrain, int8=True, threads=None)
    chunk, chunk_int8 = network.prepare(tokens), network_int8.prepare(tokens)
    return {"stanza pipeline": lambda: today(tokens),
            "stanza pipeline, length-sorted": lambda: wider(by_length),
            "network": lambda: network.tag(tokens),
            "network int8": lambda: network_int8.tag(tokens),
            "floor": lambda: network.scores(chunk),
            "floor int8": lambda: network_int8.scores(chunk_int8)}


def measure(runs: dict[str, callable], count: int, rounds: int) -> dict[str, list[float]]:
    """Sentences per second of every (variant, threads) in each of ``rounds`` interleaved rounds."""
    rates: dict[str, list[float]] = {}
    for _ in range(rounds):
        for threads in (2, 1):
            torch.set_num_threads(threads)
            for name, run in runs.items():
                started = time.perf_counter()
                run()
                rates.setdefault(f"{name} [{threads} thr]", []).append(count / (time.perf_counter() - started))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=0, help="Only the first N test sentences (0: all).")
    args = parser.parse_args()
    test = load_split(DEFAULT_CORPUS)["test"]
    tokens = [[normalise_for_model(token) for token in sentence.tokens] for sentence in test]
    tokens = tokens[:args.sentences] if args.sentences else tokens
    print(f"test split: {len(tokens)} sentences, {sum(map(len, tokens))} tokens; {args.rounds} interleaved rounds")
    rates = measure(variants(tokens), len(tokens), args.rounds)
    print(f"{'variant':40} {'sent/s':>7} {'min-max':>10} {'x today':>8} {'x stanza':>8} {'x floor':>8}")
    for name, values in rates.items():
        threads = name[name.index("["):]
        # ratios are taken within each round (the variants ran minutes apart at most) and their median shown
        floor = "floor int8 " + threads if "int8" in name else "floor " + threads
        columns = [statistics.median(a / b for a, b in zip(values, rates[other]))
                   for other in ("stanza pipeline [2 thr]", "stanza pipeline " + threads)]
        columns.append(statistics.median(b / a for a, b in zip(values, rates[floor])))
        spread = f"{min(values):.0f}-{max(values):.0f}"
        print(f"{name:40} {statistics.median(values):7.0f} {spread:>10} " + " ".join(f"{c:8.2f}" for c in columns))
    print("median over rounds; x today: speed over the previous path as it ran (Stanza's pipeline, torch's 2 threads);"
          " x stanza: over Stanza's pipeline on the same threads; x floor: time over the floor's (the int8 floor for"
          " int8), same threads")
    documents = seed_documents()
    recogniser = load_recogniser("project")
    count = sum(len(document.sentences) for document in documents)
    seconds = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        recogniser.recognise(documents)
        seconds.append(time.perf_counter() - started)
    started = time.perf_counter()
    for document in documents:
        for sentence in document.sentences:
            recogniser.segmenter.segment(sentence.text, offset=sentence.start)
    segmenting = time.perf_counter() - started
    print(f"seeds: {len(documents)} articles, {count} sentences: {count / statistics.median(seconds):.0f} sentences/s "
          f"(recognise: segmentation + tagging + offsets; segmentation alone {count / segmenting:.0f}/s)")


if __name__ == "__main__":
    main()
