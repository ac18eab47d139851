"""Normalise: one raw ``SourceText`` in, one clean ``Document`` out.

Raw web text carries site furniture that would otherwise become fake facts: a "related articles" list of
headlines (each one reads like an event), "read also" teasers, source and share lines, section labels,
hashtags (``#سواليف`` is a site, not a person) and paragraphs pasted twice. ``clean_document`` removes
them, keeps the article's own spelling (diacritics included), splits sentences with offsets into
``Document.text`` and reads the publication date.

>>> from kg.model import SourceText
>>> doc = clean_document(SourceText("d1", "d1.txt", "أوستن يحث #غالانت على التهدئة\\nقال أوستن إنه اتصل بغالانت. وأكد الدعم.\\nمقالات ذات صلة\\n• نتنياهو يلتقي بايدن"))
>>> doc.text
'أوستن يحث غالانت على التهدئة\\nقال أوستن إنه اتصل بغالانت. وأكد الدعم.'
>>> [s.text for s in doc.sentences]
['أوستن يحث غالانت على التهدئة', 'قال أوستن إنه اتصل بغالانت.', 'وأكد الدعم.']
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from kg.arabic import normalise_arabic
from kg.errors import KgError
from kg.model import Document, Sentence, SourceText
from kg.vocab import KB_DIR, NAMES_FILE

__all__ = [
    "DateMention",
    "NotAnArticle",
    "clean_document",
    "clean_paragraphs",
    "content_hash",
    "find_dates",
    "find_publication_date",
    "letters_of_presentation_forms",
    "normalise_date",
    "split_sentences",
]

#: An article needs at least this many Arabic letters after cleaning ...
MIN_ARABIC_LETTERS = 40
#: ... and at least this share of its letters must be Arabic (an English article is not an input).
MIN_ARABIC_RATIO = 0.5
#: A later paragraph is a repeated (possibly reworded) copy of an earlier one when at least NEAR_DUPLICATE of
#: its content words and COPIED_PHRASES of its word pairs occur in the earlier one. Measured on the seeds:
#: the seven reworded copies in seed 002 score 0.52-0.85 / 0.35-0.76 (0.53-0.91 in content words without
#: titles and offices, below); distinct paragraphs of the five seeds that share many words (same people, same
#: ceasefire) reach 0.53 but stay at or below 0.17 in word pairs. Titles and offices are no content words:
#: real news repeats them in distinct paragraphs (صاحب السمو الملكي ... ولي العهد ...), and counted as content
#: they made five of the seven paragraphs dropped as copies in the SaudiNewsNet train and dev articles new
#: ones (a reception by Obama, a hospital visit, the guests at a meeting; 0.50-0.60 / 0.30-0.39).
#: A copy also keeps its figures: a paragraph with a number the earlier one lacks is new (real news writes
#: several fines, fields or results in one formula: SaudiNewsNet sn27899, sn29574).
NEAR_DUPLICATE = 0.5
COPIED_PHRASES = 0.3
#: Paragraphs with fewer content words are only dropped as exact repeats (too little to compare).
MIN_WORDS_TO_COMPARE = 6
#: A sentence inside quotation marks is not split until it gets this long (unbalanced quotes stay bounded).
MAX_QUOTED_SENTENCE = 400


class NotAnArticle(KgError, ValueError):
    """Raised by ``clean_document`` when no Arabic article is left; the message is one line for the user."""


# --------------------------------------------------------------------------------------------- helpers

# Runs of letters rather than single letters: counting them is several times faster on a whole article.
_ARABIC_LETTERS = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff]+")
_LATIN_LETTERS = re.compile("[A-Za-z]+")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_HASHTAG = re.compile(r"#([^\W\d][\w\u064b-\u065f\u0670]*)")
_BULLET = re.compile(r"^[•●▪◦·\-–—*►»]\s*")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?؟:،,«»\"“”]")
_WORD = re.compile(r"\w+")


def _flex(word: str) -> str:
    """A regex for ``word`` that tolerates the usual spelling variants (alef forms, final ya/ta marbuta)."""
    parts = []
    for index, char in enumerate(word):
        if char in "اأإآ":
            parts.append("[اأإآ]")
        elif char in "يى" and index == len(word) - 1:
            parts.append("[يى]")
        elif char in "هة" and index == len(word) - 1:
            parts.append("[هة]")
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@functools.lru_cache(maxsize=4096)
def _key(line: str) -> str:
    """Matching key of a line: ``normalise_arabic`` with punctuation and bullets removed."""
    return " ".join(_WORD.findall(normalise_arabic(line)))


def _count_arabic(text: str) -> int:
    return sum(map(len, _ARABIC_LETTERS.findall(text)))


def content_hash(text: str) -> str:
    """SHA-256 (hex) of a cleaned article text: the same article gives the same hash on every machine.

    >>> content_hash("غزة")[:12]
    '47c920a82120'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------------------------- dates

_LEVANTINE_MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8,
    "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}
