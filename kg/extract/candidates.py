"""Candidates for the learned extractor: every trigger of a meeting, call or visit, and, for each, every
actor that may take part (the sentence's mentions and references without a name, and whoever the rules
chose), each with the features the classifiers of :mod:`kg.extract.learned` read.

Features are plain strings (``side=after&prev=مع``): what the rules decided is one of them, so the model
learns when to trust the rules and when the words around a candidate say otherwise.

>>> from kg.model import Actor, Document, Mention, Sentence
>>> text = "استقبل الملك سلمان السفير جون وست في جدة اليوم."
>>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)], date="2015-08-01")
>>> actors = {"salman": Actor("salman", "PER", "سلمان", "Salman"), "west": Actor("west", "PER", "جون وست", "John West"),
...           "jeddah": Actor("jeddah", "GPE", "جدة", "Jeddah")}
>>> mentions = [Mention("d", 0, text.index(n), text.index(n) + len(n), n, t, "dictionary", actor_id=a)
...             for n, a, t in (("سلمان", "salman", "PER"), ("جون وست", "west", "PER"), ("جدة", "jeddah", "GPE"))]
>>> [(t.rule.type, [p.actor for p in t.pairs]) for t in document_candidates(doc, mentions, actors).triggers]
[('host-visit', ['salman', 'west', 'jeddah'])]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.corpus import EVENT_TYPES
from kg.extract.cues import _CLAUSE_BREAK, _TOPIC_MARKER
from kg.extract.participants import PARTICIPANT_TYPES, _Arg, _DocumentReader, _Draft
from kg.extract.rules import _is_place_arg, read_drafts
from kg.extract.status import _CANCELLED, _PLANNED
from kg.extract.text import _START, _fold_text
from kg.extract.triggers import _NEGATION, _not_an_event, _TriggerRule
from kg.model import Actor, Document, Mention, Sentence

__all__ = ["LEARNED_TYPES", "DocumentCandidates", "PairCandidate", "TriggerCandidate", "document_candidates"]

#: Interaction types the learned extractor decides, those the corpus annotates; the rules keep the others
#: (warn, urge, demand, ...).
LEARNED_TYPES = EVENT_TYPES
_ATTENDING = re.compile(_START + r"(?:[وف])?(?:ب)?" + _fold_text("حضور"))
_SHARING = re.compile(_START + r"(?:[وف])?(?:ب)?" + _fold_text("مشاركة"))
_WORD = re.compile(r"[\u0621-\u064a]+")


@dataclass
class PairCandidate:
    """One actor that may take part in the event of a trigger, with its features."""

    actor: str
    arg: _Arg | None
    features: list[str]


@dataclass
class TriggerCandidate:
    """One trigger (folded offsets ``start``-``end`` in ``sentence``) with the rules' draft for it, if
    any, its features and status features, and its pair candidates."""

    sentence: Sentence
    start: int
    end: int
    rule: _TriggerRule
    draft: _Draft | None
    features: list[str]
    status_features: list[str]
    pairs: list[PairCandidate] = field(default_factory=list)


@dataclass
class DocumentCandidates:
    """The reader of one document, the rules' drafts (every type), and its trigger candidates."""

    reader: _DocumentReader
    drafts: list[_Draft]
    triggers: list[TriggerCandidate]


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n <= 6 else "7-12" if n <= 12 else "13+"


def _stem(word: str) -> str:
    """A word without its و/ف clitic and, past five letters, its tail: enough to tell cue words apart."""
    word = word[1:] if len(word) > 3 and word[0] in "وف" else word
    return word[:5]


