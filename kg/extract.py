"""Interaction extraction: who met, called, visited, urged, warned or fought whom, when, where, about what.

Rules over one document at a time. Each sentence is searched for *triggers* (a verb such as التقى، زار،
حذر or an event noun such as اجتماع، اتصال، زيارة، مفاوضات). Around a trigger the extractor reads:

* participants, from the recognised mentions that carry an ``actor_id`` and from references to actors
  named earlier: subject and object (both word orders: زار قآني بيروت / جايك ساليفان ... أجرى محادثات),
  ``مع``, ``بين X و Y``, ``بـ`` (اتصل بـ), ``من`` (تلقى اتصالا من), coordinated lists, ``نظيره``, a role
  phrase without a name (الرئيس الأميركي, الوزير الصيني), a team or side (الفريق الأمريكي، الوفد الإيراني,
  الأميركيون), ``الطرفان/الجانبين`` (the participants of the last event) and team leaders (ترأس الفريق
  الأمريكي X → X takes part in the meeting being reported);
* the status (held, planned, cancelled), the date (absolute dates through :func:`kg.normalise.find_dates`,
  weekdays and relative words through :func:`resolve_relative_date` against ``Document.date``), the place
  and the topics (the phrase after بحث، ناقش، بشأن، حول ... and the topic concepts its words trigger).

Participants are PER, ORG and GPE actors; a capital standing for its state (واشنطن) counts as the state
(``Actor.metonym_of``). When an event has two or more people among its participants, the states are
dropped: the people took part for them (سوليفان و ديرمر, not also the United States and Israel).

Reports of one event in one document (a headline, the lead, "the meeting discussed ...") become one
event; :func:`merge_interactions` then merges events across documents. Every event keeps every sentence
that reports it as :class:`~kg.model.Evidence`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from kg.arabic import normalise_arabic
from kg.model import Actor, Document, Evidence, Interaction, Mention, Sentence
from kg.normalise import WEEKDAYS, find_dates
from kg.resolve import slug
from kg.vocab import ITYPE, ONTOLOGY_DIR, TOPIC

VOCABULARY_PATH = ONTOLOGY_DIR / "vocabularies.ttl"
PARTICIPANT_TYPES = ("PER", "ORG", "GPE")

# ------------------------------------------------------------------------------------------ vocabulary


@dataclass(frozen=True)
class InteractionType:
    """An interaction-type concept: its key (the IRI local name), CAMEO code and family (the top concept
    it falls under; a top concept is its own family)."""

    key: str
    cameo: str
    family: str
    label_en: str


@dataclass(frozen=True)
class Topic:
    """A topic concept and the normalised Arabic keywords that signal it."""

    key: str
    label_en: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The interaction types and topics of ``ontology/vocabularies.ttl``."""

    types: Mapping[str, InteractionType]
    topics: tuple[Topic, ...]

    def topics_of(self, phrase: str) -> list[str]:
        """Topic keys whose keywords occur in ``phrase`` (as whole words, spelling-insensitive).

        >>> load_vocabulary().topics_of("إطلاق سراح الرهائن الذين تحتجزهم حماس")
        ['hostages']
        """
        key = f" {_fold_text(phrase)} "
        return sorted(topic.key for topic in self.topics if topic.keywords and _whole_word(topic.keywords).search(key))


@lru_cache(maxsize=None)
def _whole_word(words: tuple[str, ...]) -> re.Pattern:
    """One of ``words`` as a whole word, a clitic allowed before it: one regex for a topic's keywords, not
    one search per keyword."""
    return re.compile(r"[\s\W](?:[وفبل]|ال|لل)?(?:" + "|".join(map(re.escape, words)) + r")[\s\W]")


@lru_cache(maxsize=4)
def load_vocabulary(path: str | Path = VOCABULARY_PATH) -> Vocabulary:
    """Read the interaction types (CAMEO ``skos:notation``, family through ``skos:broader``) and the topic
    keywords (``skos:hiddenLabel``) from the SKOS Turtle file: the one source of both tables.

    >>> vocabulary = load_vocabulary()
    >>> vocabulary.types["call"].cameo, vocabulary.types["negotiation"].family
    ('041', 'meeting')
    """
    graph = Graph().parse(str(path), format="turtle")
    types: dict[str, InteractionType] = {}
    for concept in sorted(set(graph.subjects(SKOS.notation, None))):
        if not str(concept).startswith(str(ITYPE)):
            continue
        key = str(concept)[len(ITYPE):]
        top = concept
        while (broader := graph.value(top, SKOS.broader)) is not None:
            top = broader
        types[key] = InteractionType(key, str(graph.value(concept, SKOS.notation)), str(top)[len(ITYPE):],
                                     _label(graph, concept, "en"))
    topics = []
    for concept in sorted(set(graph.subjects(SKOS.hiddenLabel, None))):
        if str(concept).startswith(str(TOPIC)):
            keywords = tuple(sorted({_fold_text(str(k)) for k in graph.objects(concept, SKOS.hiddenLabel)}))
            topics.append(Topic(str(concept)[len(TOPIC):], _label(graph, concept, "en"), keywords))
    return Vocabulary(types, tuple(topics))


def _label(graph: Graph, concept, language: str) -> str:
    labels = [label for label in graph.objects(concept, SKOS.prefLabel)
              if isinstance(label, Literal) and label.language == language]
    return str(labels[0]) if labels else ""


# ------------------------------------------------------------------------------- offset-keeping folding


def _fold_table() -> list[int | str | None]:
    """Per-character folding as :func:`normalise_arabic` does it, whitespace made a space: a translate table
    indexed by code point (a list with every code up to the last folded one: ``str.translate`` pays for
    each code a table lacks, most characters of a text, with an exception)."""
    table: list[int | str | None] = list(range(0xFEFF + 1))
    for code in [*range(0x3100), 0xFEFF]:
        char = chr(code)
        folded = " " if char.isspace() else normalise_arabic(char)
        if folded != char:
            table[code] = folded or None
    return table


_FOLD_TABLE = _fold_table()
#: A run of characters that folding deletes (diacritics, tatweel).
_DELETED_RUN = re.compile("[" + "".join(re.escape(chr(code)) for code, folded in enumerate(_FOLD_TABLE)
                                        if folded is None) + "]+")


def _dash_tatweel(text: str) -> str:
    """A tatweel run standing alone (غالانت ــ أوستن) is a dash, not a letter stretch: keep it as one."""
    def replace(match: re.Match) -> str:
        before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        return "-" * len(match.group()) if not before.isalnum() and not after.isalnum() else match.group()
    return re.sub("ـ+", replace, text)


def _fold_text(text: str) -> str:
    return _dash_tatweel(text).translate(_FOLD_TABLE)


class _Folded:
    """``text`` with diacritics and tatweel removed and letters unified (as :func:`normalise_arabic`),
    keeping, for every folded character, its offset in the original text (``origin``) and, for every
    original offset, the folded offset of the next character kept (``position``)."""

    def __init__(self, text: str):
        prepared = _dash_tatweel(text)
        self.text = prepared.translate(_FOLD_TABLE)
        # Deleted characters are few and come in runs: build both tables a run of kept characters at a
        # time rather than a character at a time (an article has thousands).
        self.origin: list[int] = []
        self.position = [0]
        kept_from = 0
        for deleted in [*_DELETED_RUN.finditer(prepared), None]:
            start, end = deleted.span() if deleted else (len(prepared), len(prepared))
            self.origin.extend(range(kept_from, start))
            self.position.extend(range(len(self.origin) - (start - kept_from) + 1, len(self.origin) + 1))
            self.position.extend([len(self.origin)] * (end - start))
            kept_from = end
        self.origin.append(len(text))


@lru_cache(maxsize=None)
def _pattern(*alternatives: str) -> str:
    """A regex alternation of Arabic words written in ordinary spelling, folded like the text."""
    return "(?:" + "|".join(_fold_text(a) for a in alternatives) + ")"


# ------------------------------------------------------------------------------------------- triggers

