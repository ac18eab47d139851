"""Train the learned extractor (:mod:`kg.extract.learned`) on the annotated SaudiNewsNet articles.

The train split is built with the chosen NER back-end; every trigger candidate is labelled by the gold
event it reports (a gold event of its family whose sentence holds the trigger), every pair candidate by
whether its actor is one of that event's participants, and every reported event by its gold status. The
three logistic regressions are fitted by full-batch gradient descent (deterministic: no sampling), then
the two decision thresholds are chosen by F1 on the dev split. The test split is never read.

    kg extract train                        # rebuilds kg/models/extractor/model.json
    kg extract train --limit 5 --out /tmp/x # a quick run on five articles of each split

>>> examples = [(["bias", "a"], 1), (["bias", "b"], 0)] * 2
>>> fit_logistic(examples, iterations=200).probability(["bias", "a"]) > 0.8
True
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from kg.corpus import EVENT_FAMILIES, GoldArticle, GoldCorpus, load_corpus
from kg.extract.candidates import DocumentCandidates, document_candidates
from kg.extract.learned import (
    MODEL_PATH,
    ExtractorModel,
    LogisticModel,
    SoftmaxModel,
    Thresholds,
    decided_interactions,
)
from kg.extract.merge import _finalise
from kg.model import Actor, Document, Interaction, Mention

__all__ = ["TrainingExamples", "fit_logistic", "fit_softmax", "label_document", "train_extractor"]

STATUSES = ["cancelled", "held", "planned"]


@dataclass
class TrainingExamples:
    """Labelled examples for the three classifiers: ``(features, label)`` pairs."""

    trigger: list[tuple[list[str], int]] = field(default_factory=list)
    pair: list[tuple[list[str], int]] = field(default_factory=list)
    status: list[tuple[list[str], str]] = field(default_factory=list)

    def extend(self, other: TrainingExamples) -> None:
        self.trigger += other.trigger
        self.pair += other.pair
        self.status += other.status


def _locate(text: str, sentence: str) -> tuple[int, int] | None:
    """Where the gold ``sentence`` stands in the cleaned ``text`` (whitespace may differ)."""
    found = text.find(sentence)
    if found >= 0:
        return found, found + len(sentence)
    words = sentence.split()
    if not words:
        return None
    match = re.search(r"\s+".join(map(re.escape, words)), text)
    return match.span() if match else None


def label_document(candidates: DocumentCandidates, article: GoldArticle, keys: Mapping[str, str]) -> TrainingExamples:
    """Label the trigger, pair and status candidates of one document by its gold events; ``keys`` maps the
    document's actor ids to gold actor keys.

    A trigger reports a gold event when the event's sentence holds it and the families agree; of several
    such events, the one whose annotated trigger word it is."""
    reader = candidates.reader
    text = reader.document.text
    located = [(event, _locate(text, event.sentence)) for event in article.events]
    examples = TrainingExamples()
    for trigger in candidates.triggers:
        start = reader.folded.origin[trigger.start]
        end = reader.folded.origin[trigger.end]
        family = EVENT_FAMILIES[trigger.draft.type if trigger.draft else trigger.rule.type]
        families = {"meeting", "call"} if trigger.rule.kind == "discuss" else {family}
        reported = [e for e, span in located
                    if span and span[0] <= start < span[1] and EVENT_FAMILIES[e.type] in families]
        word = text[start:end]
        event = next((e for e in reported if e.trigger and (e.trigger in word or word in e.trigger)),
                     reported[0] if reported else None)
        examples.trigger.append((trigger.features, int(event is not None)))
        if event is None:
            continue
        examples.status.append((trigger.status_features, event.status))
        for pair in trigger.pairs:
            examples.pair.append((pair.features, int(keys.get(pair.actor) in event.participants)))
    return examples


# ------------------------------------------------------------------------------------------ fitting


#: A feature seen in fewer training examples than this is left out: with a few hundred examples, rarer
#: words are memorised, not learned (dev F1 was no better with them, and train F1 far higher).
MIN_COUNT = 2


def _design(examples: Sequence[tuple[list[str], object]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The feature names (sorted; those seen in at least :data:`MIN_COUNT` examples) and the examples as a
    sparse matrix: column indices and row offsets."""
    counts = Counter(f for features, _ in examples for f in set(features))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {name: i for i, name in enumerate(names)}
    columns, offsets = [], [0]
    for features, _ in examples:
        row = sorted({index[f] for f in features if f in index})
        columns.extend(row)
        offsets.append(len(columns))
    return names, np.asarray(columns, dtype=np.int64), np.asarray(offsets, dtype=np.int64)


