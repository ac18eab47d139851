"""Cue words the extractor reads around a trigger (clause breaks, topic markers, attributions, relational
nouns, prepositions), compiled from ``ontology/extraction.toml``.
"""

from __future__ import annotations

import re

from kg.extract.lexicon import cue_words
from kg.extract.text import _END, _START, _fold_text, _pattern

#: Words that start a new clause: a participant on the other side belongs to another clause.
_CLAUSE_BREAK = re.compile(_START + _pattern(*cue_words("clause_breaks")) + _END + r"|[:.!؟?]")
#: Words after which the object of a discussion (the topic) begins.
_TOPIC_MARKER = re.compile(_START + r"(?:[وف])?" + _pattern(*cue_words("topic_markers")) + _END)
#: A source named as attribution (بحسب البيت الأبيض) is not a participant.
_ATTRIBUTION = re.compile(_pattern(*cue_words("attributions")) + r"\s*[«\"“]?\s*$")
#: Relational nouns: the actor after them is part of another actor's title (كبير مستشاري الرئيس بايدن).
_RELATIONAL = re.compile(_pattern(*cue_words("relational_nouns"))
                         + _fold_text(r"(?:\s+(?:ال)?(?:رئيس|وزراء|الوزراء|الحكومة|الامين|العام))*\s*$"))
_PREPOSITION = re.compile(_START + r"(?:[وف])?" + _pattern(*cue_words("prepositions")) + _END)
_RADICAL_WAW = {_fold_text(w) for w in cue_words("radical_waw")}


def _clause_start(text: str, sentence_start: int, trigger: int) -> int:
    start = sentence_start
    for match in _CLAUSE_BREAK.finditer(text, sentence_start, trigger):
        start = match.end()
    return start


def _clause_end(text: str, after: int, sentence_end: int) -> int:
    breaks = [m.start() for m in (_CLAUSE_BREAK.search(text, after, sentence_end),
                                  _TOPIC_MARKER.search(text, after, sentence_end)) if m]
    return min(breaks, default=sentence_end)