_W = r"[\u0621-\u064a]"  # a folded Arabic letter
_START = r"(?<![\u0621-\u064a])"
_END = r"(?![\u0621-\u064a])"


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
_TRIGGERS = (
    _rule("meeting-verb", "meeting", "verb",
          _CLITIC + r"(?:س)?(?:ا|[يتن])(?:لتق(?:ي|ت|يا|وا|اه|اها|يه)?|جتمع(?:ت|ا|وا|ان|تا)?)"),
    _rule("host-verb", "host-visit", "verb", _CLITIC + r"(?:س)?(?:ا|[يت])ستقبل" + _W + r"{0,3}"),
    _rule("meeting-noun", "meeting", "noun",
          _CLITIC + r"(?:ب|ل|لل)?(?:ال)?" + _pattern("اجتماع", "اجتماعات", "لقاء", "محادثات", "مباحثات",
                                                   "مشاورات", "قمة", "لقائه", "لقائها", "لقائهما", "لقائهم")
          + r"(?:ا|ه|هما|هم)?"),
    _rule("negotiation-noun", "negotiation", "noun",
          _CLITIC + r"(?:ب|ل|لل)?(?:ال)?" + _pattern("مفاوضات", "مفاوضاتهما", "التفاوض", "تفاوض")),
    _rule("call-noun", "call", "noun",
          _CLITIC + r"(?:ب|ل|لل)?(?:ال)?" + _pattern("اتصال", "اتصالا", "مكالمة", "مكالمته", "مكالمتهما",
                                                   "مكالمه", "اتصاله", "اتصالات")
          + r"(?:\s+(?:ال)?هاتفي" + _W + r"{0,2})?"),
    _rule("call-conversation", "call", "noun",
          _CLITIC + r"(?:ب|ل|لل)?(?:ال)?" + r"محادث" + _W + r"{0,3}\s+(?:ال)?هاتفي" + _W + r"{0,2}"),
    _rule("call-verb", "call", "verb", _CLITIC + r"(?:س)?(?:ا|[يت])تصل(?:ت|نا|وا|ا)?"),
    _rule("phone-verb", "call", "verb", _CLITIC + r"(?:س)?(?:[يت])?(?:تحدث|تباحث|تشاور|ناقش|بحث)(?:ت|ا|تا|وا)?"
          r"(?=(?:\s+\S+){0,2}?\s+هاتفيا)"),
    _rule("conversation-noun", "meeting", "discuss", _CLITIC + r"(?:ب|ل)?(?:ال)?محادثة"),
    _rule("visit-verb", "visit", "verb", _CLITIC + r"(?:س)?(?:زار|[يت]زور|زارت|زاره|زارها)"),
    _rule("visit-noun", "visit", "noun", _CLITIC + r"(?:ب|ل)?(?:ال)?زيار(?:ة|ه|ته|تها|تهم|تان)"),
    _rule("host-noun", "host-visit", "noun", _CLITIC + r"(?:ب|ل)?(?:ال)?استقبال(?:ه|ها)?"),
    _rule("warn-noun", "warn", "noun", _CLITIC + r"(?:ب|ل)?(?:ال)?تحذير(?:ه|ها|هم|ات)?"),
    _rule("travel-verb", "visit", "verb", _CLITIC + r"(?:س)?(?:سافر|[يت]سافر|توجه|[يت]توجه|وصل|وصلت|[يت]صل)"
          r"(?=\s+(?:\S+\s+){0,3}(?:الي|لي))"),
    _rule("urge-verb", "urge", "verb", _CLITIC + r"(?:[يت])?حث(?:ث|ت|ه|ها|هم|وا)?" + _W + r"{0,2}"),
    _rule("warn-verb", "warn", "verb", _CLITIC + r"(?:[يت])?حذر(?:ت|ه|ها|هم|وا|تا)?" + _W + r"{0,2}"),
    _rule("demand-verb", "demand", "verb", _CLITIC + r"(?:[يت])?طالب(?:ت|ه|ها|هم|وا|تا)?"),
    _rule("joint-statement", "statement", "noun",
          _CLITIC + r"(?:ب|ل)?(?:ال)?بيان(?:ا)?\s+(?:ال)?مشترك(?:ا)?"),
    _rule("armed-exchange", "armed-exchange", "noun",
          _CLITIC + r"(?:ب|ل)?(?:ال)?تبادل(?:ا)?(?:\s+\S+){0,2}?\s+(?:ل|ال|لل)?(?:اطلاق\s+النار|القصف|الضربات)"),
    _rule("clashes", "armed-exchange", "noun", _CLITIC + r"(?:ال)?اشتباكات(?=\s+(?:\S+\s+){0,2}بين)"),
    _rule("exchange-verb", "armed-exchange", "verb",
          _CLITIC + r"(?:[يت])?تبادل(?:ت|ا|تا|وا)?(?=(?:\s+\S+){1,6}?\s+(?:ال)?(?:قصف|اطلاق\s+النار|الضربات|النيران))"),
    _rule("discuss-verb", "meeting", "discuss",
          _CLITIC + r"(?:ف|قد\s+)?(?:ناقش|بحث|تناول|تطرق)(?:ت|ا|تا|وا|نا)?"),
)
#: Where a trigger may start: a zero-width match at (at least) every offset where some rule matches. One scan
#: with it finds the few offsets worth trying the rules at, about three times faster than a scan per rule.
#: The start and the clitic the rules begin with are taken out of the alternation: the scan is faster, and
#: the rules' matches are kept even for a rule that begins otherwise (its whole pattern is an alternative).
_ANY_TRIGGER = re.compile(_START + "(?=" + _CLITIC + "(?:" + "|".join(
    f"(?:{rule.regex.pattern.removeprefix(_START + _CLITIC)})" for rule in _TRIGGERS) + "))")

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

# ------------------------------------------------------------------------------- status and dates

_PLANNED = re.compile(_START + r"(?:[وف])?(?:" + _pattern(
    "من المقرر", "من المتوقع", "من المحتمل", "المرتقب", "المرتقبة", "مرتقب", "مرتقبة", "يعتزم", "تعتزم", "ينوي",
    "تنوي", "سوف", "تقرر أن", "على أن يجري", "الجولة الثانية", "الجولة المقبلة",
    "لإجراء", "يسعى إلى", "يأمل", "ينتظر أن", "يتوقع أن", "يرتقب أن", "من المنتظر")
    + r"|س[يت](?:جري|عقد|قوم|توجه|صل|بدا|لتقي|جتمع|زور|سافر|شارك|ستقبل)" + _END + r")")
_CANCELLED = re.compile(_START + r"(?:[وف])?" + _pattern("ألغى", "ألغت", "إلغاء", "يلغي", "تلغي", "ألغيت", "ألغي")
                        + _W + r"{0,2}" + _END)
_WEEKDAYS = {_fold_text(day): number for day, number in WEEKDAYS.items()}
_NUMBER_WORDS = {_fold_text(w): n for w, n in (
    ("يوم", 1), ("يومين", 2), ("ثلاثة", 3), ("أربعة", 4), ("خمسة", 5), ("ستة", 6), ("سبعة", 7), ("ثمانية", 8),
    ("تسعة", 9), ("عشرة", 10))}