_EGYPTIAN_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}
_MONTHS = {normalise_arabic(name): number for name, number in {**_LEVANTINE_MONTHS, **_EGYPTIAN_MONTHS}.items()}
# Longest names first so "تشرين الأول" is not read as a shorter name.
_MONTH_NAME = "(?:" + "|".join(_flex(normalise_arabic(name)) for name in sorted(_MONTHS, key=len, reverse=True)) + ")"
# "تشرين الأول/ أكتوبر", "أكتوبر (تشرين الأول)", "تشرين الأول - أكتوبر": one month written twice.
_MONTH = rf"(?P<month>{_MONTH_NAME})(?:\s*[/\-–(]\s*{_MONTH_NAME}\s*\)?)?"
_DAY = r"(?P<day>[0-3]?[0-9٠-٩]|[٠-٣]?[٠-٩]|الأول|الاول)"
_YEAR = r"(?P<year>(?:19|20|١٩|٢٠)[0-9٠-٩]{2})"
_NAMED_DATE = re.compile(
    rf"(?<!\w)(?:{_DAY}\s*(?:من\s+)?)?{_MONTH}(?:\s*(?:من\s+)?(?:عام\s+|العام\s+|سنة\s+)?,?\s*{_YEAR})?(?P<current>\s+الجاري)?(?![\w])")
_NUMERIC_DATE = re.compile(
    r"(?<![\w/.-])(?:(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})|(?P<dd>\d{1,2})[-/.](?P<dm>\d{1,2})[-/.](?P<dy>\d{4}))(?![\w/.-]|\.\d)")
_YEAR_ONLY = re.compile(rf"(?<!\w)(?:عام|العام|سنة|لعام|في عام)\s+{_YEAR}(?!\w)")


