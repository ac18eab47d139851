"""Triggers: the words that report an interaction (التقى، اتصال، زيارة ...), compiled from
``ontology/extraction.toml``, and where they start in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.lexicon import cue_words, load_lexicon
from kg.extract.text import _END, _START, _W, _fold_text, _pattern

if TYPE_CHECKING:  # annotations only: the reader module imports this one
    from kg.extract.participants import _Arg


@dataclass(frozen=True)
class _TriggerRule:
    """A trigger: ``kind`` is ``verb`` (a clause with subject and object), ``noun`` (an event noun, its
    participants around it) or ``discuss`` (X and Y discussed: a meeting of some kind)."""

    name: str
    type: str
    kind: str
    regex: re.Pattern


def _rule(name: str, type_: str, kind: str, body: str) -> _TriggerRule:
    return _TriggerRule(name, type_, kind, re.compile(_START + _fold_text(body) + _END))


_CLITIC = r"(?:[وف])?"
#: Placeholders of the lexicon's trigger patterns.
_PLACEHOLDERS = {"<clitic>": _CLITIC, "<letter>": _W}
_TRIGGERS = tuple(
    _rule(rule["name"], rule["type"], rule["kind"],
          re.sub("|".join(map(re.escape, _PLACEHOLDERS)), lambda m: _PLACEHOLDERS[m.group()], rule["pattern"]))
    for rule in load_lexicon()["triggers"])
#: Where a trigger may start: a zero-width match at (at least) every offset where some rule matches. One scan
#: with it finds the few offsets worth trying the rules at, about three times faster than a scan per rule.
#: The start and the clitic the rules begin with are taken out of the alternation: the scan is faster, and
#: the rules' matches are kept even for a rule that begins otherwise (its whole pattern is an alternative).
_ANY_TRIGGER = re.compile(_START + "(?=" + _CLITIC + "(?:" + "|".join(
    f"(?:{rule.regex.pattern.removeprefix(_START + _CLITIC)})" for rule in _TRIGGERS) + "))")
_MINISTRY = re.compile(r"(?:[وفبل]|ال|لل)?(?:ال)?وزار(?:ه|ات|تي|ته|تها)$")


def _triggers(start: int, segment: str, args: Sequence[_Arg],
              offsets: Sequence[int]) -> list[tuple[int, int, _TriggerRule]]:
    """Trigger matches in ``segment``, the folded text from offset ``start`` on, given the offsets in it where
    a trigger may start (:data:`_ANY_TRIGGER`): the earliest rule wins where two overlap; a word of a name
    (``args``) is never a trigger (فيصل is not ف + يصل)."""
    found: list[tuple[int, int, _TriggerRule]] = []
    for rule in _TRIGGERS if offsets else ():
        for match in _matches_at(rule.regex, segment, offsets):
            if _MINISTRY.match(match.group()):
                continue  # وزارة (a ministry), not و+زاره (and he visited him)
            a, b = start + match.start(), start + match.end()
            if any(x.source == "mention" and x.start < b and a < x.end for x in args):
                continue
            if not any(x < b and a < y for x, y, _ in found):
                found.append((a, b, rule))
    return sorted(found, key=lambda t: t[0])


def _matches_at(regex: re.Pattern, text: str, offsets: Iterable[int]) -> Iterator[re.Match]:
    """What ``regex.finditer(text)`` finds (``regex`` never matching empty), given in order every offset where
    it may match: the match at each offset from the end of the previous match on."""
    resume = 0
    for offset in offsets:
        if offset >= resume and (match := regex.match(text, offset)):
            resume = match.end()
            yield match


_CALL, _CALLS = _fold_text("اتصال"), _fold_text("اتصالات")
_NEGATION = re.compile(_START + r"(?:[وف])?" + _pattern(*cue_words("negations")) + r"\s+$")


def _not_an_event(text: str, start: int, end: int) -> bool:
    """Idioms that use a trigger word without an event: البقاء على اتصال، خط اتصال، وسائل الاتصال."""
    if _CALL not in text[start:end]:
        return False
    before = text[max(0, start - 12):start]
    return bool(re.search(_START + _pattern("على", "خط", "وسائل", "قنوات", "قناة") + r"\s*$", before))