_DIRECTION = _pattern("الماضي", "المقبل", "القادم", "الجاري", "الحالي")
_RELATIVE_DATE = re.compile(_fold_text(
    _START + r"(?:[وفب])?(?:"
    r"(?P<before_yesterday>" + _pattern("أمس الأول", "اول امس") + r")"
    r"|(?:(?:يوم|مساء|صباح|ليلة)\s+)?(?P<yesterday>" + _pattern("أمس", "البارحة") + r")(?:\s+(?:ال)?(?P<yweekday>"
    + "|".join(_WEEKDAYS) + r"))?"
    r"|(?P<last_night>" + _pattern("الليلة الماضية") + r")"
    r"|(?P<today>" + _pattern("اليوم", "الليلة", "هذا المساء") + r")(?:\s+(?P<tweekday>" + "|".join(_WEEKDAYS) + r"))?"
    r"|(?P<tomorrow>" + _pattern("غدا", "غداً") + r")(?:\s+(?:ال)?(?:" + "|".join(_WEEKDAYS) + r"))?"
    r"|(?P<week>" + _pattern("الأسبوع", "الاسبوع") + r")\s+(?P<week_dir>" + _DIRECTION + r")"
    r"|(?P<month>" + _pattern("الشهر") + r")\s+(?P<month_dir>" + _DIRECTION + r")"
    r"|" + _pattern("قبل") + r"\s+(?P<ago>" + "|".join(_NUMBER_WORDS) + r"|\d{1,3})\s*(?:"
    + _pattern("أيام", "يوما", "يوم") + r")?"
    r"|(?P<day_of_month>\d{1,2})\s+" + _pattern("الجاري")
    + r"|(?P<next_day>" + _pattern("بعدها بيوم", "في اليوم التالي", "بعد ذلك بيوم", "وبعدها بيوم") + r")"
    r"|(?:(?:يوم|مساء|صباح|ليلة)\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r")(?:\s+(?P<weekday_dir>"
    + _pattern("الماضي", "المقبل", "القادم") + r"))?"
    r")" + _END))


@dataclass(frozen=True)
class DateValue:
    """A resolved date: ISO text (``2024-10-09``, ``2024-W41``, ``2024-10``) and its precision."""

    iso: str
    precision: str


def resolve_relative_date(phrase: str, reference: str | None, future: bool = False) -> DateValue | None:
    """Resolve a relative date phrase against the publication date ``reference`` (ISO): أمس، أمس الأول،
    اليوم، الليلة الماضية، يوم الثلاثاء (the last Tuesday up to ``reference``; the next one when ``future``),
    يوم الجمعة الماضي، الأسبوع الماضي/المقبل (ISO week), الشهر الماضي، قبل عشرة أيام، 3 الجاري. ``None`` when
    the phrase is not a date or there is no reference.

    >>> resolve_relative_date("أمس الثلاثاء", "2023-11-15")
    DateValue(iso='2023-11-14', precision='day')
    >>> resolve_relative_date("الأسبوع المقبل", "2024-10-10").iso
    '2024-W42'
    """
    match = _RELATIVE_DATE.search(_fold_text(phrase))
    day = _day(reference)
    return _resolve_match(match, day, future) if match and day else None


def _day(iso: str | None) -> dt.date | None:
    """The day of an ISO date (``None`` for a month, a year, or no date)."""
    try:
        return dt.date.fromisoformat(iso[:10]) if iso and len(iso) >= 10 else None
    except ValueError:
        return None


def _resolve_match(match: re.Match, ref: dt.date, future: bool) -> DateValue | None:
    group = match.groupdict()

    def day(value: dt.date) -> DateValue:
        return DateValue(value.isoformat(), "day")

    def week(value: dt.date) -> DateValue:
        year, number, _ = value.isocalendar()
        return DateValue(f"{year}-W{number:02d}", "week")

    if group["before_yesterday"]:
        return day(ref - dt.timedelta(days=2))
    if group["yesterday"]:
        if group["yweekday"]:
            return day(_last_weekday(ref - dt.timedelta(days=1), _WEEKDAYS[group["yweekday"]]))
        return day(ref - dt.timedelta(days=1))
    if group["last_night"]:
        return day(ref - dt.timedelta(days=1))
    if group["today"]:
        return day(ref)
    if group["tomorrow"]:
        return day(ref + dt.timedelta(days=1))
    if group["week"]:
        direction = group["week_dir"]
        forward = direction in (_fold_text("المقبل"), _fold_text("القادم"))
        shift = -7 if direction == _fold_text("الماضي") else 7 if forward else 0
        return week(ref + dt.timedelta(days=shift))
    if group["month"]:
        direction = group["month_dir"]
        first = ref.replace(day=1)
        if direction == _fold_text("الماضي"):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        elif direction in (_fold_text("المقبل"), _fold_text("القادم")):
            first = (first + dt.timedelta(days=32)).replace(day=1)
        return DateValue(first.strftime("%Y-%m"), "month")
    if group["ago"]:
        amount = group["ago"]
        return day(ref - dt.timedelta(days=int(amount) if amount.isdigit() else _NUMBER_WORDS[amount]))
    if group["day_of_month"]:
        try:
            return day(ref.replace(day=int(group["day_of_month"])))
        except ValueError:
            return None
    if group["weekday"]:
        target = _WEEKDAYS[group["weekday"]]
        direction = group["weekday_dir"]
        if direction in (_fold_text("المقبل"), _fold_text("القادم")) or (future and not direction):
            return day(ref + dt.timedelta(days=(target - ref.weekday() - 1) % 7 + 1))
        if direction:  # "يوم الجمعة الماضي": strictly before the reference day
            return day(_last_weekday(ref - dt.timedelta(days=1), target))
        return day(_last_weekday(ref, target))
    return None


def _last_weekday(latest: dt.date, weekday: int) -> dt.date:
    return latest - dt.timedelta(days=(latest.weekday() - weekday) % 7)


# ------------------------------------------------------------------------------------ references

#: Nationality adjectives and the names of the state they point to (matched against GPE actor labels).
_DEMONYMS = (
    (r"ا?م[ي]?ر[ي]?ك", ("الولايات المتحدة", "أمريكا", "أميركا")),
    (r"اسراي[ي]?ل", ("إسرائيل",)),
    (r"ايران", ("إيران",)),
    (r"لبنان", ("لبنان",)),
    (r"سور", ("سوريا", "سورية")),
    (r"عراق", ("العراق",)),
    (r"مصر", ("مصر",)),
    (r"سعود", ("السعودية", "المملكة العربية السعودية")),
    (r"قطر", ("قطر",)),
    (r"اردن", ("الأردن",)),
    (r"ترك", ("تركيا",)),
    (r"روس", ("روسيا",)),
    (r"صين", ("الصين",)),
    (r"فرنس", ("فرنسا",)),
    (r"بريطان", ("بريطانيا", "المملكة المتحدة")),
    (r"فلسطين", ("فلسطين",)),
    (r"اوكران", ("أوكرانيا",)),
    (r"يمن", ("اليمن",)),
)


@lru_cache(maxsize=None)
def _nationality(demonym: str) -> tuple[str, tuple[str, ...]] | None:
    """The stem (of :data:`_DEMONYMS`) and the folded state names of a folded nationality adjective
    (الاسراييلي), if it is one."""
    folded = demonym.removeprefix("ال")
    return next(((stem, tuple(map(_fold_text, names))) for stem, names in _DEMONYMS if re.match(stem, folded)), None)


_DEMONYM = r"(?:ال)?(?:" + "|".join(stem for stem, _ in _DEMONYMS) + r")(?:ي|يه|يون|يين|يان|يا|ية)"
_SIDE = re.compile(_START + r"(?:[وفبل])?(?:ال|لل)?(?:" + _pattern(
    "فريق", "فريقين", "وفد", "وفدين", "جانب", "جانبين", "طرف", "طرفين", "مسؤولون", "مسؤولين", "مسؤولي")
    + r")\s+(?P<first>" + _DEMONYM + r")(?:\s+(?:و\s*)?(?P<second>" + _DEMONYM + r"))?" + _END
    + r"|" + _START + r"(?:[وفبل])?(?P<plural>(?:ال)(?:" + "|".join(stem for stem, _ in _DEMONYMS)
    + r")(?:يون|يين))" + _END)
_ROLE_REFERENCE = re.compile(_START + r"(?:[وفبل])?(?:لل|ال)?(?P<role>" + _pattern(
    "رئيس", "وزير", "مستشار", "مبعوث", "أمين", "ملك", "أمير", "قائد", "سفير", "رئيسة", "وزيرة")
    + r")(?:\s+(?:ال)?" + _W + r"+){0,2}?\s+(?P<nation>" + _DEMONYM + r")" + _END)
_COUNTERPART = re.compile(_START + r"(?:[وفبل])?" + _pattern("نظيره", "نظيرته", "نظيرها", "نظراءه", "نظيريه")
                          + r"(?:\s+(?P<nation>" + _DEMONYM + r"))?" + _END)
#: "الأخير" (the latter) standing for a person: after a verb or particle, never as an adjective (الجولة الأخيرة).
_LATTER_WORD = _fold_text("أخير")
_LATTER = re.compile(r"(?:(?<=" + _pattern("كان") + r" )|(?<=" + _pattern("إن") + r" )|(?<=" + _pattern("أن") + r" )"
                     r"|(?<=، )|(?<=^))(?P<word>(?:[وف])?(?:ل|ب)?(?:ال|ل)" + _LATTER_WORD + r")" + _END
                     + r"|" + _START + r"(?P<word2>[وف](?:ال)" + _LATTER_WORD + r")" + _END)
#: The crown prince referred to by his title alone.
_CROWN_PRINCE_TITLE = _fold_text("ولي العهد")
_CROWN_PRINCE = re.compile(_START + r"(?:[وفبل])?(?:ل|ال)?" + _CROWN_PRINCE_TITLE + _END)
#: A head-of-state title right before a state's name (أمير قطر, ملك الأردن, أمير دولة قطر).
_HEAD_OF = re.compile(_START + r"(?:[وفبل])?(?:ال|لل)?(?P<title>" + _pattern("أمير", "ملك", "سلطان", "عاهل")
                      + r")\s+(?:" + _pattern("دولة", "سلطنة", "مملكة") + r"\s+)?$")
#: What may stand between an organisation or state and the person whose title it ends (دولة قطر الشيخ تميم).
_TITLE_GAP = re.compile(r"[^\u0621-\u064a]*(?:(?:و)?(?:ال)?" + _pattern(
    "شيخ", "رئيس", "أمير", "ملك", "سلطان", "سيد", "جنرال", "لواء", "مشير", "وزير", "دكتور") + r"[^\u0621-\u064a]*)?")
_PAIR = re.compile(_START + r"(?:[وفبل])?" + _pattern("الطرفان", "الطرفين", "الجانبان", "الجانبين", "بينهما",
                                                      "الاثنان", "الاثنين", "البلدان", "البلدين") + _END)
_LEADS = re.compile(_START + r"(?:[وف])?" + _pattern("ترأس", "ترأسه", "ترأسها", "يترأس", "قاد", "قاده", "يقود",
                                                     "برئاسة") + _END)
_PURPOSE_MEETING = re.compile(_START + r"(?:[وف])?(?:" + _pattern("مع", "للقاء", "لقاء", "لمقابلة", "لإقناع", "عبر")
                              + r"|(?:س)?(?:ا|[يتن])لتق(?:ي|ت|يا|وا)?"
                              + r"|(?:س)?(?:ا|[يتن])جتمع(?:ت|ا|وا)?\s+(?:ب|مع))" + _END)
_RELATED_HEADER = re.compile(r"^\s*(?:" + _pattern("مقالات ذات صلة", "مقالات مشابهة", "اخبار ذات صلة",
                                                  "اقرأ أيضا", "إقرأ أيضا", "اقرا ايضا") + r")")
_BULLET = re.compile(r"^\s*[•·▪●■◦*-]\s")


@dataclass(frozen=True)
class _Arg:
    """A possible participant in a sentence: where it is (folded offsets) and the actors it stands for."""

    start: int
    end: int
    actors: tuple[str, ...]
    type: str
    source: str  # mention, role, side, counterpart, pair
    prefix: str = ""  # the clitic letter glued before it (ب in بنظيره), if any


@dataclass
class _Draft:
    """An interaction being assembled from one trigger."""

    type: str
    rule: str
    status: str
    sentence: int
    trigger: int
    participants: list[str]
    initiator: str | None = None
    date: DateValue | None = None
    place: str | None = None
    topic_phrases: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    generic: bool = False
    sides_only: bool = False
    confidence: float = 0.9


class _DocumentReader:
    """Reads one document: its folded text, candidate participants per sentence, and the events so far."""

    def __init__(self, document: Document, mentions: Sequence[Mention], actors: Mapping[str, Actor]):
        self.document = document
        self.actors = actors
        self.folded = _Folded(document.text)
        self.vocabulary = load_vocabulary()
        self.mentions = sorted((m for m in mentions if m.actor_id and m.actor_id in actors),
                               key=lambda m: (m.start, m.end))
        self.mention_starts = [m.start for m in self.mentions]
        #: The title the recogniser read for the first mention with one at each folded offset.
        self.roles: dict[int, str] = {}
        for mention in self.mentions:
            if mention.role:
                self.roles.setdefault(self.folded.position[mention.start], mention.role)
        self.drafts: list[_Draft] = []
        self.skip_from = self._related_list_start()
        #: Span end -> the start of the widest span scanned for triggers with that end, and its offsets.
        self._trigger_offsets: dict[int, tuple[int, list[int]]] = {}

    # -- actors

    def _state_of(self, actor_id: str) -> str:
        actor = self.actors[actor_id]
        return actor.metonym_of if actor.metonym_of and actor.metonym_of in self.actors else actor_id

    def _states_for(self, demonym: str) -> tuple[str, ...]:
        nationality = _nationality(demonym)
        if nationality is None:
            return ()
        states = _state_names(self.actors)
        return tuple(sorted({states[key] for key in nationality[1] if key in states})[:1])

    def _role_context(self, mention: Mention) -> str:
        """The title written before a person's name (back to the previous name or punctuation), with the
        roles the recogniser and the actor record give."""
        start = self.folded.position[mention.start]
        # a state or organisation named inside the title (أمير دولة قطر الشيخ تميم) is part of it
        previous = max((self.folded.position[m.end] for m in self.mentions
                        if m.end <= mention.start and self.actors[m.actor_id].type == "PER"), default=0)
        before = re.split(r"[.،,:\n؟!]", self.folded.text[max(previous, start - 60):start])[-1]
        roles = [mention.role or "", *self.actors[mention.actor_id].roles]
        return "  ".join([before, *(_fold_text(r) for r in roles)])

    # -- sentences

    def triggers(self, start: int, end: int, args: Sequence[_Arg] = ()) -> list[tuple[int, int, _TriggerRule]]:
        """:func:`_triggers` in ``folded.text[start:end]``."""
        return _triggers(start, self.folded.text[start:end], args, self.trigger_offsets(start, end))

    def trigger_offsets(self, start: int, end: int) -> list[int]:
        """The offsets in ``folded.text[start:end]`` (from ``start``) where a trigger may start, scanned for
        once per sentence: the rest of a sentence after a trigger has the sentence's offsets (the same text
        up to the same end) except at its first character, which has no letter before it in the span and
        is tried anew."""
        segment = self.folded.text[start:end]
        known = self._trigger_offsets.get(end)
        if known is None or known[0] > start:
            offsets = [match.start() for match in _ANY_TRIGGER.finditer(segment)]
            self._trigger_offsets[end] = (start, offsets)
            return offsets
        shift = start - known[0]
        return [0] * bool(_ANY_TRIGGER.match(segment)) + [offset - shift for offset in known[1] if offset > shift]

    def _related_list_start(self) -> int:
        offset = 0
        for line in self.document.text.split("\n"):
            if len(line.split()) <= 4 and _RELATED_HEADER.match(_fold_text(line)):
                return offset
            offset += len(line) + 1
        return len(self.document.text) + 1

    def _skipped(self, sentence: Sentence) -> bool:
        line_start = self.document.text.rfind("\n", 0, sentence.start) + 1
        # The line as the whole text folds it: folded alone, only a tatweel run at its very end could
        # differ (a dash rather than nothing), and neither pattern matches a dash that ends the text.
        line = self.folded.text[self.folded.position[line_start]:self.folded.position[sentence.end]]
        return sentence.start >= self.skip_from or bool(_RELATED_HEADER.match(line)) or bool(_BULLET.match(line))

    def args(self, sentence: Sentence) -> list[_Arg]:
        """Candidate participants of ``sentence``, in text order."""
        text = self.folded.text
        start, end = self.folded.position[sentence.start], self.folded.position[sentence.end]
        inside = self.mentions[bisect_left(self.mention_starts, sentence.start):
                               bisect_left(self.mention_starts, sentence.end)]
        args: list[_Arg] = []
        for index, mention in enumerate(inside):
            actor = self.actors[mention.actor_id]
            if actor.type not in PARTICIPANT_TYPES + ("LOC",):
                continue
            m_start, m_end = self.folded.position[mention.start], self.folded.position[mention.end]
            before = text[max(start, m_start - 40):m_start]
            if _ATTRIBUTION.search(before):
                continue
            following = inside[index + 1] if index + 1 < len(inside) else None
            if following is not None and self.actors[following.actor_id].type == "PER" and actor.type != "LOC" \
                    and _TITLE_GAP.fullmatch(text[m_end:self.folded.position[following.start]]) \
                    and (actor.type != "PER" or _RELATIONAL.search(before)):
                # part of the next person's title: مستشار الأمن القومي بالبيت الأبيض، جيك سوليفان;
                # كبير مستشاري الرئيس بايدن، أموس هوكشتين
                continue
            prefix = text[m_start - 1] if m_start > 0 and text[m_start - 1] in "بلوف" else ""
            if prefix == "ل" and m_start > 1 and text[m_start - 2] == "ب":
                prefix = "ب"
            if actor.type == "GPE" and _HEAD_OF.search(before):
                # أمير قطر، ملك الأردن: the head of the state, named elsewhere in the article
                head = self._person_titled(m_start, _HEAD_OF.search(before).group("title"), mention.actor_id)
                if head:
                    args.append(_Arg(self.folded.position[mention.start] - len(_HEAD_OF.search(before).group()),
                                     m_end, (head,), "PER", "role"))
                    continue
            args.append(_Arg(m_start, m_end, (mention.actor_id,), actor.type, "mention", prefix))
        args.extend(self._reference_args(start, end, args))
        return sorted(args, key=lambda a: (a.start, a.end))

    def _reference_args(self, start: int, end: int, named: list[_Arg]) -> list[_Arg]:
        """Actors referred to without a name: sides and teams, role phrases, counterparts, the pair."""
        text = self.folded.text[start:end]
        found: list[_Arg] = []

        def free(a: int, b: int) -> bool:
            return not any(x.start < b and a < x.end for x in named + found)

        def followed_by_name(b: int) -> bool:
            return any(0 <= x.start - b <= 3 and x.type == "PER" for x in named)

        for match in _SIDE.finditer(text):
            a, b = start + match.start(), start + match.end()
            groups = [g for g in (match.group("first"), match.group("second"), match.group("plural")) if g]
            states = tuple(s for g in groups for s in self._states_for(g))
            if states and free(a, b) and not followed_by_name(b):
                found.append(_Arg(a, b, states, "GPE", "side"))
        for match in _COUNTERPART.finditer(text):
            a, b = start + match.start(), start + match.end()
            if not free(a, b):
                continue
            if followed_by_name(b):
                continue  # بنظيره الإسرائيلي يوآف غالانت: the name itself is the participant
            owner = [x for x in named if x.end <= a and x.type == "PER"][-1:]  # "his" counterpart is someone else
            actor = self._earlier_person(a, match.group("nation"), None, {x.actors[0] for x in owner})
            if actor:
                found.append(_Arg(a, b, (actor,), "PER", "counterpart", _clitic(match.group(0))))
        for match in _ROLE_REFERENCE.finditer(text):
            a, b = start + match.start(), start + match.end()
            # a name within a few words is the role's own name (الرئيس الأميركي، جو بايدن), unless a verb
            # stands between (رئيس الوزراء الإسرائيلي التقى وزير الدفاع يوآف غالانت)
            if not free(a, b) or followed_by_name(b) or any(0 <= x.start - b <= 30 and x.type == "PER"
                                                            and not _is_conjunction_gap(self.folded.text[b:x.start])
                                                            and not self.triggers(b, x.start)
                                                            for x in named):
                continue
            actor = self._earlier_person(a, match.group("nation"), match.group("role"))
            if actor:
                found.append(_Arg(a, b, (actor,), "PER", "role", _clitic(match.group(0))))
        # Both patterns are slow to scan a sentence with and need a word that few sentences have: look
        # for the word first.
        for match in _LATTER.finditer(text) if _LATTER_WORD in text else ():
            a, b = start + match.start(), start + match.end()
            latter = [m for m in self.mentions if self.folded.position[m.end] <= a
                      and self.actors[m.actor_id].type == "PER"]
            if latter and free(a, b):
                found.append(_Arg(a, b, (latter[-1].actor_id,), "PER", "latter", _clitic(match.group(0))))
        for match in _CROWN_PRINCE.finditer(text) if _CROWN_PRINCE_TITLE in text else ():
            a, b = start + match.start(), start + match.end()
            if free(a, b) and not followed_by_name(b):
                actor = self._earlier_person(a, None, _CROWN_PRINCE_TITLE)
                if actor:
                    found.append(_Arg(a, b, (actor,), "PER", "role", _clitic(match.group(0))))
        for match in _PAIR.finditer(text):
            a, b = start + match.start(), start + match.end()
            pair = self._last_participants(a)
            if pair and free(a, b):
                found.append(_Arg(a, b, pair, "GPE" if all(self.actors[p].type == "GPE" for p in pair) else "PER",
                                  "pair"))
        return found

    def _earlier_person(self, before: int, nation: str | None, role: str | None,
                        exclude: frozenset[str] | set[str] = frozenset()) -> str | None:
        """The last person named before folded offset ``before`` whose title matches ``role`` and ``nation``
        (other than those in ``exclude``)."""
        nationality = _nationality(nation) if nation else None
        nation_stem = nationality[0] if nationality else None
        candidates = [m for m in self.mentions if self.folded.position[m.end] <= before
                      and self.actors[m.actor_id].type == "PER"]
        for mention in reversed(candidates):
            if mention.actor_id in exclude:
                continue
            context = self._role_context(mention)
            if _RELATIONAL.search(context.split("  ")[0]):
                continue  # the president in "كبير مستشاري الرئيس بايدن" is not the one referred to
            if nation_stem and not re.search(nation_stem, context):
                continue
            if role and role not in context:
                continue
            return mention.actor_id
        return None

    def _person_titled(self, near: int, title: str, state: str) -> str | None:
        """The person of the article whose title is ``title`` of ``state`` (أمير قطر): the last one named
        before folded offset ``near``, else the first named after it (a headline names him later)."""
        state_names = [_fold_text(n) for n in (self.actors[state].label, *self.actors[state].aliases)]
        stems = [stem for stem, names in _DEMONYMS if any(_fold_text(n) in state_names for n in names)]
        people = [m for m in self.mentions if self.actors[m.actor_id].type == "PER"]
        before = [m for m in people if self.folded.position[m.end] <= near]
        after = [m for m in people if self.folded.position[m.start] > near]
        for mention in [*reversed(before), *after]:
            context = self._role_context(mention)
            if title in context and (any(re.search(stem, context) for stem in stems)
                                     or any(name in context for name in state_names)):
                return mention.actor_id
        return None

    def _last_participants(self, before: int) -> tuple[str, ...]:
        for draft in reversed(self.drafts):
            if draft.trigger < before and len(set(draft.participants)) >= 2:
                return tuple(draft.participants)
        return ()


_STATE_NAMES: dict[int, tuple[Mapping[str, Actor], dict[str, str]]] = {}


def _state_names(actors: Mapping[str, Actor]) -> dict[str, str]:
    """Folded names of the states (GPE actors that stand for no other) -> actor id, built once per actor
    table (a build passes one table for every document)."""
    cached = _STATE_NAMES.get(id(actors))
    if cached is None or cached[0] is not actors:
        table: dict[str, str] = {}
        for actor in sorted(actors.values(), key=lambda a: a.actor_id):
            if actor.type == "GPE" and not actor.metonym_of:
                for name in [actor.label, *actor.aliases]:
                    table.setdefault(_fold_text(name), actor.actor_id)
        _STATE_NAMES.clear()
        _STATE_NAMES[id(actors)] = cached = (actors, table)
    return cached[1]


def _clitic(word: str) -> str:
    return word[0] if word[:1] in "بل" else ""


def _is_conjunction_gap(gap: str) -> bool:
    """Whether the text between two names joins them (و, a dash, a comma list) rather than qualifying one."""
    words = gap.replace("،", " ، ").replace(",", " , ").split()
    for index, word in enumerate(words):
        joins = word in ("و", "-", "–", "—") or set(word) <= set("-–—") \
            or word.startswith("و") and len(word) > 1 and word not in _RADICAL_WAW
        if joins:  # first thing in the gap, or after an apposition: "A، title، وB"
            return index == 0 or words[index - 1] in ("،", ",")
    return False


# ---------------------------------------------------------------------------------------- extraction


def extract_interactions(document: Document, mentions: list[Mention], actors: Mapping[str, Actor]) -> list[Interaction]:
    """The interactions ``document`` reports, one per real event, sorted by ``event_id``.

    ``mentions`` are the document's mentions with ``actor_id`` set by resolution; ``actors`` maps actor ids
    to actors (for types, metonyms and titles).

    >>> from kg.model import Actor, Document, Mention, Sentence
    >>> text = "التقى الرئيس جو بايدن رئيس الوزراء بنيامين نتنياهو في واشنطن يوم الثلاثاء لبحث الرهائن."
    >>> doc = Document("d1", "d1.txt", text, [Sentence(0, 0, len(text), text)], date="2024-07-26")
    >>> actors = {"joe-biden": Actor("joe-biden", "PER", "جو بايدن", "Joe Biden"),
    ...           "benjamin-netanyahu": Actor("benjamin-netanyahu", "PER", "بنيامين نتنياهو", "Benjamin Netanyahu"),
    ...           "washington": Actor("washington", "GPE", "واشنطن", "Washington")}
    >>> def at(name, actor, kind):
    ...     start = text.index(name)
    ...     return Mention("d1", 0, start, start + len(name), name, kind, "dictionary", actor_id=actor)
    >>> mentions = [at("جو بايدن", "joe-biden", "PER"), at("بنيامين نتنياهو", "benjamin-netanyahu", "PER"),
    ...             at("واشنطن", "washington", "GPE")]
    >>> [(e.type, e.participants, e.date, e.place, e.topics) for e in extract_interactions(doc, mentions, actors)]
    [('meeting', ['joe-biden', 'benjamin-netanyahu'], '2024-07-23', 'washington', ['hostages'])]
    """
    reader = _DocumentReader(document, mentions, actors)
    for sentence in document.sentences:
        if reader._skipped(sentence):
            continue
        for draft in _read_sentence(reader, sentence):
            reader.drafts.append(draft)
    return _finalise(reader)


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


def _read_sentence(reader: _DocumentReader, sentence: Sentence) -> list[_Draft]:
    text = reader.folded.text
    s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
    if not reader.trigger_offsets(s_start, s_end) and not _LEADS.search(text, s_start, s_end):
        return []  # no event and no team leader (most sentences): no need to find the participants
    args = reader.args(sentence)
    drafts: list[_Draft] = []
    triggers = reader.triggers(s_start, s_end, args)
    for index, (t_start, t_end, rule) in enumerate(triggers):
        if _not_an_event(text, t_start, t_end) or _NEGATION.search(text, max(s_start, t_start - 6), t_start):
            continue  # البقاء على اتصال; لن يلتقي، لم يزر
        left = _clause_start(text, s_start, t_start)
        if rule.kind == "discuss" and any(x[0] >= left and x[2].kind != "discuss" for x in triggers[:index]):
            continue  # "the meeting discussed ...": the topic of the meeting found before, not an event of its own
        draft = _read_trigger(reader, sentence, args, rule, t_start, t_end, left, drafts)
        if draft is not None:
            drafts.append(draft)
            continue
        discussion = next((d for d in drafts if d.generic), None)
        if rule.kind == "noun" and discussion is not None and rule.type in ("call", "meeting", "negotiation"):
            # بحث X مع Y، خلال اتصال هاتفي، ...: the discussion took place during a call
            discussion.type, discussion.generic, discussion.rule = rule.type, False, discussion.rule + "+" + rule.name
            discussion.evidence[-1] = _evidence(reader, sentence, discussion)
        elif rule.kind != "verb":
            _refer_back(reader, sentence, rule, t_start, t_end)
    if not drafts:
        _attach_leaders(reader, sentence, args)
    return drafts


#: Families an event noun without participants may refer back to ("the meeting lasted an hour").
_ANAPHORA_FAMILIES = {"meeting": ("meeting",), "call": ("call",), "visit": ("visit",), "negotiation": ("meeting",),
                      "statement": ("statement",), "armed-exchange": ("armed-exchange",)}
_CALL, _CALLS = _fold_text("اتصال"), _fold_text("اتصالات")


def _refer_back(reader: _DocumentReader, sentence: Sentence, rule: _TriggerRule, t_start: int, t_end: int) -> None:
    """A definite event noun with no participants of its own (الاجتماع، المكالمة، المحادثة) reports the last
    event of its family: it adds evidence and topics (never a date or place, which may belong to another
    event the sentence mentions)."""
    word = reader.folded.text[t_start:t_end]
    if not re.match(r"(?:[وفبل])?(?:ال|لل)", word) or _CALLS in word:
        return
    families = ("meeting", "call") if rule.kind == "discuss" else _ANAPHORA_FAMILIES.get(rule.type, ())
    vocabulary = reader.vocabulary.types
    target = next((d for d in reversed(reader.drafts) if vocabulary[d.type].family in families), None)
    if target is None or target.sentence == sentence.index:
        return
    phrase = _topic_phrase(reader, sentence, t_end, rule)
    if phrase:
        target.topic_phrases.append(phrase)
    target.evidence.append(Evidence(reader.document.doc_id, sentence.index, sentence.start, sentence.end,
                                    sentence.text, "refers-back", 0.5))


def _attach_leaders(reader: _DocumentReader, sentence: Sentence, args: list[_Arg]) -> None:
    """ترأس الفريق الأمريكي X و Y / الفريق الإسرائيلي ترأسه Z: the leaders of a team take part in the
    meeting being reported (the last meeting of the document)."""
    text = reader.folded.text
    s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
    leads = _LEADS.search(text, s_start, s_end)
    if not leads or not any(a.source == "side" for a in args):
        return
    leaders = [a.actors[0] for a in args if a.type == "PER" and a.source == "mention"
               and a.start >= min(leads.start(), min(x.start for x in args if x.source == "side"))]
    target = next((d for d in reversed(reader.drafts)
                   if reader.vocabulary.types[d.type].family == "meeting"), None)
    if not leaders or target is None:
        return
    target.participants.extend(a for a in leaders if a not in target.participants)
    target.evidence.append(Evidence(reader.document.doc_id, sentence.index, sentence.start, sentence.end,
                                    sentence.text, "team-leader", 0.75))


_NEGATION = re.compile(_START + r"(?:[وف])?" + _pattern("لن", "لم", "لا", "ما") + r"\s+$")


def _not_an_event(text: str, start: int, end: int) -> bool:
    """Idioms that use a trigger word without an event: البقاء على اتصال، خط اتصال، وسائل الاتصال."""
    if _CALL not in text[start:end]:
        return False
    before = text[max(0, start - 12):start]
    return bool(re.search(_START + _pattern("على", "خط", "وسائل", "قنوات", "قناة") + r"\s*$", before))


def _clause_start(text: str, sentence_start: int, trigger: int) -> int:
    start = sentence_start
    for match in _CLAUSE_BREAK.finditer(text, sentence_start, trigger):
        start = match.end()
    return start


def _clause_end(text: str, after: int, sentence_end: int) -> int:
    breaks = [m.start() for m in (_CLAUSE_BREAK.search(text, after, sentence_end),
                                  _TOPIC_MARKER.search(text, after, sentence_end)) if m]
    return min(breaks, default=sentence_end)


_ADDITION = re.compile(r"\s*،?\s*(?:[وف])?(?:ب)?(?:ال)?" + _pattern("إضافة إلى", "اضافة الى", "فضلا عن") + r"\s")


def _joined(gap: str) -> bool:
    """Whether two participants with ``gap`` between them are coordinated (A و B، C ــ D، A، إضافة إلى B)."""
    addition = _ADDITION.match(gap)
    if addition:
        gap = " و " + gap[addition.end():]
    return len(gap.split()) <= 7 and _is_conjunction_gap(gap) and not _PREPOSITION.search(gap) \
        and not _CLAUSE_BREAK.search(gap)


def _chain(args: list[_Arg], first: int, text: str, limit: int) -> list[_Arg]:
    """``args[first]`` and the participants coordinated with it before ``limit``."""
    chain = [args[first]]
    for arg in args[first + 1:]:
        if arg.start >= limit or arg.type == "LOC" or not _joined(text[chain[-1].end:arg.start]):
            break
        chain.append(arg)
    return chain


def _chain_back(args: list[_Arg], last: int, text: str, limit: int) -> list[_Arg]:
    chain = [args[last]]
    for arg in reversed(args[:last]):
        if arg.end <= limit or arg.type == "LOC" or not _joined(text[arg.end:chain[0].start]):
            break
        chain.insert(0, arg)
    return chain


def _actors_of(args: Iterable[_Arg]) -> list[str]:
    return [actor for arg in args for actor in arg.actors]


_SUPPORT_VERB = re.compile(_START + r"(?:[وف])?(?:قد\s+)?(?:س)?" + _pattern(
    "أجرى", "أجرت", "أجريا", "يجري", "تجري", "عقد", "عقدت", "عقدا", "يعقد", "تعقد", "تلقى", "تلقت", "يتلقى",
    "أصدر", "أصدرت", "أصدرا", "أجروا", "عقدوا", "بدأ", "بدأت", "خاض", "خاضت", "تبادل", "تبادلت", "تبادلا",
    "صدر عن", "أجرتا", "عقدتا", "ألغى", "ألغت", "أرجأ", "أرجأت", "أجل", "أجلت", "قام", "قامت") + _END)
#: After an event noun, the words that introduce everyone taking part: اجتماع بين X و Y، لقاء ضم A وB وC.
_CANCEL_SUPPORT = re.compile(r"\s*(?:[وف])?" + _pattern("ألغى", "ألغت", "أرجأ", "أرجأت", "أجل", "أجلت"))
_BETWEEN = re.compile(r"(?:\s+\S+){0,3}?\s+(?:[وف])?(?:" + _pattern("بين", "ضم", "جمع", "شارك فيه", "حضره") + r")\s")
_RECEIVED = re.compile(_pattern("تلقى", "تلقت", "يتلقى", "تتلقى"))


#: A time or place phrase set off by commas (، اليوم الجمعة في بكين،): its names are neither subject nor object.
_ASIDE = re.compile(r"،\s*(?:[وف])?(?:" + _pattern("اليوم", "أمس", "مساء", "صباح", "ظهر", "ليلة", "يوم", "الأسبوع",
                                                  "الشهر", "خلال", "في", "عبر", "منذ", "قبل", "بعد", "غدا")
                    + r")" + _END + r"[^،.؟!:]{0,80}،")
#: After an event noun, the words that list its participants further on (وتجمع A وB، بمشاركة A وB، التي دعا إليها X).
_LIST_MARKER = re.compile(_START + r"(?:[وف])?(?:" + _pattern(
    "بمشاركة", "بحضور", "تجمع", "يجمع", "جمعت", "تضم", "يضم", "ضمت", "دعا إليها", "دعت إليها", "يستضيفها",
    "تستضيفها", "استضافها") + r")\s")
#: After an event noun, the words that introduce who did it (زيارة قام بها X).
_DONE_BY = re.compile(r"\s+(?:\S+\s+){0,2}?" + _pattern("قام بها", "قام به", "قامت بها", "يقوم بها", "تقوم بها",
                                                           "أجراها", "أجرتها") + r"\s")
#: An invitation before a visit noun (دعوة لزيارة طهران): the visit is planned and the invitee is the visitor.
_INVITATION = re.compile(_START + r"(?:[وف])?(?:ال)?(?P<word>" + _pattern("دعوة", "دعوات", "دعا", "دعاه", "دعاها",
                                                                        "دعت", "يدعو", "تدعو") + r")" + _END)
_INVITER = re.compile(_START + _pattern("من") + r"\s+(?:\S+\s+){0,5}$")


def _mask_asides(text: str, start: int, end: int, keep: int) -> str:
    """``text`` with the comma-set time and place phrases of ``[start, end)`` blanked (same length), except
    the one holding offset ``keep`` (the trigger)."""
    for match in _ASIDE.finditer(text, start, end):
        if not match.start() <= keep < match.end():
            text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return text


def _is_place_arg(reader: _DocumentReader, text: str, arg: _Arg) -> bool:
    """A place named after في, or a city glued to ب (اجتمع ... ببيروت): where, not who."""
    if arg.type not in ("GPE", "LOC") or arg.source != "mention":
        return False
    city = reader.actors[arg.actors[0]].metonym_of is not None or arg.type == "LOC"
    return bool(re.search(_START + r"(?:[وف])?" + _pattern("في") + r"\s+$", text[max(0, arg.start - 5):arg.start])) \
        or arg.prefix == "ب" and city


def _without_role(reader: _DocumentReader, gap: str, arg: _Arg) -> str:
    """``gap`` (the text before ``arg``) without the title the recogniser read for that person (الرئيس
    السوري في المرحلة الانتقالية): a title may hold prepositions that do not separate a verb from its object."""
    role = reader.roles.get(arg.start)
    folded = _fold_text(role) if role else ""
    stripped = gap.rstrip()
    return stripped[:-len(folded)] if folded and stripped.endswith(folded) else gap


def _listed(participants: list[_Arg], text: str, t_end: int, limit: int) -> list[_Arg]:
    """The participants an event noun lists further on in its sentence (القمة التي ... وتجمع A وB)."""
    marker = _LIST_MARKER.search(text, t_end, limit)
    if marker is None:
        return []
    first = next((i for i, a in enumerate(participants) if a.start >= marker.end() - 1), None)
    if first is None or participants[first].start >= limit or not _is_subject_gap(
            text[marker.end():participants[first].start]):
        return []
    return _chain(participants, first, text, limit)


def _invitee(participants: list[_Arg], text: str, invitation: re.Match, left: int, t_start: int) -> _Arg | None:
    """Who is invited to visit: the receiver of the invitation (تلقى X دعوة), else the person it is addressed
    to (دعوة إلى X، دعا A B إلى زيارة)."""
    people = [a for a in participants if a.type == "PER"]
    received = None
    for match in _RECEIVED.finditer(text, left, invitation.start()):
        received = match
    if received is not None:
        between = [a for a in people if received.end() <= a.start < invitation.start()]
        earlier = [a for a in people if left <= a.start and a.end <= received.start()]
        return (between or earlier[-1:] or [None])[0]
    addressed = [a for a in people if invitation.end() <= a.start < t_start
                 and not _INVITER.search(text, invitation.end(), a.start)]
    verb = not _fold_text(invitation.group("word")).startswith(_fold_text("دعو"))
    inviter_before = any(left <= a.start and a.end <= invitation.start() for a in people)
    if verb and not inviter_before and len(addressed) >= 2:
        return addressed[1]  # دعا A B إلى زيارة: A invites B
    return addressed[0] if addressed else None


def _read_trigger(reader: _DocumentReader, sentence: Sentence, args: list[_Arg], rule: _TriggerRule,
                  t_start: int, t_end: int, left: int, earlier: list[_Draft]) -> _Draft | None:
    s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
    text = _mask_asides(reader.folded.text, s_start, s_end, t_start)
    right = _clause_end(text, t_end, s_end)
    participants = [a for a in args if a.type in PARTICIPANT_TYPES and not text[a.start:a.end].isspace()]
    # a name glued to ب or ل (لإسرائيل، بنظيره) is an object or destination, never the subject
    before = [i for i, a in enumerate(participants)
              if left <= a.start and a.end <= t_start and a.prefix not in ("ب", "ل")
              and not _is_place_arg(reader, text, a)]
    after = [i for i, a in enumerate(participants) if t_end <= a.start < right]
    trigger_word = text[t_start:t_end].split()[0]
    # the pronoun suffix is read on the original spelling: folding makes زيارة end in ه like زيارته
    written = reader.document.text[reader.folded.origin[t_start]:reader.folded.origin[t_end]].split()[0]
    suffix = re.search(r"(?:هما|هم|ها|ه)$", written)
    suffix = suffix.group() if suffix and not written.endswith("ـه") else ""
    subject: list[_Arg] = []
    objects: list[_Arg] = []
    initiator_is_object = False
    rule_name = rule.name

    # "بين X و Y" right after the trigger (its adjectives allowed): every listed actor takes part.
    between = _BETWEEN.match(text, t_end)
    if between and rule.kind != "verb":
        first = next((i for i in after if participants[i].start >= between.end() - 1), None)
        if first is not None and (participants[first].start - between.end() < 12
                                  or _is_subject_gap(text[between.end():participants[first].start])):
            subject = _chain(participants, first, text, right)
            rule_name += "+between"
    listed: list[_Arg] = []
    if rule.kind == "noun" and not subject:
        next_trigger = min([a for a, _, _ in reader.triggers(t_end, s_end, args)] + [s_end])
        listed = _listed(participants, text, t_end, next_trigger)
    invitation = _INVITATION.search(text, max(left, t_start - 60), t_start) if rule.type == "visit" else None
    if invitation is not None:
        visitor = _invitee(participants, text, invitation, left, t_start)
        subject = [visitor] if visitor else []
        rule_name += "+invitation"
    done_by = _DONE_BY.match(text, t_end) if rule.kind == "noun" and not subject else None
    if done_by:
        first = next((i for i in after if participants[i].start >= done_by.end() - 1), None)
        if first is not None and _is_subject_gap(text[done_by.end():participants[first].start]):
            subject = _chain(participants, first, text, right)
    if not subject and not invitation and rule.kind == "noun":
        support = None
        for match in _SUPPORT_VERB.finditer(text, left, t_start):
            support = match
        if support is not None:
            # the noun must be the support verb's object (أجرى X اتصالا), not further away (أصدروا بيانا
            # دعوا فيه إلى استئناف المفاوضات)
            last = max([support.end()] + [a.end for a in participants if support.end() <= a.start < t_start])
            if len(text[last:t_start].split()) > 3 or _PREPOSITION.search(text, last, t_start) \
                    or _CLAUSE_BREAK.search(text, last, t_start):
                support = None
        genitive = [i for i in after if participants[i].start - t_end <= 3 and participants[i].prefix == ""]
        if support is not None and _CANCEL_SUPPORT.match(support.group(0)) and genitive:
            subject = _chain(participants, genitive[0], text, right)  # ألغى X زيارة وفد إسرائيلي: the delegation visits
        elif support is not None:
            inside = [i for i in before if participants[i].start >= support.end()]
            if inside:
                subject = _chain(participants, inside[0], text, t_start)
            elif before and len(text[participants[before[-1]].end:support.start()].split()) <= 8:
                subject = _chain_back(participants, before[-1], text, left)
            initiator_is_object = bool(_RECEIVED.search(support.group(0)))
        elif suffix in ("هم", "هما"):  # محادثتهم الهاتفية: the two people just named
            people = [participants[i] for i in before if participants[i].type == "PER"]
            if len(people) >= 2:
                subject = people[-2:]
        elif suffix in ("ه", "ها"):
            # لقائه: the owner is the person named last in this clause, else the last one before it
            in_clause = [a for a in participants if left <= a.start and a.end <= t_start and a.type == "PER"]
            owner = in_clause[-1].actors[0] if in_clause else reader._earlier_person(t_start, None, None)
            if owner:
                subject = [_Arg(t_start, t_start, (owner,), "PER", "pronoun")]
        if not subject and after and participants[after[0]].prefix == "" and (
                participants[after[0]].start - t_end <= 3 or _TITLE_GAP.fullmatch(text[t_end:participants[after[0]].start])):
            subject = _chain(participants, after[0], text, right)  # اتصالات غالانت ــ أوستن, اجتماع جنيف
        if not subject and rule.type in ("statement", "armed-exchange") and before:
            subject = _chain_back(participants, before[-1], text, left)
    elif not subject and not invitation:
        gap_before = text[participants[before[-1]].end:t_start] if before else ""
        svo = before and participants[before[-1]].prefix not in ("ب", "ل") and (
            len(gap_before.split()) <= 1 or re.fullmatch(r"\s*،[^،]*،\s*", gap_before))
        shared = trigger_word.startswith("و") and earlier and earlier[-1].participants
        vso = not svo and not shared and after and after and _is_subject_gap(text[t_end:participants[after[0]].start]) \
            and participants[after[0]].prefix == ""
        main = [a for a in participants if s_start <= a.start and a.end <= left and a.type == "PER"
                and a.prefix not in ("ب", "ل")]
        if svo and suffix and earlier and earlier[-1].sentence == sentence.index \
                and participants[before[-1]].actors[0] in earlier[-1].participants[1:]:
            # أجرى X اتصالا بـY، حذره فيه: the object of the last clause is the object here too
            subject = [_Arg(t_start, t_start, (earlier[-1].participants[0],), "PER", "pronoun")]
        elif not before and main and re.search(_pattern("حيث") + r"\s*$", text[max(s_start, left - 8):left]) \
                and len(text[left:t_start].split()) <= 1:
            subject = main[-1:]  # وانتقل X إلى ...، حيث التقى Y: the subject of the main clause
        elif shared:  # أجرى أوستن اتصالا بغالانت، وحذره: the coordinated verb shares the subject
            subject = [_Arg(t_start, t_start, (earlier[-1].participants[0],), "PER", "pronoun")]
        elif vso:
            subject = _chain(participants, after[0], text, right)
        elif before and len(gap_before.split()) <= 8:
            subject = _chain_back(participants, before[-1], text, left)
        elif re.match(r"\s*(?:[وفبل])?ال", text[t_end:t_end + 8]):
            pass  # a subject the recogniser does not know follows the verb (حذر الزعيمان): no guessing
        elif earlier and earlier[-1].participants:
            subject = [_Arg(t_start, t_start, (earlier[-1].participants[0],), "PER", "pronoun")]
        elif rule.kind == "verb":
            owner = reader._earlier_person(t_start, None, None)
            if owner:
                subject = [_Arg(t_start, t_start, (owner,), "PER", "pronoun")]
    if not subject and re.search(_pattern("أنه", "بأنه", "إنه") + r"\s*$", text[max(0, left - 8):left]):
        speaker = [a for a in participants if a.end <= left and a.type == "PER"
                   and a.start >= reader.folded.position[sentence.start]]
        if speaker:  # صرح أوستن بأنه حث ...: the speaker did it
            subject = [speaker[-1]]
    taken = {id(a) for a in subject}
    anchor = max([a.end for a in subject if a.start >= t_end] or [t_end])
    rest = [i for i in after if id(participants[i]) not in taken and participants[i].start >= anchor]
    while rest and rule.type in ("meeting", "negotiation", "visit", "host-visit") \
            and _is_place_arg(reader, text, participants[rest[0]]) and len(text[anchor:participants[rest[0]].start].split()) <= 3:
        anchor = participants[rest[0]].end  # استقبل X في رام الله الأسبوع الماضي Y: the place, then the guest
        rest = rest[1:]
    if listed:
        if subject:
            objects = [a for a in listed if id(a) not in taken]
        else:
            subject = listed
        rule_name += "+list"
    elif invitation is not None:
        pass  # the host is the destination (دعوة لزيارة طهران), never the inviter
    elif rest and not between:
        first = participants[rest[0]]
        gap = text[anchor:first.start]
        received = _RECEIVED.search(text[left:t_start]) and re.search(_pattern("من") + r"\s+(?:\S+\s+){0,6}$", gap)
        with_marker = re.search(_START + _pattern("مع") + r"\s+(?:\S+\s+){0,8}$", gap) or first.prefix == "ب" \
            or rule.kind == "noun" and first.prefix == "ل" and first.type == "PER" \
            or re.search(r"(?:^|\s)" + _OBJECT_TITLE + r"(?:\s+\S+){0,4}\s*$", gap)
        untitled = _without_role(reader, gap, first)
        direct = (rule.kind in ("verb", "discuss") or suffix in ("ه", "ها")) and len(untitled.split()) <= 6 \
            and not _PREPOSITION.search(untitled)
        if with_marker or direct or received:
            objects = _chain(participants, rest[0], text, right)
            initiator_is_object = initiator_is_object or bool(received)
    if not objects and suffix and rule.kind == "verb" and subject:
        other = _other_person(reader, t_start, set(_actors_of(subject)))
        if other:
            objects = [_Arg(t_start, t_end, (other,), "PER", "pronoun")]
    place, destination = _place(reader, args, rule, t_start, t_end, s_end, subject)
    if rule.type in ("visit", "host-visit"):
        objects = [a for a in objects if a.actors != (destination,)]
        # whom the visitor met is told before the next visit in the sentence (استقبال X لـY بعد زيارة ...)
        visit_end = min([a for a, b, r in reader.triggers(t_end, s_end, args)
                         if r.type in ("visit", "host-visit") and not re.search(r"ت(?:ه|ها)$", text[a:b])] + [s_end])
        objects += _met(participants, text, t_end, visit_end, subject + objects)
    subject_actors = _states(reader, _actors_of(subject))
    object_actors = _states(reader, _actors_of(objects))
    actors = list(dict.fromkeys(subject_actors + object_actors))
    if rule.type == "visit" and len(actors) == 1 and destination is not None:
        host = reader._state_of(destination)
        if reader.actors[host].type == "GPE" and host not in actors:
            actors.append(host)
    # a verb done to someone needs that someone; two people calling each other (تحدثا هاتفيا) do not
    directed = rule.kind == "verb" and (rule.type in ("visit", "host-visit", "urge", "warn", "demand")
                                        or rule.type == "call" and len(subject_actors) < 2)
    if len(actors) < 2 or not subject_actors or directed and not (object_actors or destination):
        # no one did it, or a verb with no one it was done to (حذر X وY من الحرب: a joint warning)
        return None
    status = _status(text, left, t_end, right, trigger_word)
    if invitation is not None and status == "held":
        status = "planned"
    initiator = None
    if rule.type in ("call", "visit", "urge", "warn", "demand", "host-visit") and subject_actors and object_actors:
        initiator = object_actors[0] if initiator_is_object or rule.type == "host-visit" else subject_actors[0]
    elif invitation is not None:
        initiator = subject_actors[0]  # the invitee will visit
    draft = _Draft(rule.type, rule_name, status, sentence.index, t_start, actors, initiator)
    draft.generic = rule.kind == "discuss"
    draft.sides_only = all(a.source == "side" for a in subject + objects)
    draft.place = place
    references = {a.source for a in subject + objects} - {"mention"}
    draft.confidence = 0.6 if draft.generic else 0.75 if references else 0.9
    draft.date = _date(reader, sentence, t_start, status == "planned")
    reference = reader.document.date
    if status == "held" and draft.date and _day(reference) and _after(draft.date.iso, _day(reference)):
        draft.status = "planned"  # يزور ماكرون القاهرة الأسبوع المقبل
    phrase = _topic_phrase(reader, sentence, max([t_end] + [a.end for a in subject + objects if a.start >= t_end])
                           if rule.name == "discuss-verb" else t_end, rule)
    if phrase:
        draft.topic_phrases.append(phrase)
    draft.evidence.append(_evidence(reader, sentence, draft))
    return draft


def _after(iso: str, reference: dt.date) -> bool:
    """Whether the date ``iso`` (day, ISO week, month or year) lies wholly after the day ``reference``."""
    if "W" in iso:
        year, week = iso.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1) > reference
    return iso > reference.isoformat()[:len(iso)]