def document_candidates(document: Document, mentions: list[Mention], actors: Mapping[str, Actor]) -> DocumentCandidates:
    """Read ``document`` with the rules, then list every trigger of :data:`LEARNED_TYPES` with its candidates."""
    reader = _DocumentReader(document, mentions, actors)
    drafts = list(read_drafts(reader))
    by_trigger = {(d.sentence, d.trigger): d for d in drafts}
    triggers = []
    previous_people: list[_Arg] = []
    for sentence in document.sentences:
        if reader._skipped(sentence):
            continue
        s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
        if not reader.trigger_offsets(s_start, s_end):
            previous_people = []
            continue
        args = [a for a in reader.args(sentence) if a.type in PARTICIPANT_TYPES]
        for t_start, t_end, rule in reader.triggers(s_start, s_end, args):
            if rule.type not in LEARNED_TYPES:
                continue
            draft = by_trigger.get((sentence.index, t_start))
            word = (reader.folded.text[t_start:t_end].split() or [""])[0]
            candidate = TriggerCandidate(sentence, t_start, t_end, rule, draft,
                                         _trigger_features(reader, sentence, t_start, t_end, word, rule, draft, args),
                                         _status_features(reader, sentence, t_start, t_end, word, draft))
            candidate.pairs = _pairs(reader, sentence, t_start, t_end, rule, draft, args, previous_people)
            triggers.append(candidate)
        previous_people = [a for a in args if a.type == "PER" and a.source == "mention"]
    return DocumentCandidates(reader, drafts, triggers)


def _trigger_features(reader: _DocumentReader, sentence: Sentence, t_start: int, t_end: int, word: str,
                      rule: _TriggerRule, draft: _Draft | None, args: list[_Arg]) -> list[str]:
    text = reader.folded.text
    s_start = reader.folded.position[sentence.start]
    before = _words(text[max(s_start, t_start - 40):t_start])[-2:]
    after = _words(text[t_end:t_end + 40])[:2]
    people_after = sum(1 for a in args if a.type == "PER" and a.start >= t_end)
    people_before = sum(1 for a in args if a.type == "PER" and a.end <= t_start)
    features = [f"rule={rule.name}", f"word={_stem(word)}", f"rule_event={draft is not None}",
                f"people_after={_bucket(people_after)}", f"people_before={_bucket(people_before)}",
                f"people_after={_bucket(people_after)}&{rule.name}", f"people_before={_bucket(people_before)}&{rule.name}",
                f"first_sentence={sentence.index == 0}", f"args={_bucket(len(args))}",
                f"people={_bucket(sum(a.type == 'PER' for a in args))}",
                f"negated={bool(_NEGATION.search(text, max(s_start, t_start - 6), t_start))}",
                f"idiom={_not_an_event(text, t_start, t_end)}",
                f"definite={bool(re.match(r'(?:[وفبل])?(?:ال|لل)', word))}"]
    features += [f"prev{i}={_stem(w)}" for i, w in enumerate(reversed(before))]
    features += [f"next{i}={_stem(w)}" for i, w in enumerate(after)]
    if draft is not None:
        features += [f"rule_event&rule={rule.name}", f"rule_parties={_bucket(len(set(draft.participants)))}",
                     f"rule_generic={draft.generic}"]
    return features


def _status_features(reader: _DocumentReader, sentence: Sentence, t_start: int, t_end: int, word: str,
                     draft: _Draft | None) -> list[str]:
    text = reader.folded.text
    s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
    window = text[max(s_start, t_start - 60):min(s_end, t_end + 60)]
    features = [f"rule_status={draft.status if draft else 'none'}",
                f"planned_cue={bool(_PLANNED.search(window))}", f"cancelled_cue={bool(_CANCELLED.search(window))}",
                f"future_prefix={bool(re.match(r'(?:[وف])?س[يتن]', word))}",
                f"imperfect={bool(re.match(r'(?:[وف])?[يتن]', word)) and not word.startswith('ت' + 'ل')}"]
    reference = reader.document.date
    if draft is not None and draft.date and reference:
        day = draft.date.iso
        when = "future" if day > reference[:len(day)] else "same" if reference.startswith(day) else "past"
        features.append(f"date={when}")
    features += [f"w={_stem(w)}" for w in _words(text[max(s_start, t_start - 40):t_start])[-4:]]
    features += [f"a={_stem(w)}" for w in _words(text[t_end:min(s_end, t_end + 30)])[:3]]
    return features