@dataclass(frozen=True)
class DateMention:
    """An absolute date written in a text: ``text[start:end]`` reads as ``iso`` (``2024-10-08``, ``2024-10``
    or ``2024``), ``precision`` is ``day``, ``month`` or ``year``."""

    start: int
    end: int
    iso: str
    precision: str


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO form of a date at its precision, or ``None`` if no such calendar day exists."""
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def _reference_date(reference: str | None) -> dt.date | None:
    if not reference:
        return None
    parts = [int(p) for p in reference.split("-")[:3]]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 28)


def _year_for(month: int, day: int | None, reference: dt.date, future: bool = False) -> int:
    """The year of the most recent occurrence of ``day``/``month`` not after ``reference`` (with ``future``,
    the first one not before it: "سيزور واشنطن في سبتمبر")."""
    if future:
        return reference.year + 1 if (month, day or 31) < (reference.month, reference.day) else reference.year
    if (month, day or 1) > (reference.month, reference.day):
        return reference.year - 1
    return reference.year


def find_dates(text: str, reference: str | None = None, future: bool = False) -> list[DateMention]:
    """Every absolute date in ``text``, in order: "10 أكتوبر 2024", "14 تشرين الثاني 2023", "تشرين الأول/
    أكتوبر 2023", "14/11/2023", "2023-11-14", "عام 2006". A date without a year ("في 8 أكتوبر", "أكتوبر
    الجاري") takes its year from ``reference`` (an ISO date, usually the publication date): the most recent
    occurrence not after it, or with ``future`` (a planned event) the first not before it; without a
    reference it is skipped.

    >>> [(m.iso, m.precision) for m in find_dates("التقيا في 8 أكتوبر بعد لقاء تشرين الأول/ أكتوبر 2023", "2024-10-10")]
    [('2024-10-08', 'day'), ('2023-10', 'month')]
    >>> [m.iso for m in find_dates("سيزور واشنطن في سبتمبر", "2015-07-23", future=True)]
    ['2015-09']
    """
    ref = _reference_date(reference)
    found: list[DateMention] = []
    for match in _NAMED_DATE.finditer(text):
        month = _MONTHS[normalise_arabic(match.group("month"))]
        day_text = match.group("day")
        day = 1 if day_text in ("الأول", "الاول") else int(day_text.translate(_ARABIC_DIGITS)) if day_text else None
        if day_text in ("الأول", "الاول") and "من" not in match.group(0).split():
            day = None  # "الأول" alone is part of a month name or an ordinal, not "the first of"
        year_text = match.group("year")
        if year_text:
            year = int(year_text.translate(_ARABIC_DIGITS))
        elif ref is not None:
            year = ref.year if match.group("current") else _year_for(month, day, ref, future)
        else:
            continue
        iso = _iso(year, month, day)
        if iso:
            start = match.start("day") if day is not None else match.start("month")
            end = match.end("year") if year_text else match.end("month") if not match.group("current") else match.end()
            found.append(DateMention(start, end, iso, "day" if day else "month"))
    for match in _NUMERIC_DATE.finditer(text.translate(_ARABIC_DIGITS)):
        if match.group("iy"):
            iso = _iso(int(match.group("iy")), int(match.group("im")), int(match.group("id")))
        else:
            iso = _iso(int(match.group("dy")), int(match.group("dm")), int(match.group("dd")))
        if iso:
            found.append(DateMention(match.start(), match.end(), iso, "day"))
    for match in _YEAR_ONLY.finditer(text):
        if not any(m.start <= match.start("year") < m.end for m in found):
            found.append(DateMention(match.start("year"), match.end("year"),
                                     match.group("year").translate(_ARABIC_DIGITS), "year"))
    return sorted(found, key=lambda m: (m.start, m.end))


#: Arabic weekday names and their ``datetime.date.weekday()`` numbers (Monday is 0).
WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5,
            "الأحد": 6}
_WEEKDAY = "(?:" + "|".join(_flex(normalise_arabic(d)) for d in WEEKDAYS) + ")"
#: Phrases that introduce the publication date (not an event date).
_PUBLICATION_CUE = re.compile(
    rf"(?:تم\s+النشر|نشر|تاريخ\s+النشر|آخر\s+تحديث|اخر\s+تحديث|بتاريخ|اليوم)\s*(?:في|:)?\s*(?:يوم\s+)?(?:{_WEEKDAY}\s*[،,]?\s*)?")
_DATE_LINE = re.compile(r"^[\s\W\d]*$")
# A wire-style dateline opening a paragraph: "القاهرة - الخميس 17 أكتوبر 2024" or "بيروت – (أ ف ب) – ".
_CITY_DATELINE = re.compile(
    rf"^\s*[^\W\d]+(?:\s+[^\W\d]+){{0,1}}\s*[-–—]\s*(?:\([^)\n]{{1,30}}\)\s*[-–—]?\s*)?(?:{_WEEKDAY}\s*[،,]?\s*)?$")
_DATE_WORDS = re.compile(rf"{_WEEKDAY}|(?<!\w)(?:يوم|الساعة|ص|م|AM|PM|am|pm)(?!\w)")


_DIGIT = re.compile(r"\d")


def _is_date_line(line: str) -> bool:
    """A line that holds a date and nothing else but a weekday, a time and separators."""
    if not _DIGIT.search(line):
        return False  # every date ``find_dates`` reads without a reference has digits (a year at least)
    mentions = find_dates(line)
    for mention in reversed(mentions):
        line = line[:mention.start] + line[mention.end:]
    return bool(mentions) and bool(_DATE_LINE.match(_DATE_WORDS.sub("", line)))


def find_publication_date(text: str) -> str | None:
    """The publication date of an article as ISO ``YYYY-MM-DD``, read from a dateline such as "تم النشر في
    14 تشرين الثاني 2023", "اليوم الخميس 10 أكتوبر 2024" or a line that holds only a date; ``None`` if the
    text states none (a date elsewhere in the body is an event date, not the publication date).

    >>> find_publication_date("أكد الرئيس، اليوم الخميس 10 أكتوبر 2024، ضرورة ...")
    '2024-10-10'
    >>> find_publication_date("القاهرة - الخميس 17 أكتوبر 2024 - التقى وزير الخارجية نظيره")
    '2024-10-17'
    """
    for mention in find_dates(text):
        if mention.precision != "day":
            continue
        before = text[max(0, mention.start - 40):mention.start]
        cue = None
        for cue in _PUBLICATION_CUE.finditer(before):
            pass
        if cue is not None and cue.end() == len(before):
            return mention.iso
        line_start = text.rfind("\n", 0, mention.start) + 1
        line_end = text.find("\n", mention.end)
        if (_is_date_line(text[line_start:len(text) if line_end < 0 else line_end])
                or _CITY_DATELINE.match(text[line_start:mention.start])):
            return mention.iso
    return None


def normalise_date(value: str | None) -> str | None:
    """An ISO date (``YYYY-MM-DD``, or ``YYYY-MM``/``YYYY`` when less is known) from metadata written in any
    common form: ISO with a time, ``2024/10/10``, ``10/10/2024``, or Arabic "10 أكتوبر 2024".

    >>> normalise_date("2024-10-10T08:30:00Z"), normalise_date("10/10/2024"), normalise_date("2023-11")
    ('2024-10-10', '2024-10-10', '2023-11')
    """
    if not value or not value.strip():
        return None
    value = value.strip().translate(_ARABIC_DIGITS)
    partial = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", value)
    if partial:
        return _iso(int(partial.group(1)), int(partial.group(2)) if partial.group(2) else None)
    iso_prefix = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])", value)
    if iso_prefix:
        return _iso(*(int(g) for g in iso_prefix.groups()))
    mentions = find_dates(value)
    return mentions[0].iso if mentions else None


# ------------------------------------------------------------------------------------------ boilerplate

_BOILERPLATE_LINES = {_key(line) for line in (
    "اظهر المزيد", "أظهر المزيد", "عرض المزيد", "زر الذهاب إلى الأعلى", "الذهاب إلى الأعلى", "العودة إلى الأعلى",
    "المصدر", "وكالات", "المصدر وكالات", "شارك", "شارك الخبر", "شارك المقال", "مشاركة", "طباعة", "نسخ الرابط",
    "تابعونا", "تابعنا", "اشترك", "التعليقات", "أضف تعليق", "اقرأ المزيد", "للمزيد", "إعلان",
)}
_SHARE_WORDS = {_key(word) for word in (
    "شارك", "شاركها", "مشاركة", "فيسبوك", "فيس", "بوك", "تويتر", "إكس", "واتساب", "واتس", "اب", "تيليجرام",
    "تلغرام", "لينكدإن", "انستغرام", "يوتيوب", "طباعة", "نسخ", "الرابط", "البريد", "الإلكتروني", "عبر", "على",
    "facebook", "twitter", "whatsapp", "telegram", "linkedin", "email", "print", "share", "x",
)}
# A site's tags after the article's last words ("... للحماية. سمات الأحساء الهلال الأحمر وفاة": 1,734 of the
# archive's 3alyoum articles end so); "من سمات" is prose, and so is a سمات that a sentence's end follows.
_TAG_TRAILER = re.compile(r"(?<!\S)(?<!من )سمات(?:\s+[^\s،,؛.!?؟:]+){1,25}\s*$")
_TAG_LINE = re.compile(r"^\s*(?:الوسوم|وسوم|الكلمات\s+المفتاحية|كلمات\s+مفتاحية|الكلمات\s+الدلالية|تاجات|tags)\s*[:：]", re.I)
_RELATED_HEADER = {_key(line) for line in (
    "مقالات ذات صلة", "مقالات مشابهة", "مقالات متعلقة", "أخبار ذات صلة", "أخبار مشابهة", "اخبار متعلقة",
    "مواضيع ذات صلة", "مواضيع مشابهة", "قد يهمك أيضا", "قد يعجبك أيضا", "المزيد من الأخبار", "الأكثر قراءة",
    "الأكثر مشاهدة", "آخر الأخبار", "أخبار متعلقة", "اقرأ أيضا", "إقرأ أيضا",
)}
_READ_ALSO_HEADER = {_key("اقرأ أيضا"), _key("إقرأ أيضا")}
_SOURCE_ONLY_LINE = {_key("المصدر"), _key("وكالات")}
_READ_ALSO = re.compile(rf"^\s*(?:{_flex('اقرأ')}|{_flex('إقرأ')})\s+{_flex('أيضا')}[\u064b\u064c]?\s*[:：\-–]?\s*", re.I)
_SOURCE_LINE = re.compile(r"^\s*(?:ال)?مصدر\s*[:：\-–]\s*\S")
_DATELINE = re.compile(rf"^\s*(?:تم\s+النشر|نشر\s+(?:في|بتاريخ)|تاريخ\s+النشر|{_flex('آخر')}\s+تحديث)")
#: A line longer than this (in words) is body text, never a headline or a list item.
_HEADLINE_MAX_WORDS = 25


def _is_headline(line: str) -> bool:
    """Short, several words, and not ended like a sentence or an intro (``.``, ``،``, ``:``)."""
    words = line.split()
    return 4 <= len(words) <= _HEADLINE_MAX_WORDS and not line.rstrip().endswith((".", "،", ",", ":", "؛"))


def _is_label(line: str) -> bool:
    """A section label, tag or crosshead: at most three words and no punctuation at all ("عرب وعالم")."""
    return len(line.split()) <= 3 and not _SENTENCE_PUNCTUATION.search(line)


def _is_share_line(key: str) -> bool:
    return bool(key) and all(word in _SHARE_WORDS for word in key.split())


def _is_hashtag_line(line: str) -> bool:
    words = line.split()
    return bool(words) and all(word.startswith("#") for word in words)


def _unhashtag(line: str) -> str:
    """``#لويد_أوستن`` -> ``لويد أوستن``: the words stay, the marks go."""
    return _HASHTAG.sub(lambda m: m.group(1).replace("_", " ").strip(), line)