def _is_subject_gap(gap: str) -> bool:
    """Whether the words between a verb and a name are a title (VSO subject), not a preposition or clause."""
    words = gap.split()
    return len(words) <= 6 and not _PREPOSITION.search(gap) and not _CLAUSE_BREAK.search(gap) \
        and not any(_TOPIC_MARKER.match(w) for w in words) \
        and not re.search(r"(?:^|\s)" + _OBJECT_TITLE, gap) and not _COUNTERPART.search(gap) \
        and not re.search(_START + _pattern("بين") + _END, gap)


#: A title glued to ب or ل: what follows is an object (اتصلت بوزير الدفاع ..., للرئيس بايدن).
_OBJECT_TITLE = r"(?:ب|بال|لل)(?:وزير|نظير|رييس|مستشار|قايد|مبعوث|زعيم|امين|ملك|امير|سفير)\S*"


def _other_person(reader: _DocumentReader, before: int, exclude: set[str]) -> str | None:
    for mention in reversed(reader.mentions):
        if reader.folded.position[mention.end] <= before and reader.actors[mention.actor_id].type == "PER" \
                and mention.actor_id not in exclude:
            return mention.actor_id
    return None


def _states(reader: _DocumentReader, actor_ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(reader._state_of(a) for a in actor_ids))