def _pairs(reader: _DocumentReader, sentence: Sentence, t_start: int, t_end: int, rule: _TriggerRule,
           draft: _Draft | None, args: list[_Arg], previous_people: list[_Arg]) -> list[PairCandidate]:
    """One candidate per actor (its nearest arg), plus the people of the sentence before and the rules'
    participants that no arg of the sentence gives (an earlier subject, a pronoun)."""
    text = reader.folded.text
    s_start = reader.folded.position[sentence.start]
    chosen = set(draft.participants) if draft else set()
    nearest: dict[str, tuple[int, _Arg, bool]] = {}
    for arg, earlier in [*((a, False) for a in args), *((a, True) for a in previous_people)]:
        for actor_id in arg.actors:
            actor = reader._state_of(actor_id)
            distance = abs((arg.start + arg.end) // 2 - t_start) + (10_000 if earlier else 0)
            if actor not in nearest or distance < nearest[actor][0]:
                nearest[actor] = (distance, arg, earlier)
    people = sum(1 for _, arg, earlier in nearest.values() if arg.type == "PER" and not earlier)
    pairs = []
    for actor, (_, arg, earlier) in sorted(nearest.items(), key=lambda item: (item[1][1].start, item[0])):
        features = _pair_features(reader, text, s_start, t_start, t_end, rule, arg, earlier, people)
        following = next((a for a in args if a.start >= arg.end), None)
        if following is not None and following.type == "PER" and arg.type != "PER":
            # رئيس هيئة المواصفات سعد القصبي: an organisation or state inside the title of the person after it
            gap = text[arg.end:following.start]
            features.append(f"title_of_person={len(_words(gap)) <= 3 and not _CLAUSE_BREAK.search(gap)}")
        features += [f"in_rule={actor in chosen}", f"in_rule&rule={actor in chosen}&{rule.name}"]
        if draft is not None and draft.place == actor:
            features.append("rule_place")
        pairs.append(PairCandidate(actor, arg, features))
    for actor in sorted(chosen - set(nearest)):
        pairs.append(PairCandidate(actor, None, ["bias", "source=rule-only", f"rule={rule.name}", "in_rule=True",
                                                 f"ctype={reader.actors[actor].type}"]))
    return pairs


def _pair_features(reader: _DocumentReader, text: str, s_start: int, t_start: int, t_end: int, rule: _TriggerRule,
                   arg: _Arg, earlier: bool, people: int) -> list[str]:
    side = "prev_sentence" if earlier else "before" if arg.end <= t_start else "after"
    gap = text[arg.end:t_start] if arg.end <= t_start else text[t_end:arg.start]
    gap_words = _words(gap)
    prev = _words(text[max(s_start, arg.start - 30):arg.start])[-1:] or ["^"]
    following = _words(text[arg.end:arg.end + 30])[:1] or ["$"]
    lead = text[max(s_start, arg.start - 60):arg.start]
    features = ["bias", f"rule={rule.name}", f"type={rule.type}", f"side={side}", f"source={arg.source}",
                f"ctype={arg.type}", f"prefix={arg.prefix}", f"dist={_bucket(len(gap_words))}&{side}",
                f"prev={_stem(prev[0])}", f"prev={_stem(prev[0])}&{side}", f"cnext={_stem(following[0])}",
                f"break={bool(_CLAUSE_BREAK.search(gap))}&{side}", f"topic_between={bool(_TOPIC_MARKER.search(gap))}",
                f"attending={bool(_ATTENDING.search(lead))}", f"sharing={bool(_SHARING.search(lead))}",
                f"place={_is_place_arg(reader, text, arg)}", f"gpe_with_people={arg.type == 'GPE' and people >= 2}",
                f"ctype={arg.type}&{rule.type}&{side}"]
    features += [f"gap={_stem(w)}" for w in gap_words[:3]]
    return features