def _lines(text: str) -> list[str]:
    """Non-empty lines with whitespace runs collapsed (original spelling kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return [line for line in (_SPACES.sub(" ", raw).strip() for raw in text.split("\n")) if line]


def _drop_boilerplate(lines: list[str]) -> list[str]:
    """Remove site furniture line by line.

    Rules, in order: a related-articles header drops itself and the list that follows (bullets or short
    headline lines) up to the next long paragraph; "اقرأ أيضاً: headline" drops the line, and a bare
    "اقرأ أيضاً:" also the headline on the next line; a source line ("المصدر: ...", "وكالات") that follows the
    body closes the article when a teaser comes next (what follows is another article); date, tag, share
    and hashtag-only lines go; labels of at most three words go; the tags after the last line's words go.
    """
    kept: list[str] = []
    index = 0
    after_source = False
    while index < len(lines):
        line = lines[index]
        key = _key(line)
        index += 1
        read_also = _READ_ALSO.match(line)
        if key in _RELATED_HEADER or read_also:
            remainder = line[read_also.end():] if read_also else ""
            if after_source:
                break  # the article ended at its source line: the rest is other articles
            if key in _RELATED_HEADER and not remainder:
                is_list = key not in _READ_ALSO_HEADER
                while index < len(lines) and (_BULLET.match(lines[index]) or _is_headline(lines[index])):
                    index += 1
                    if not is_list:
                        break
            continue
        if _SOURCE_LINE.match(line) or key in _SOURCE_ONLY_LINE:
            after_source = after_source or bool(kept)
            continue
        if (key in _BOILERPLATE_LINES or _is_share_line(key) or _TAG_LINE.match(line) or _is_hashtag_line(line)
                or _DATELINE.match(line) or not _ARABIC_LETTERS.search(line) or _is_label(line)):
            continue
        if _is_date_line(line):
            continue
        kept.append(_unhashtag(line))
    if kept and (trailer := _TAG_TRAILER.search(kept[-1])):
        kept[-1] = kept[-1][:trailer.start()].rstrip()
        if not kept[-1]:
            kept.pop()
    return kept


# ---------------------------------------------------------------------------------------------- credits

#: Lines at the top of an article that may hold its credit (reporter, newspaper, city, wire dateline).
CREDIT_LINES = 4
_DASH = r"\-–—"
_CREDIT_WORD = rf"[^\s\d{_DASH}:：،,.!?؟\"“”«»()]+"
_CREDIT_SEGMENT = rf"{_CREDIT_WORD}(?:\s+{_CREDIT_WORD}){{0,3}}"
# A credit: two to four short segments between dashes, alone on its line or before a colon and the body
# ("سلطان السلمي- سبق- جدة: أكد ...", "عين اليوم – جدة", "عمر إبراهيم – عين اليوم").
_CREDIT = re.compile(rf"^\s*{_CREDIT_SEGMENT}(?:(?:\s*[{_DASH}]+)+\s*{_CREDIT_SEGMENT}){{1,3}}\s*[{_DASH}]*\s*(?:[:：]\s*|$)")
_PHOTO_CREDIT = re.compile(r"\(\s*(?:تصوير|عدسة|تصوير وتحرير)\s*[:：][^)]*\)")
# A wire dateline: city, Hijri date, "corresponding to" and the Gregorian date, then the agency
# ("مكة المكرمة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس").
_WIRE_DATELINE = re.compile(rf"^\s*(?:{_CREDIT_WORD}\s+){{0,3}}\d{{1,2}}\s+\S+\s+14\d\d\s*هـ*\s*الموافق\s+\d{{1,2}}\s+\S+\s+(?:19|20)\d\d\s*م?\s*(?:{_CREDIT_WORD}\s*){{0,2}}$")
# A link line ("رابط الخبر بصحيفة الوئام: headline") ends the article's text.
_LINK_LINE = re.compile(r"\s*رابط\s+الخبر\b.*$")


def _without_credit(line: str) -> str:
    """``line`` without the credit that opens it (all of it when it is only a credit or a wire dateline)."""
    if _WIRE_DATELINE.match(line):
        return ""
    line = _PHOTO_CREDIT.sub("", line)
    credit = _CREDIT.match(line)
    return line[credit.end():].strip() if credit else line


def _drop_credits(lines: list[str]) -> list[str]:
    """Remove the credit of an article's first lines and every link line: reporters, photographers and the
    newspaper are no part of the story (docs/annotation.md: bylines and link lines are not actors).

    >>> _drop_credits(["عين اليوم – جدة", "سبق- الرياض: أطلقت الشركة عروضا.", "نص. رابط الخبر بصحيفة الوئام: ولي العهد"])
    ['أطلقت الشركة عروضا.', 'نص.']
    """
    kept = []
    for index, line in enumerate(lines):
        line = _LINK_LINE.sub("", line)
        if index < CREDIT_LINES:
            line = _without_credit(line)
        if line:
            kept.append(line)
    return kept


# ------------------------------------------------------------------------------------ repeated paragraphs

_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_STOPWORDS = {_key(word) for word in (
    "في", "من", "إلى", "على", "عن", "مع", "أن", "إن", "أنه", "إنه", "التي", "الذي", "الذين", "هذا", "هذه", "ذلك",
    "تلك", "ما", "لا", "لم", "لن", "قد", "كان", "كانت", "بين", "بعد", "قبل", "حتى", "أو", "ثم", "كما", "أيضا",
    "هو", "هي", "هم", "كل", "أي", "عند", "خلال", "حول", "منذ", "وقد", "يوم", "به", "بها", "له", "لها",
)}


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str | None:
    """A key word without its leading clitics (و ف ب ل ك ال), or ``None`` for a stopword or a number."""
    if word in _STOPWORDS or word.isdigit():
        return None
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            return word[len(clitic):]
    return word


class _Fingerprint(NamedTuple):
    """What a repeat is told by: a text's matching key, its content words (matching keys with clitics
    stripped; stopwords, titles and offices dropped), its pairs of consecutive key words and its numbers (as values: ١٠ is
    10). ``_drop_repeats`` computes it once per paragraph and hands it around, since each paragraph is
    compared several times."""

    key: str
    words: set[str]
    pairs: set[tuple[str, str]]
    numbers: frozenset[str]


@functools.lru_cache(maxsize=1)
def _formula_words() -> frozenset[str]:
    """The stems of the words of people's titles (``ontology/names.toml``) and of the knowledge base's office
    phrases (``offices.toml``): صاحب، السمو، الملكي، ولي، العهد، وزير، الخارجية ...; the office phrases name
    states and bodies too (وزير خارجية إيران), whose words a copy shares as well."""
    phrases = tomllib.loads(NAMES_FILE.read_text(encoding="utf-8"))["titles"]["phrases"]
    offices = tomllib.loads((KB_DIR / "offices.toml").read_text(encoding="utf-8"))["offices"].values()
    words = {_key(word) for phrase in [*phrases, *(p for office in offices for p in office.get("ar", ()))]
             for word in phrase.split()}
    return frozenset(stem for stem in map(_stem, words) if stem)


def _fingerprint(text: str) -> _Fingerprint:
    key = _key(text)
    words = key.split()
    formula = _formula_words()
    return _Fingerprint(key, {stem for stem in map(_stem, words) if stem and stem not in formula},
                        set(zip(words, words[1:])), frozenset(str(int(word)) for word in words if word.isdecimal()))


def _overlap(paragraph: set, earlier: set) -> float:
    """Share of ``paragraph``'s words (or word pairs) that ``earlier`` also has (containment, not Jaccard,
    so a short rewording of a long paragraph still counts as a copy)."""
    return len(paragraph & earlier) / len(paragraph) if paragraph else 0.0


class _CopyFinder:
    """The paragraphs seen so far, indexed by content word, to tell whether a new one repeats one of them.

    A headline or a paragraph of fewer than MIN_WORDS_TO_COMPARE content words is only ever repeated
    exactly: a lead paragraph restates its headline's words by design."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._fingerprints: list[_Fingerprint] = []
        self._postings: dict[str, list[int]] = {}
        self._exact: dict[str, int] = {}
        self._compared: set[int] = set()
        # Compared paragraphs not yet in ``_postings``: indexing waits for a search over all paragraphs, as
        # searches among given paragraphs (nearly all of those ``_glue_point`` makes) never use it.
        self._unindexed: list[int] = []

    def add(self, paragraph: str, fingerprint: _Fingerprint) -> None:
        index = len(self.paragraphs)
        self.paragraphs.append(paragraph)
        self._fingerprints.append(fingerprint)
        self._exact.setdefault(fingerprint.key, index)
        if len(fingerprint.words) >= MIN_WORDS_TO_COMPARE and not _is_headline(paragraph):
            self._compared.add(index)
            self._unindexed.append(index)

    def original_of(self, fingerprint: _Fingerprint, among: list[int] | None = None) -> int | None:
        """Index of the first paragraph (of ``among``, default all) that the paragraph with this fingerprint
        repeats, or ``None``."""
        exact = self._exact.get(fingerprint.key)
        words = fingerprint.words
        if exact is not None or len(words) < MIN_WORDS_TO_COMPARE:
            return exact if among is None or exact in among else None
        if among is not None:
            return self._first_copied(fingerprint, among)
        for index in self._unindexed:
            for word in self._fingerprints[index].words:
                self._postings.setdefault(word, []).append(index)
        self._unindexed.clear()
        # A paragraph holding NEAR_DUPLICATE of these words holds at least one of the rarest
        # len(words) * (1 - NEAR_DUPLICATE) + 1 of them: only paragraphs with those need comparing.
        # Words no paragraph has yet are the rarest of all and bring no candidates.
        rarest_needed = int(len(words) * (1 - NEAR_DUPLICATE)) + 1
        known = [word for word in words if word in self._postings]
        unseen = len(words) - len(known)
        if unseen >= rarest_needed:
            return None
        rarest = sorted(known, key=lambda word: (len(self._postings[word]), word))
        candidates = set()
        for word in rarest[:rarest_needed - unseen]:
            candidates.update(self._postings[word])
        return self._first_copied(fingerprint, candidates)

    def _first_copied(self, fingerprint: _Fingerprint, among) -> int | None:
        for index in sorted(among):
            if (index in self._compared
                    and _overlap(fingerprint.words, self._fingerprints[index].words) >= NEAR_DUPLICATE
                    and _overlap(fingerprint.pairs, self._fingerprints[index].pairs) >= COPIED_PHRASES
                    and fingerprint.numbers <= self._fingerprints[index].numbers):
                return index
        return None


