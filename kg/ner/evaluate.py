"""Entity-level evaluation (exact span and type, like seqeval) of the NER model on a NewsFANE split part."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from kg.model import ENTITY_TYPES
from kg.ner.corpus import DEFAULT_CORPUS, TaggedSentence, coarse_tags, entity_spans, load_split
from kg.ner.segment import normalise_for_model

#: Where the corpus lives on the project's machines.


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    p = 100 * correct / predicted if predicted else 0.0
    r = 100 * correct / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 2), "r": round(r, 2), "f1": round(f1, 2)}


def score_tags(gold: list[list[str]], predicted: list[list[str]]) -> dict:
    """Micro and per-type precision, recall and F1 (percent) of predicted entity spans against gold ones.

    >>> score_tags([["B-PER", "I-PER", "O"]], [["B-PER", "E-PER", "S-GPE"]])["per_type"]["PER"]["f1"]
    100.0
    """
    correct: Counter[str] = Counter()
    gold_count: Counter[str] = Counter()
    predicted_count: Counter[str] = Counter()
    for gold_tags, predicted_tags in zip(gold, predicted, strict=True):
        gold_spans = set(entity_spans(gold_tags))
        predicted_spans = set(entity_spans(predicted_tags))
        gold_count.update(kind for _, _, kind in gold_spans)
        predicted_count.update(kind for _, _, kind in predicted_spans)
        correct.update(kind for _, _, kind in gold_spans & predicted_spans)
    per_type = {kind: {**_prf(correct[kind], predicted_count[kind], gold_count[kind]), "support": gold_count[kind]}
                for kind in ENTITY_TYPES}
    micro = _prf(sum(correct.values()), sum(predicted_count.values()), sum(gold_count.values()))
    return {"micro": micro, "per_type": per_type}


def score_model(model_dir: Path, sentences: list[TaggedSentence]) -> dict:
    """Score the project model in ``model_dir`` on gold-segmented ``sentences``, with its tagging speed.

    >>> score_model(Path("kg/models/ner"), load_split(DEFAULT_CORPUS)["dev"])["micro"]  # doctest: +SKIP
    {'p': 83.65, 'r': 78.28, 'f1': 80.88}
    """
    from kg.ner.stanza_backend import ProjectRecogniser

    recogniser = ProjectRecogniser(model_dir)
    tokens = [[normalise_for_model(token) for token in sentence.tokens] for sentence in sentences]
    started = time.perf_counter()
    predicted = recogniser.tag(tokens)
    seconds = time.perf_counter() - started
    result = score_tags([coarse_tags(sentence.tags) for sentence in sentences], predicted)
    result["sentences_per_second"] = round(len(sentences) / seconds, 1) if seconds else 0.0
    return result


def evaluate_model(corpus: Path = DEFAULT_CORPUS, model_dir: Path | None = None, part: str = "test") -> dict:
    """Evaluate a project model on one part (``train``/``dev``/``test``) of the recorded NewsFANE split.

    Returns ``{"micro": {"p", "r", "f1"}, "per_type": {"PER": {"p", "r", "f1", "support"}, ...},
    "sentences_per_second": ...}`` with scores in percent.

    >>> evaluate_model()["micro"]["f1"] > 75  # doctest: +SKIP
    True
    """
    from kg.ner.stanza_backend import PROJECT_MODEL_DIR

    return score_model(model_dir or PROJECT_MODEL_DIR, load_split(corpus)[part])
