"""The learned extractor: classifiers trained on the annotated SaudiNewsNet articles decide what the rules
propose.

For every trigger of a meeting, call or visit (:mod:`kg.extract.candidates`) three small models decide:
whether it reports an interaction (``trigger``), which candidate actors take part (``pair``, one decision
per trigger and actor) and its status (``status``: held, planned or cancelled). They are logistic
regressions over string features, weights kept as readable JSON in ``kg/models/extractor/model.json``
(trained by :mod:`kg.extract.train`). Dates, places, topics and the types the annotation does not cover
(warn, urge, demand, ...) come from the rules.

>>> model = LogisticModel({"bias": -1.0, "in_rule=True": 3.0})
>>> round(model.probability(["bias", "in_rule=True"]), 3), round(model.probability(["bias"]), 3)
(0.881, 0.269)
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from kg.errors import KgError
from kg.extract.candidates import (
    LEARNED_TYPES,
    DocumentCandidates,
    TriggerCandidate,
    document_candidates,
)
from kg.extract.dates import _date
from kg.extract.merge import _finalise
from kg.extract.participants import _DocumentReader, _Draft
from kg.extract.rules import _evidence, _place, _topic_phrase
from kg.model import Actor, Document, Interaction, Mention

__all__ = ["MODEL_PATH", "ExtractorModel", "LogisticModel", "SoftmaxModel", "Thresholds", "decide",
           "decided_interactions", "extract_interactions", "load_model"]

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "extractor" / "model.json"


class ModelMissing(KgError):
    """The learned extractor's weights are not where they should be."""


@dataclass
class LogisticModel:
    """A binary logistic regression over string features (absent features weigh nothing)."""

    weights: dict[str, float]

    def probability(self, features: Sequence[str]) -> float:
        """The probability of the positive class."""
        total = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


@dataclass
class SoftmaxModel:
    """A multinomial logistic regression over string features: one weight per class and feature.

    >>> model = SoftmaxModel(["held", "planned"], {"bias": [1.0, 0.0], "cue": [0.0, 3.0]})
    >>> model.predict(["bias"]), model.predict(["bias", "cue"])
    ('held', 'planned')
    """

    classes: list[str]
    weights: dict[str, list[float]]

    def probabilities(self, features: Sequence[str]) -> list[float]:
        totals = [0.0] * len(self.classes)
        for feature in features:
            for index, weight in enumerate(self.weights.get(feature, ())):
                totals[index] += weight
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        return [e / sum(exps) for e in exps]

    def predict(self, features: Sequence[str]) -> str:
        scores = self.probabilities(features)
        return self.classes[max(range(len(scores)), key=lambda i: (scores[i], -i))]


@dataclass(frozen=True)
class Thresholds:
    """Where the classifiers' probabilities turn into decisions. The rules' choices are the starting point:
    a trigger the rules made an event of is kept unless its probability falls below ``kept_trigger``; one
    they did not is taken from ``new_trigger`` up; a participant they chose is kept from ``kept_pair`` up,
    and one they did not is added from ``new_pair`` up."""

    new_trigger: float = 0.7
    kept_trigger: float = 0.2
    new_pair: float = 0.8
    kept_pair: float = 0.3


@dataclass
class ExtractorModel:
    """The three classifiers, their decision thresholds, and how they were trained."""

    trigger: LogisticModel
    pair: LogisticModel
    status: SoftmaxModel
    thresholds: Thresholds = field(default_factory=lambda: Thresholds())
    trained: dict = field(default_factory=dict)

    def to_json(self) -> str:
        """Deterministic JSON: sorted keys, weights rounded to six decimals, zero weights left out."""
        def rounded(weights: Mapping[str, float]) -> dict:
            return {k: round(v, 6) for k, v in sorted(weights.items()) if round(v, 6) != 0.0}
        record = {
            "trained": self.trained,
            "thresholds": asdict(self.thresholds),
            "trigger": rounded(self.trigger.weights),
            "pair": rounded(self.pair.weights),
            "status": {"classes": self.status.classes,
                       "weights": {k: [round(x, 6) for x in v] for k, v in sorted(self.status.weights.items())
                                   if any(round(x, 6) for x in v)}},
        }
        return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ExtractorModel:
        record = json.loads(text)
        return cls(LogisticModel(record["trigger"]), LogisticModel(record["pair"]),
                   SoftmaxModel(record["status"]["classes"], record["status"]["weights"]),
                   Thresholds(**record["thresholds"]), record.get("trained", {}))