def _met(participants: list[_Arg], text: str, t_end: int, s_end: int, taken: list[_Arg]) -> list[_Arg]:
    """People a visitor met: named after مع، للقاء، لإقناع، عبر in the rest of the sentence."""
    used = {id(a) for a in taken}
    met: list[_Arg] = []
    for marker in _PURPOSE_MEETING.finditer(text, t_end, s_end):
        first = next((i for i, a in enumerate(participants) if a.start >= marker.end() and a.type == "PER"), None)
        if first is None or participants[first].start - marker.end() > 60 \
                or _CLAUSE_BREAK.search(text, marker.end(), participants[first].start):
            continue
        met.extend(a for a in _chain(participants, first, text, s_end) if id(a) not in used and a not in met)
    return met


_BECAUSE = _fold_text("بسبب")


def _place(reader: _DocumentReader, args: list[_Arg], rule: _TriggerRule, t_start: int, t_end: int, s_end: int,
           taken: list[_Arg]) -> tuple[str | None, str | None]:
    """The place of a meeting or visit and, for a visit, its destination: the first GPE/LOC after في، إلى، لدى،
    لـ (or the object of زار, or a genitive: اجتماع جنيف), or an organisation's seat after في (في البيت الأبيض),
    close after the trigger or its participants and before the topic; else "في X" just before the trigger
    (عقد في القاهرة اجتماع)."""
    if rule.type not in ("meeting", "negotiation", "visit", "host-visit"):
        return None, None
    text = reader.folded.text
    topic = _TOPIC_MARKER.search(text, t_end, s_end)
    limit = topic.start() if topic else s_end
    used = {id(a) for a in taken}
    anchor = t_end
    for arg in args:
        if arg.start < t_end or arg.start >= limit:
            continue
        gap = text[anchor:arg.start].replace("،", " ، ").split()
        purpose = any(len(w) > 2 and w.startswith("ل") and not w.startswith("لد") and (i == 0 or gap[i - 1] == "،")
                      or w == _BECAUSE for i, w in enumerate(gap))
        if len([w for w in gap if w != "،"]) > 6 or purpose:
            break  # too far from the event, or in a purpose clause (، لتجنب الحرب في غزة): not its place
        if id(arg) not in used and arg.source == "mention":
            before = text[t_end:arg.start]
            marker = re.search(r"(?:" + _pattern("في", "إلى", "الى", "لدى") + r"\s+|[بل]|" + _pattern("ل")
                               + r"\s*)$", before)
            genitive = not before.split()
            direct = rule.kind == "verb" and rule.type == "visit" and len(text[anchor:arg.start].split()) <= 6 \
                and not _PREPOSITION.search(text, anchor, arg.start)
            if arg.type in ("GPE", "LOC") and (marker or genitive or direct) \
                    or arg.type == "ORG" and re.search(_START + _pattern("في") + r"\s+$", before):
                return arg.actors[0], arg.actors[0] if rule.type in ("visit", "host-visit") else None
        anchor = arg.end
    preceding = [a for a in args if a.source == "mention" and a.type in ("GPE", "LOC") and a.end <= t_start
                 and re.search(_START + _pattern("في") + r"\s+$", text[max(0, a.start - 4):a.start])
                 and len(text[a.end:t_start].split()) <= 1 and "،" not in text[a.end:t_start]]
    return (preceding[-1].actors[0], None) if preceding else (None, None)