_SENTENCE_END = (".", "!", "?", "؟", "…")


def _glue_point(paragraph: str, earlier: _CopyFinder, first_words: dict[str, list[int]],
                same_start: list[str]) -> int | None:
    """Where a second pasted copy starts inside ``paragraph`` ("...إلى تعأعلن البيت الأبيض ..."), or ``None``.

    A candidate point is where ``paragraph`` stops sharing its beginning with another paragraph
    (``same_start``: the truncated text continues in full elsewhere), or where a word, or the end of a word
    glued to it, is the first word of an earlier paragraph (``first_words``: word -> paragraph indices);
    a whole word only counts after a sentence end.
    It is the glue point when what follows it repeats an earlier paragraph and what precedes it does not.
    """
    candidates: dict[int, list[int] | None] = {}
    for other in same_start:
        common = len(_common_prefix(paragraph, other))
        if common < len(paragraph) - 15 and common < len(other):
            candidates[common] = None  # compare with every earlier paragraph
    # Searching the paragraph for each first word (in C) is much faster than looking up every suffix of
    # every word: an article has few distinct first words, and they seldom occur.
    for first_word, indices in first_words.items():
        point = paragraph.find(first_word, 1)
        while point >= 0:
            end = point + len(first_word)
            ends_a_word = end == len(paragraph) or paragraph[end].isspace()
            # A copy starts glued inside a word ("تعأعلن") or after a sentence end, never after a mere space.
            if ends_a_word and point not in candidates and (
                    not paragraph[point - 1].isspace() or paragraph[:point].rstrip().endswith(_SENTENCE_END)):
                candidates[point] = indices
            point = paragraph.find(first_word, point + 1)
    for point in sorted(candidates):
        original = earlier.original_of(_fingerprint(paragraph[point:]), candidates[point])
        if original is not None and earlier.original_of(_fingerprint(paragraph[:point]), [original]) is None:
            return point
    return None