@lru_cache(maxsize=4)
def load_model(path: str | Path = MODEL_PATH) -> ExtractorModel:
    """The extractor model at ``path`` (the shipped one by default), read once per process.

    >>> load_model().status.classes
    ['cancelled', 'held', 'planned']
    """
    try:
        return ExtractorModel.from_json(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ModelMissing(f"no extractor model at {path}: train one with `kg extract train`") from error


def extract_interactions(document: Document, mentions: list[Mention], actors: Mapping[str, Actor],
                         model: ExtractorModel | None = None) -> list[Interaction]:
    """The interactions ``document`` reports, decided by ``model`` (the shipped one by default); same input
    and output as :func:`kg.extract.rules.extract_interactions`.

    >>> from kg.model import Actor, Document, Mention, Sentence
    >>> text = "أجرى الرئيس جو بايدن اتصالا هاتفيا مع بنيامين نتنياهو أمس."
    >>> doc = Document("d1", "d1.txt", text, [Sentence(0, 0, len(text), text)], date="2024-07-26")
    >>> actors = {"biden": Actor("biden", "PER", "جو بايدن", "Joe Biden"),
    ...           "netanyahu": Actor("netanyahu", "PER", "بنيامين نتنياهو", "Benjamin Netanyahu")}
    >>> mentions = [Mention("d1", 0, text.index(n), text.index(n) + len(n), n, "PER", "dictionary", actor_id=a)
    ...             for n, a in (("جو بايدن", "biden"), ("بنيامين نتنياهو", "netanyahu"))]
    >>> [(e.type, e.status, e.participants, e.date) for e in extract_interactions(doc, mentions, actors)]
    [('call', 'held', ['biden', 'netanyahu'], '2024-07-25')]
    """
    return decided_interactions(document_candidates(document, mentions, actors), model or load_model())


def decided_interactions(candidates: DocumentCandidates, model: ExtractorModel) -> list[Interaction]:
    """The events of one document's candidates as ``model`` decides them; the rules' drafts of the types it
    does not decide are kept as they are (copied: the candidates can be decided again)."""
    reader = candidates.reader
    drafts = [replace(d) for d in candidates.drafts if d.type not in LEARNED_TYPES]
    drafts += [d for d in (decide(reader, t, model) for t in candidates.triggers) if d is not None]
    reader.drafts = sorted(drafts, key=lambda d: (d.sentence, d.trigger))
    return _finalise(reader)


def decide(reader: _DocumentReader, trigger: TriggerCandidate, model: ExtractorModel) -> _Draft | None:
    """The draft event of one trigger candidate, or ``None`` when the model says it reports none (see
    :class:`Thresholds` for how the rules' choices and the probabilities combine)."""
    thresholds = model.thresholds
    rules_draft = trigger.draft
    confidence = model.trigger.probability(trigger.features)
    if confidence < (thresholds.kept_trigger if rules_draft is not None else thresholds.new_trigger):
        return None
    chosen = set(rules_draft.participants) if rules_draft else set()
    scored = [(model.pair.probability(p.features), p) for p in trigger.pairs]
    participants = {p.actor for score, p in scored
                    if score >= (thresholds.kept_pair if p.actor in chosen else thresholds.new_pair)}
    if len(participants) < 2:
        return None
    status = model.status.predict(trigger.status_features)
    sentence, rule = trigger.sentence, trigger.rule
    ordered = [p.actor for _, p in sorted(((p.arg.start if p.arg else trigger.start, p.actor), p)
                                           for _, p in scored if p.actor in participants)]
    draft = _Draft(rules_draft.type if rules_draft else rule.type, "learned:" + rule.name, status, sentence.index,
                   trigger.start, list(dict.fromkeys(ordered)), confidence=round(confidence, 3))
    if rules_draft is not None:
        draft.initiator = rules_draft.initiator if rules_draft.initiator in participants else None
        draft.date, draft.place = rules_draft.date, rules_draft.place
        draft.topic_phrases = list(rules_draft.topic_phrases)
    else:
        s_end = reader.folded.position[sentence.end]
        args = [p.arg for p in trigger.pairs if p.arg is not None]
        draft.place = _place(reader, args, rule, trigger.start, trigger.end, s_end, [])[0]
        draft.date = _date(reader, sentence, trigger.start, status == "planned")
        phrase = _topic_phrase(reader, sentence, trigger.end, rule)
        draft.topic_phrases = [phrase] if phrase else []
    draft.evidence = [_evidence(reader, sentence, draft), *(rules_draft.evidence[1:] if rules_draft else ())]
    return draft