def _fit(examples: Sequence[tuple[list[str], object]], targets: np.ndarray, l2: float, iterations: int,
         rate: float) -> tuple[list[str], np.ndarray]:
    """Minimise the cross-entropy of a softmax over ``targets.shape[1]`` classes (one column of a sigmoid's
    logit when it is 1) plus ``l2``·|w|² by full-batch gradient descent with AdaGrad steps."""
    names, columns, offsets = _design(examples)
    rows = np.repeat(np.arange(len(examples)), np.diff(offsets))
    weights = np.zeros((len(names), targets.shape[1]))
    squared = np.full_like(weights, 1e-8)
    for _ in range(iterations):
        logits = np.zeros((len(examples), targets.shape[1]))
        np.add.at(logits, rows, weights[columns])
        if targets.shape[1] == 1:
            error = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30))) - targets
        else:
            logits -= logits.max(axis=1, keepdims=True)
            probabilities = np.exp(logits)
            error = probabilities / probabilities.sum(axis=1, keepdims=True) - targets
        gradient = np.zeros_like(weights)
        np.add.at(gradient, columns, error[rows])
        gradient = gradient / len(examples) + 2 * l2 * weights
        squared += gradient ** 2
        weights -= rate * gradient / np.sqrt(squared)
    return names, weights


def fit_logistic(examples: Sequence[tuple[list[str], int]], l2: float = 1e-3, iterations: int = 400,
                 rate: float = 0.5) -> LogisticModel:
    """A binary logistic regression fitted to ``(features, 0|1)`` examples."""
    targets = np.asarray([[label] for _, label in examples], dtype=float)
    names, weights = _fit(examples, targets, l2, iterations, rate)
    return LogisticModel({name: float(w) for name, w in zip(names, weights[:, 0])})


def fit_softmax(examples: Sequence[tuple[list[str], str]], classes: Sequence[str], l2: float = 1e-3,
                iterations: int = 400, rate: float = 0.5) -> SoftmaxModel:
    """A multinomial logistic regression fitted to ``(features, class)`` examples.

    >>> examples = [(["bias"], "held"), (["bias", "سوف"], "planned")] * 2
    >>> fit_softmax(examples, ["held", "planned"]).predict(["bias", "سوف"])
    'planned'
    """
    targets = np.asarray([[float(label == c) for c in classes] for _, label in examples])
    names, weights = _fit(examples, targets, l2, iterations, rate)
    return SoftmaxModel(list(classes), {name: [float(x) for x in row] for name, row in zip(names, weights)})


# ----------------------------------------------------------------------------------------- training


@dataclass
class AnalysedArticle:
    """An annotated article after the build's stages before extraction, with its actor-key map."""

    article: GoldArticle
    document: Document
    mentions: list[Mention]
    keys: dict[str, str]


def analyse_split(articles: Sequence[GoldArticle], ner: str) -> tuple[list[AnalysedArticle], dict[str, Actor]]:
    """Build ``articles`` up to resolution with the ``ner`` back-end; map each document's actors to gold keys."""
    from kg.evaluate import build_corpus, gold_keys_of_actors, located_gold
    from kg.pipeline import BuildOptions

    result = build_corpus(articles, BuildOptions(ner=ner, validate=False, extractor="rules"))
    documents = {item.document.doc_id: item.document for item in result.documents}
    keys = gold_keys_of_actors(result.resolution.mentions, located_gold(articles, result))
    mentions: dict[str, list[Mention]] = {}
    for mention in result.resolution.mentions:
        mentions.setdefault(mention.doc_id, []).append(mention)
    analysed = [AnalysedArticle(a, documents[a.doc_id], mentions.get(a.doc_id, []), keys.get(a.doc_id, {}))
                for a in articles if a.doc_id in documents]
    return analysed, {actor.actor_id: actor for actor in result.resolution.actors}