def _common_prefix(a: str, b: str) -> str:
    length = 0
    for char_a, char_b in zip(a, b):
        if char_a != char_b:
            break
        length += 1
    return a[:length]


#: Paragraphs whose first GLUE_PREFIX characters agree are compared for a glue point.
GLUE_PREFIX = 15


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """Drop exact and near-duplicate paragraphs, keeping the first version of each.

    A paragraph glued to the start of a pasted copy is cut at the glue point: the copy part is compared like
    any paragraph; the truncated head is dropped when another paragraph starts with it (its full version),
    else kept. A later paragraph that repeats an earlier one (see ``_CopyFinder``) is dropped even when
    reworded: in pasted copies the rewording restates the same facts, and keeping it would double every
    event. A later paragraph that mostly says new things is kept.
    """
    by_start: dict[str, list[str]] = {}
    for paragraph in paragraphs:
        by_start.setdefault(paragraph[:GLUE_PREFIX], []).append(paragraph)
    earlier = _CopyFinder()
    first_words: dict[str, list[int]] = {}
    pieces: list[tuple[str, _Fingerprint]] = []
    for paragraph in paragraphs:
        same_start = [p for p in by_start[paragraph[:GLUE_PREFIX]] if p is not paragraph]
        point = _glue_point(paragraph, earlier, first_words, same_start)
        fingerprint = _fingerprint(paragraph)
        words = paragraph.split(maxsplit=1)
        if words and len(words[0]) >= 3:
            first_words.setdefault(words[0], []).append(len(earlier.paragraphs))
        earlier.add(paragraph, fingerprint)
        if point is None:
            pieces.append((paragraph, fingerprint))
            continue
        head, tail = paragraph[:point].rstrip(), paragraph[point:].lstrip()
        if not any(_key(other).startswith(_key(head)) for other in same_start):
            pieces.append((head, _fingerprint(head)))
        pieces.append((tail, _fingerprint(tail)))
    kept = _CopyFinder()
    for piece, fingerprint in pieces:
        if kept.original_of(fingerprint) is None:
            kept.add(piece, fingerprint)
    return kept.paragraphs


