"""Entity-level evaluation (exact span and type, like seqeval) of the NER model: on a NewsFANE split part
(gold tokens, tags compared) and on hand-annotated SaudiNewsNet sentences (raw text through the whole
recogniser: segmentation, tagging, clitics cut off; character spans compared)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from kg.model import ENTITY_TYPES, Document, Sentence
from kg.ner.corpus import (
    DEFAULT_CORPUS,
    NEWS_AGREEMENT,
    NEWS_PARTS,
    NEWS_SENTENCES,
    TaggedSentence,
    coarse_tags,
    entity_spans,
    load_split,
    read_span_sentences,
)
from kg.ner.segment import normalise_for_model


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
    return score_spans([set(entity_spans(tags)) for tags in gold], [set(entity_spans(tags)) for tags in predicted])


def score_spans(gold: list[set[tuple[int, int, str]]], predicted: list[set[tuple[int, int, str]]]) -> dict:
    """Micro and per-type precision, recall and F1 (percent) of ``(start, end, type)`` spans, one set per
    sentence; a span counts only with the exact bounds and type.

    >>> score_spans([{(0, 5, "PER"), (9, 12, "GPE")}], [{(0, 5, "PER"), (9, 12, "ORG")}])["micro"]
    {'p': 50.0, 'r': 50.0, 'f1': 50.0}
    """
    correct: Counter[str] = Counter()
    gold_count: Counter[str] = Counter()
    predicted_count: Counter[str] = Counter()
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
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


def load_news_sentences(path: Path = NEWS_SENTENCES) -> list[tuple[Document, set[tuple[int, int, str]]]]:
    """The annotated real-news sentences of ``path``, each as a one-sentence document with its gold
    character spans (see :func:`kg.ner.corpus.read_span_sentences`).

    >>> document, spans = load_news_sentences()[1]
    >>> [(document.text[start:end], kind) for start, end, kind in sorted(spans)][:2]
    [('الأنبار', 'GPE'), ('القوات العراقية', 'ORG')]
    """
    return [(Document(sentence.id, str(path), sentence.text, [Sentence(0, 0, len(sentence.text), sentence.text)]),
             set(sentence.spans)) for sentence in read_span_sentences(path)]


def evaluate_news(path: Path = NEWS_SENTENCES, model_dir: Path | None = None) -> dict:
    """Score the project model's mentions (the whole recogniser on raw text) against the annotated
    SaudiNewsNet sentences in ``path``; same result shape as :func:`evaluate_model`, with sentences per second
    of recognition (segmentation, tagging, offsets).

    >>> evaluate_news()["micro"]["f1"] > 50  # doctest: +SKIP
    True
    """
    from kg.ner.stanza_backend import PROJECT_MODEL_DIR, ProjectRecogniser

    recogniser = ProjectRecogniser(model_dir or PROJECT_MODEL_DIR)
    sentences = load_news_sentences(path)
    started = time.perf_counter()
    found = recogniser.recognise([document for document, _ in sentences])
    seconds = time.perf_counter() - started
    predicted = [{(m.start, m.end, m.type) for m in mentions} for mentions in found]
    result = score_spans([spans for _, spans in sentences], predicted)
    result["sentences_per_second"] = round(len(sentences) / seconds, 1) if seconds else 0.0
    return result


def news_agreement(second: Path = NEWS_AGREEMENT) -> dict:
    """Agreement of the independent second annotation of some archive sentences (``second``) with the first
    one (the archive parts): entity-level P/R/F1 of the second against the first, exact bounds and type, in
    the shape of :func:`evaluate_news`'s scores, with the number of sentences compared.

    >>> news_agreement()["micro"]["f1"] > 90
    True
    """
    first = {sentence.id: sentence.spans for path in NEWS_PARTS.values() for sentence in read_span_sentences(path)}
    again = read_span_sentences(second)
    scores = score_spans([set(first[sentence.id]) for sentence in again], [set(sentence.spans) for sentence in again])
    scores["sentences"] = len(again)
    return scores