def _candidates(analysed: Sequence[AnalysedArticle], actors: Mapping[str, Actor]) -> list[DocumentCandidates]:
    return [document_candidates(item.document, item.mentions, actors) for item in analysed]


def _score(analysed: Sequence[AnalysedArticle], candidates: Sequence[DocumentCandidates], actors: Mapping[str, Actor],
           extract: Callable[[DocumentCandidates], list[Interaction]]) -> dict:
    from kg.evaluate import score_corpus_interactions

    events = [e for found in candidates for e in extract(found)]
    return score_corpus_interactions(events, [item.article for item in analysed],
                                     {item.article.doc_id: item.keys for item in analysed}, actors)["all"]


#: The decision thresholds tried on the dev split (see :class:`kg.extract.learned.Thresholds`); 1.01 never.
THRESHOLD_GRID = {"new_trigger": (0.5, 0.7, 1.01), "kept_trigger": (0.0, 0.1, 0.2, 0.3),
                  "new_pair": (0.6, 0.7, 0.8), "kept_pair": (0.2, 0.3, 0.4)}


def train_extractor(corpus: GoldCorpus | None = None, ner: str = "project", limit: int | None = None,
                    l2_values: Iterable[float] = (1e-3, 1e-2, 3e-2), log: Callable[[str], None] = print) -> ExtractorModel:
    """Fit the extractor on the train split and choose its regularisation and thresholds by the dev split's
    F1 over every annotated event; ``limit`` takes only the first articles of each split (for a quick
    check). The figures of the rules alone and of the chosen setting are logged and kept in
    ``model.trained``."""
    corpus = corpus or load_corpus()
    train, train_actors = analyse_split(corpus.articles_of("train")[:limit], ner)
    dev, dev_actors = analyse_split(corpus.articles_of("dev")[:limit], ner)
    examples = TrainingExamples()
    for item, found in zip(train, _candidates(train, train_actors)):
        examples.extend(label_document(found, item.article, item.keys))
    log(f"train: {len(train)} articles, {len(examples.trigger)} triggers "
        f"({sum(label for _, label in examples.trigger)} report an event), {len(examples.pair)} pairs "
        f"({sum(label for _, label in examples.pair)} take part)")
    dev_candidates = _candidates(dev, dev_actors)
    rules = _score(dev, dev_candidates, dev_actors, lambda found: _finalise(found.reader))
    log(f"dev, rules alone: P {rules['precision']:.3f} R {rules['recall']:.3f} F1 {rules['f1']:.3f}")
    best: tuple[tuple, ExtractorModel, dict] | None = None
    for l2 in l2_values:
        fitted = ExtractorModel(fit_logistic(examples.trigger, l2), fit_logistic(examples.pair, l2),
                                fit_softmax(examples.status, STATUSES, l2))
        for values in itertools.product(*THRESHOLD_GRID.values()):
            thresholds = Thresholds(**dict(zip(THRESHOLD_GRID, values)))
            model = ExtractorModel(fitted.trigger, fitted.pair, fitted.status, thresholds)
            scores = _score(dev, dev_candidates, dev_actors, lambda found: decided_interactions(found, model))
            # among equal F1, the more precise setting; among equal both, the first tried
            rank = (scores["f1"], scores["precision"])
            if best is None or rank > best[0]:
                best = (rank, model, {"l2": l2, **asdict(thresholds), **scores})
        log(f"l2 {l2}: best dev F1 so far {best[0][0]:.3f}")
    _, model, chosen = best
    model.trained = {"ner": ner, "train_articles": len(train), "dev_articles": len(dev), "dev_chosen": chosen,
                     "dev_rules_alone": rules, "examples": {"trigger": len(examples.trigger),
                                                            "pair": len(examples.pair), "status": len(examples.status)}}
    return model


def save_model(model: ExtractorModel, path=MODEL_PATH) -> None:
    """Write ``model`` as deterministic JSON (see :meth:`ExtractorModel.to_json`)."""
    from kg.atomic import atomic_write_text

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, model.to_json())