# ----------------------------------------------------------------------------------------- sentences

_TERMINATOR = re.compile(r"(?:\.{2,}|…|[.!?؟])+[\"”»'’)\]]*")
_OPENING_QUOTES = "“«"
_CLOSING_QUOTES = "”»"
_QUOTE = re.compile('[“«”»"]')


def _one_letter_word_before(line: str, end: int) -> bool:
    """Whether the last word of ``line[:end]`` is a single character (found from ``end`` backwards)."""
    last = end - 1
    while last >= 0 and line[last].isspace():
        last -= 1
    return last >= 0 and (last == 0 or line[last - 1].isspace())


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with offsets: split at line ends and after ``. ! ? ؟ … ..`` followed by a space,
    never inside a number (``1701.5``) nor after a one-letter abbreviation (``د.``), and not inside a
    quotation until it grows past ``MAX_QUOTED_SENTENCE`` characters. Each ``Sentence.text`` equals
    ``text[start:end]`` with surrounding whitespace excluded.

    >>> [s.text for s in split_sentences("قال: «وصلنا. وسنبقى». القرار 1701.5 نافذ؟ نعم")]
    ['قال: «وصلنا. وسنبقى».', 'القرار 1701.5 نافذ؟', 'نعم']
    """
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        start = line_start
        depth, straight_open, scanned = 0, False, 0
        for match in _TERMINATOR.finditer(line):
            # Quotes up to the end of the terminator (which may close a quote but never opens one).
            for quote in _QUOTE.findall(line, scanned, match.end()):
                if quote in _OPENING_QUOTES:
                    depth += 1
                elif quote in _CLOSING_QUOTES:
                    depth = max(0, depth - 1)
                else:
                    straight_open = not straight_open
            scanned = match.end()
            end = line_start + match.end()
            following = line[match.end():match.end() + 1]
            if following and not following.isspace():
                continue  # 1701.5, a.b: not a boundary
            if match.group() == "." and _one_letter_word_before(line, match.start()):
                continue  # one-letter abbreviation
            if (depth or straight_open) and end - start < MAX_QUOTED_SENTENCE:
                continue
            spans.append((start, end))
            start = end
        spans.append((start, line_start + len(line)))
        line_start += len(line) + 1
    sentences = []
    for start, end in spans:
        chunk = text[start:end]
        stripped_start = start + len(chunk) - len(chunk.lstrip())
        stripped_end = end - (len(chunk) - len(chunk.rstrip()))
        if stripped_end > stripped_start:
            sentences.append(Sentence(len(sentences), stripped_start, stripped_end, text[stripped_start:stripped_end]))
    return sentences


# ------------------------------------------------------------------------------------------ documents


#: Arabic presentation forms of letters (U+FB50-U+FDFF, U+FE80-U+FEFC): glyph shapes some sites write instead
#: of letters. The isolated marks before them (U+FE70-U+FE7F) stay: NFKC would make each a space and a mark.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe80-\ufefc]+")


def letters_of_presentation_forms(text: str) -> str:
    """``text`` with Arabic presentation forms written as the letters they show (a lam-alef ligature as two
    letters): a name written in glyph shapes is the same name.

    >>> letters_of_presentation_forms("جامعة ا\ufef7ميرة نورة") == "جامعة الأميرة نورة"
    True
    """
    return _PRESENTATION_FORMS.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)


def clean_paragraphs(text: str) -> list[str]:
    """The article's own paragraphs, in order: presentation forms written as letters, boilerplate, credits,
    hashtag marks and repeated paragraphs removed.

    >>> clean_paragraphs("عرب وعالم\\nاجتماع سري بين واشنطن وطهران\\n#سواليف\\nغزة\\nغزة")
    ['اجتماع سري بين واشنطن وطهران']
    """
    return _drop_repeats(_drop_credits(_drop_boilerplate(_lines(letters_of_presentation_forms(text)))))


def _arabic_share(text: str) -> tuple[int, float]:
    arabic = _count_arabic(text)
    letters = arabic + sum(map(len, _LATIN_LETTERS.findall(text)))
    return arabic, arabic / letters if letters else 0.0


def _require_arabic(source: SourceText, text: str) -> None:
    """Raise ``NotAnArticle`` unless the cleaned ``text`` is an Arabic article (see MIN_ARABIC_*)."""
    arabic, share = _arabic_share(text)
    if arabic >= MIN_ARABIC_LETTERS and share >= MIN_ARABIC_RATIO:
        return
    raw_arabic, raw_share = _arabic_share(source.text)
    if raw_share < MIN_ARABIC_RATIO or arabic >= MIN_ARABIC_LETTERS:
        raise NotAnArticle(f"{source.doc_id}: not an Arabic article (only {round(min(share, raw_share) * 100)}% "
                           f"of its letters are Arabic)")
    raise NotAnArticle(f"{source.doc_id}: no Arabic article text ({arabic} Arabic letters left after "
                       f"removing site furniture)")


def clean_document(source: SourceText) -> Document:
    """Clean one article: ``Document.text`` holds its paragraphs one per line in their original spelling,
    with sentences, title (the first line when it reads as a headline, kept in the text too), publication
    date (metadata first, else the dateline) and a content hash. Raises ``NotAnArticle`` when no Arabic
    article is left (empty, furniture only, or mostly non-Arabic text).

    >>> doc = clean_document(SourceText("d", "d.txt", "تم النشر في 14 تشرين الثاني 2023\\nاجتماع سري بين واشنطن وطهران\\nأفاد مصدر بأن الاجتماع عقد في جنيف بين الجانبين."))
    >>> doc.title, doc.date
    ('اجتماع سري بين واشنطن وطهران', '2023-11-14')
    """
    paragraphs = clean_paragraphs(source.text)
    source_title = letters_of_presentation_forms(source.title) if source.title else None
    if source_title and _key(source_title) and not any(_key(p) == _key(source_title) for p in paragraphs[:3]):
        paragraphs.insert(0, _SPACES.sub(" ", source_title).strip())
    text = "\n".join(paragraphs)
    _require_arabic(source, text)
    title = source_title.strip() if source_title and source_title.strip() else None
    if title is None and paragraphs and _is_headline(paragraphs[0]):
        title = paragraphs[0]
    return Document(
        doc_id=source.doc_id,
        path=source.path,
        text=text,
        sentences=split_sentences(text),
        title=title,
        date=normalise_date(source.date) or find_publication_date(source.text),
        url=source.url,
        content_hash=content_hash(text),
    )