def _status(text: str, left: int, t_end: int, right: int, trigger: str) -> str:
    window = text[max(0, left - 25):min(right, t_end + 40)]
    if _CANCELLED.search(window):
        return "cancelled"
    if re.match(r"(?:[وف])?س[يتن]", trigger) or _PLANNED.search(window):
        return "planned"
    return "held"


def _date(reader: _DocumentReader, sentence: Sentence, t_start: int, future: bool) -> DateValue | None:
    """The date expression of the sentence nearest the trigger, resolved (``None`` if none or unresolvable)."""
    text = reader.folded.text
    s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
    reference = reader.document.date
    s_start = _clause_start(text, s_start, t_start)
    s_end = min((m.start() for m in (_CLAUSE_BREAK.search(text, t_start, s_end),) if m), default=s_end)
    candidates: list[tuple[int, DateValue | None]] = []
    for mention in find_dates(sentence.text, reference):
        position = reader.folded.position[sentence.start + mention.start]
        if not s_start <= position < s_end:
            continue
        if not re.search(_pattern("منذ") + r"\s*(?:\S+\s+){0,3}$", text[max(s_start, position - 30):position]):
            candidates.append((position, DateValue(mention.iso, mention.precision)))
    for match in _RELATIVE_DATE.finditer(text, s_start, s_end):
        if any(match.start() <= p < match.end() for p, _ in candidates):
            continue
        if re.search(_pattern("منذ") + r"\s*$", text[max(s_start, match.start() - 8):match.start()]):
            continue
        if match.group("next_day"):
            previous = next((d.date for d in reversed(reader.drafts) if d.date and d.date.precision == "day"), None)
            value = DateValue((dt.date.fromisoformat(previous.iso) + dt.timedelta(days=1)).isoformat(), "day") \
                if previous else None
        elif match.group("today") and reference and re.search(r"\d", text[match.end():match.end() + 30]):
            continue  # "اليوم الخميس 10 أكتوبر 2024": the absolute date is read by find_dates
        else:
            value = _resolve_match(match, _day(reference), future) if _day(reference) else None
        candidates.append((match.start(), value))
    if not candidates:
        return None
    return min(candidates, key=lambda c: abs(c[0] - t_start))[1]


