"""Dates of interactions: absolute dates, weekdays and relative words (أمس، الأسبوع المقبل) resolved
against the article's publication date; and how two dates of one event compare.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.cues import _CLAUSE_BREAK, _clause_start
from kg.extract.text import _END, _START, _fold_text, _pattern
from kg.model import Sentence
from kg.normalise import WEEKDAYS, find_dates

if TYPE_CHECKING:  # annotations only: the reader module imports this one
    from kg.extract.participants import _DocumentReader


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


def _after(iso: str, reference: dt.date) -> bool:
    """Whether the date ``iso`` (day, ISO week, month or year) lies wholly after the day ``reference``."""
    if "W" in iso:
        year, week = iso.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1) > reference
    return iso > reference.isoformat()[:len(iso)]


def _date(reader: _DocumentReader, sentence: Sentence, t_start: int, future: bool) -> DateValue | None:
    """The date expression of the sentence nearest the trigger, resolved (``None`` if none or unresolvable)."""
    text = reader.folded.text
    s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
    reference = reader.document.date
    s_start = _clause_start(text, s_start, t_start)
    s_end = min((m.start() for m in (_CLAUSE_BREAK.search(text, t_start, s_end),) if m), default=s_end)
    candidates: list[tuple[int, DateValue | None]] = []
    for mention in find_dates(sentence.text, reference, future):
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
