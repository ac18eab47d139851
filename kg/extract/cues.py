"""Cue words the extractor reads around a trigger (clause breaks, topic markers, attributions, relational
nouns, prepositions), compiled from ``ontology/extraction.toml``.
"""

from __future__ import annotations

import re

from kg.extract.text import _END, _START, _fold_text, _pattern

#: Words that start a new clause: a participant on the other side belongs to another clause.
_CLAUSE_BREAK = re.compile(_START + _pattern("أن", "إن", "بأن", "بأنه", "أنه", "إنه", "لأن", "فقد", "حيث",
                                             "الذي", "التي", "الذين", "عندما", "بينما", "بعدما", "فيما",
                                             "لكن", "ولكن", "إلا", "كما") + _END + r"|[:.!؟?]")
#: Words after which the object of a discussion (the topic) begins.
_TOPIC_MARKER = re.compile(_START + r"(?:[وف])?" + _pattern(
    "لبحث", "لمناقشة", "بحث", "ناقش", "ناقشا", "ناقشت", "ناقشنا", "ناقشوا", "بشأن", "حول", "تناول", "تناولت",
    "تطرق", "تطرقت", "لمواصلة المناقشات", "لدرس", "لدراسة", "لاقناع", "للاستماع", "لتنسيق", "يتعلق") + _END)
#: A source named as attribution (بحسب البيت الأبيض) is not a participant.
_ATTRIBUTION = re.compile(_pattern("بحسب", "حسب", "وفقا ل", "وفقا", "وفق", "نقلا عن", "ذكر", "ذكرت",
                                   "لوكالة", "لموقع", "لصحيفة", "موقع", "وكالة", "صحيفة", "شبكة", "قناة")
                         + r"\s*[«\"“]?\s*$")
#: Relational nouns: the actor after them is part of another actor's title (كبير مستشاري الرئيس بايدن).
_RELATIONAL = re.compile(_pattern("مستشار", "مستشاري", "مستشارة", "مساعد", "نائب", "مبعوث", "المقرب من",
                                  "مقرب من", "مقربا من", "إدارة", "حكومة", "المتحدث باسم", "الناطق باسم",
                                  "زوجة", "مكتب", "قوات", "جيش", "الأمين العام ل")
                         + _fold_text(r"(?:\s+(?:ال)?(?:رئيس|وزراء|الوزراء|الحكومة|الامين|العام))*\s*$"))
_PREPOSITION = re.compile(_START + r"(?:[وف])?" + _pattern("في", "إلى", "الى", "على", "عن", "ضد", "من", "منذ",
                                                          "خلال", "بعد", "قبل", "عبر", "لدى", "نحو") + _END)
_RADICAL_WAW = {_fold_text(w) for w in ("وزير", "وزيرة", "وزراء", "وزارة", "وفد", "وكالة", "وكيل", "والي",
                                        "وسيط", "وحدة", "ولي", "وفق", "وفقا", "ووفقا", "وقف", "وصل", "وصول")}

def _clause_start(text: str, sentence_start: int, trigger: int) -> int:
    start = sentence_start
    for match in _CLAUSE_BREAK.finditer(text, sentence_start, trigger):
        start = match.end()
    return start


def _clause_end(text: str, after: int, sentence_end: int) -> int:
    breaks = [m.start() for m in (_CLAUSE_BREAK.search(text, after, sentence_end),
                                  _TOPIC_MARKER.search(text, after, sentence_end)) if m]
    return min(breaks, default=sentence_end)