def _topic_phrase(reader: _DocumentReader, sentence: Sentence, t_end: int, rule: _TriggerRule) -> str | None:
    """The phrase after the topic marker following the trigger, as written, up to the clause end."""
    text = reader.folded.text
    s_end = reader.folded.position[sentence.end]
    if rule.name == "discuss-verb":
        start = t_end
        aside = re.match(r"\s*،\s*(?:" + _pattern("خلال", "في", "عبر", "يوم", "مساء", "أمس", "اليوم") + r")[^،]*،",
                         text[t_end:s_end])
        if aside:
            start += aside.end()
    else:
        marker = _TOPIC_MARKER.search(text, t_end, s_end)
        if not marker or _CLAUSE_BREAK.search(text, t_end, marker.start()):
            return None
        start = marker.end()
    stop = re.compile(r"[،,.:؟?!]|" + _START + _pattern("وفقا", "بحسب", "حسب") + _END)
    end_match = stop.search(text, start, s_end)
    end = end_match.start() if end_match else s_end
    original = reader.document.text[reader.folded.origin[start]:reader.folded.origin[end]].strip(" \"“”«»()")
    original = re.sub(r"^(?:(?:أيضا|أيضًا|ايضا|خلاله|خلالها|خلالهما)\s+)+", "", original).strip(" \"“”«»()")
    return " ".join(original.split()[:20]) or None


