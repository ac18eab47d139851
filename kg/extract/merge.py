"""Drafts into events: one event per real interaction in a document, then across documents
(:func:`merge_interactions`), with stable event ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from kg.extract.dates import DateValue, _compatible, _more_precise
from kg.extract.participants import _DocumentReader, _Draft
from kg.extract.vocabulary import Vocabulary, load_vocabulary
from kg.model import Evidence, Interaction

# ------------------------------------------------------------------------------------------- events


def _drop_represented_states(reader: _DocumentReader, participants: list[str]) -> list[str]:
    """With two or more people taking part, the states are represented by them: keep the people."""
    people = [p for p in participants if reader.actors[p].type == "PER"]
    if len(people) >= 2:
        return [p for p in participants if reader.actors[p].type != "GPE"]
    return participants


def _finalise(reader: _DocumentReader) -> list[Interaction]:
    """Turn the drafts of one document into events: people stand for their states, a bare discussion joins
    the specific event it describes, and reports of one event (same family, participants, status, and a
    compatible date) become one."""
    types = reader.vocabulary.types
    drafts = []
    for draft in reader.drafts:
        draft.participants = _drop_represented_states(reader, list(dict.fromkeys(draft.participants)))
        if len(draft.participants) >= 2:
            drafts.append(draft)
    # زار X الرياض والتقى Y / زيارة ...، حيث التقى Y: the meeting is the visit itself
    drafts = [d for d in drafts if not (types[d.type].family == "meeting" and any(
        types[v.type].family == "visit" and v.sentence == d.sentence
        and set(v.participants) == set(d.participants) for v in drafts))]
    specific = [d for d in drafts if not d.generic and not d.sides_only]
    groups: list[list[_Draft]] = []
    for draft in drafts:
        if draft.generic or draft.sides_only:
            # "the two delegations' talks" are the talks of the people named for them
            host = min((d for d in specific if (set(draft.participants) <= set(d.participants) or draft.sides_only
                                                and types[d.type].family == types[draft.type].family)
                        and d.status == draft.status
                        and _compatible(*(x.date.iso if x.date else None for x in (d, draft)))),
                       key=lambda d: abs(d.sentence - draft.sentence), default=None)
            if host is not None:
                draft.type = host.type
                draft.participants = list(host.participants)
        for group in groups:
            head = group[0]
            if types[head.type].family == types[draft.type].family and head.status == draft.status \
                    and set(head.participants) == set(draft.participants) \
                    and all(_compatible(d.date.iso if d.date else None, draft.date.iso if draft.date else None)
                            for d in group):
                group.append(draft)
                break
        else:
            groups.append([draft])
    return sorted((_event(group, reader.vocabulary) for group in groups), key=lambda e: e.event_id)


def _event(group: list[_Draft], vocabulary: Vocabulary) -> Interaction:
    types = vocabulary.types
    specific = [d for d in group if not d.generic] or group
    # a narrower type (negotiation, host-visit) says more than its family's top type
    type_ = max((d.type for d in specific), key=lambda t: (types[t].family != t, t))
    date = None
    for draft in group:
        date = _more_precise(date, draft.date)
    phrases = list(dict.fromkeys(p for d in group for p in d.topic_phrases))
    topics = sorted({t for p in phrases for t in vocabulary.topics_of(p)})
    evidence = _one_per_sentence(e for d in group for e in d.evidence)
    return _interaction(
        type_=type_, status=group[0].status, participants=list(dict.fromkeys(p for d in group for p in d.participants)),
        evidence=evidence, vocabulary=vocabulary,
        initiator=next((d.initiator for d in specific if d.initiator), None),
        date=date, place=next((d.place for d in specific if d.place), None), topics=topics, topic_phrases=phrases)


def _one_per_sentence(evidence: Iterable[Evidence]) -> list[Evidence]:
    """The evidence in document and sentence order, one per sentence: the rule with the highest confidence."""
    best: dict[tuple[str, int], Evidence] = {}
    for item in sorted(evidence, key=lambda e: (-e.confidence, e.rule)):
        best.setdefault((item.doc_id, item.sentence), item)
    return [best[key] for key in sorted(best)]


def _interaction(type_: str, status: str, participants: list[str], evidence: list[Evidence], vocabulary: Vocabulary,
                 initiator: str | None, date: DateValue | None, place: str | None, topics: list[str],
                 topic_phrases: list[str]) -> Interaction:
    family = vocabulary.types[type_].family
    cameo = "036" if status == "planned" and family in ("meeting", "call", "visit") else vocabulary.types[type_].cameo
    return Interaction(
        event_id=event_id(family, participants, status, date.iso if date else None, evidence[0].doc_id),
        type=type_, cameo=cameo, status=status, participants=participants, evidence=evidence,
        initiator=initiator, date=date.iso if date else None, date_precision=date.precision if date else None,
        place=place, topics=topics, topic_phrases=topic_phrases)


def event_id(family: str, participants: Iterable[str], status: str, date: str | None, first_doc: str) -> str:
    """A short, stable event id: a hash of the type family, the sorted participants, the status and the date
    (the first reporting document when the date is unknown).

    >>> event_id("call", ["lloyd-austin", "yoav-gallant"], "held", "2023-11-11", "003")
    'e-call-dc135c60ea66'
    """
    key = "|".join([family, ",".join(sorted(participants)), status, date or f"doc:{first_doc}"])
    return f"e-{family}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


def merge_interactions(interactions: Iterable[Interaction]) -> list[Interaction]:
    """One event per real interaction across documents, sorted by ``event_id``. Two events merge when their
    type family, participant set and status are the same and both dates are known and compatible
    (2024-10-09 with 2024-10 or 2024-W41); an undated event merges only within its own document (done by
    :func:`extract_interactions`), as two undated calls between the same ministers are often two calls.
    The merged event keeps every piece of evidence, the most precise date and the most specific type.

    >>> from kg.model import Evidence, Interaction
    >>> a = Interaction("a", "call", "041", "held", ["x", "y"], [Evidence("d1", 0, 0, 5, "...", "call-noun", 0.9)],
    ...                 date="2024-10-09", date_precision="day")
    >>> b = Interaction("b", "call", "041", "held", ["y", "x"], [Evidence("d2", 3, 9, 20, "...", "call-verb", 0.9)],
    ...                 date="2024-10", date_precision="month")
    >>> [(e.date, [ev.doc_id for ev in e.evidence]) for e in merge_interactions([b, a])]
    [('2024-10-09', ['d1', 'd2'])]
    """
    vocabulary = load_vocabulary()
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    ordered = sorted(interactions, key=lambda e: (order.get(e.date_precision or "", 4), e.date or "", e.event_id,
                                                   [(v.doc_id, v.sentence) for v in e.evidence]))
    groups: list[list[Interaction]] = []
    # Only groups of the same type family, status and participants can take an event: looking up just
    # those keeps merging linear in the size of an archive.
    candidates: dict[tuple, list[list[Interaction]]] = {}
    for event in ordered:
        same = candidates.setdefault(
            (vocabulary.types[event.type].family, event.status, frozenset(event.participants)), [])
        for group in same:
            if group[0].date and event.date and all(_compatible(e.date, event.date) for e in group):
                group.append(event)
                break
        else:
            groups.append([event])
            same.append(groups[-1])
    merged = []
    for group in groups:
        if len(group) == 1:
            merged.append(group[0])
            continue
        types = [e.type for e in group]
        type_ = max(types, key=lambda t: (vocabulary.types[t].family != t, t))
        phrases = list(dict.fromkeys(p for e in group for p in e.topic_phrases))
        merged.append(_interaction(
            type_=type_, status=group[0].status,
            participants=list(dict.fromkeys(p for e in group for p in e.participants)),
            evidence=_one_per_sentence(v for e in group for v in e.evidence),
            vocabulary=vocabulary, initiator=next((e.initiator for e in group if e.initiator), None),
            date=DateValue(group[0].date, group[0].date_precision) if group[0].date else None,
            place=next((e.place for e in group if e.place), None),
            topics=sorted({t for e in group for t in e.topics}), topic_phrases=phrases))
    return sorted(merged, key=lambda e: e.event_id)