def _evidence(reader: _DocumentReader, sentence: Sentence, draft: _Draft) -> Evidence:
    return Evidence(reader.document.doc_id, sentence.index, sentence.start, sentence.end, sentence.text,
                    draft.rule, draft.confidence)


# ------------------------------------------------------------------------------------------- events


def _drop_represented_states(reader: _DocumentReader, participants: list[str]) -> list[str]:
    """With two or more people taking part, the states are represented by them: keep the people."""
    people = [p for p in participants if reader.actors[p].type == "PER"]
    if len(people) >= 2:
        return [p for p in participants if reader.actors[p].type != "GPE"]
    return participants


def _compatible(first: str | None, second: str | None) -> bool:
    """Whether two ISO dates (day, ISO week, month, year) can name the same day."""
    if first is None or second is None:
        return True
    if "W" in first or "W" in second:
        week, other = (first, second) if "W" in first else (second, first)
        if "W" in other:
            return week == other
        if len(other) < 10:
            return other[:4] == week[:4]
        year, number, _ = dt.date.fromisoformat(other).isocalendar()
        return week == f"{year}-W{number:02d}"
    return first.startswith(second) or second.startswith(first)


def _more_precise(first: DateValue | None, second: DateValue | None) -> DateValue | None:
    order = {"day": 3, "week": 2, "month": 1, "year": 0}
    if first is None or (second is not None and order[second.precision] > order[first.precision]):
        return second
    return first


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


# ------------------------------------------------------------------------------------------ scoring


def _gold_actor(key: str, actors: Mapping[str, Actor]) -> str:
    """The actor id of a gold key: the key itself, the actor whose English label slugs to it, or, for an
    Arabic spelling (how gold names actors that are not in the dictionary), the actor with that spelling as
    its label, else as one of its aliases, compared as :func:`kg.arabic.normalise_arabic` keys (several
    such actors: the one with most mentions). An unknown key is returned as it is and matches nothing.

    >>> witkoff = Actor("steve-witkoff-1a2b", "PER", "ستيف ويتكوف", "Steve Witkoff", aliases=["ويتكوف"])
    >>> _gold_actor("ستيف ويتكوف", {witkoff.actor_id: witkoff}), _gold_actor("ويتكوف", {witkoff.actor_id: witkoff})
    ('steve-witkoff-1a2b', 'steve-witkoff-1a2b')
    """
    if key in actors:
        return key
    for actor in actors.values():
        if slug(actor.label_en) == key:
            return actor.actor_id
    spelling = normalise_arabic(key)
    for names_of in (lambda actor: [actor.label], lambda actor: actor.aliases):
        named = [a for a in actors.values() if spelling in {normalise_arabic(name) for name in names_of(a)}]
        if named:
            return min(named, key=lambda actor: (-actor.mentions, actor.actor_id)).actor_id
    return key


def score_interactions(predicted: Sequence[Interaction], gold: Sequence[dict], actors: Mapping[str, Actor]) -> dict:
    """Precision, recall and F1 of ``predicted`` events against ``gold`` entries (dicts with ``doc``, ``type``,
    ``participants``, ``status``, ``date``, ``place``). A prediction matches a gold event when it has
    evidence in the gold document, the same type family, the same participant set and the same status;
    each matches at most once. Date and place accuracy are over the matched pairs.

    >>> from kg.model import Evidence, Interaction
    >>> event = Interaction("e", "call", "041", "held", ["a", "b"], [Evidence("d", 0, 0, 1, ".", "r", 1.0)],
    ...                     date="2024-10-09", date_precision="day")
    >>> gold = [{"doc": "d", "type": "call", "participants": ["b", "a"], "status": "held", "date": "2024-10-09"}]
    >>> score = score_interactions([event], gold, {})
    >>> score["precision"], score["recall"], score["date_accuracy"]
    (1.0, 1.0, 1.0)
    """
    vocabulary = load_vocabulary()
    family = {key: t.family for key, t in vocabulary.types.items()}
    unmatched = list(predicted)
    pairs = []
    missed = []
    for entry in gold:
        wanted = {_gold_actor(k, actors) for k in entry["participants"]}
        match = next((e for e in unmatched
                      if family.get(e.type) == family.get(entry["type"]) and set(e.participants) == wanted
                      and e.status == entry["status"] and entry["doc"] in {v.doc_id for v in e.evidence}), None)
        if match is None:
            missed.append(entry)
        else:
            unmatched.remove(match)
            pairs.append((entry, match))
    matched_predictions = {id(e) for _, e in pairs}
    true_positive = len(pairs)
    # an event reported by several documents matches several gold entries: count it once as predicted
    precision = len(matched_predictions) / len(predicted) if predicted else 0.0
    recall = true_positive / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def gold_value(entry: dict, field_name: str) -> str | None:
        value = entry.get(field_name) or None
        # a gold place may be named by its Arabic spelling, like a participant
        return _gold_actor(value, actors) if field_name == "place" and value else value

    def accuracy(field_name: str) -> float:
        right = sum(gold_value(entry, field_name) == getattr(event, field_name) for entry, event in pairs)
        return right / len(pairs) if pairs else 0.0

    def describe(event) -> str:
        if isinstance(event, dict):
            return f"{event['doc'][:3]} {event['type']} {event['status']} {'+'.join(sorted(event['participants']))}"
        return f"{event.evidence[0].doc_id[:3]} {event.type} {event.status} {'+'.join(event.participants)}"

    return {
        "precision": precision, "recall": recall, "f1": f1,
        "gold": len(gold), "predicted": len(predicted), "matched": true_positive,
        "date_accuracy": accuracy("date"), "place_accuracy": accuracy("place"),
        "missed": [describe(e) for e in missed],
        "spurious": [describe(e) for e in unmatched],
    }
