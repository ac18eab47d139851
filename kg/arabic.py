"""Arabic text helpers shared by the stages: a matching key that ignores spelling noise, and the same
folding done character by character with the offsets kept (:class:`FoldedText`).

The original text is never changed: these functions make *keys* for comparing and looking up names, and
folded copies whose matches map back to the original.
"""

import re

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LETTER_MAP = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ئ": "ي", "ؤ": "و",
    "ة": "ه",
    "گ": "ك", "ڤ": "ف", "پ": "ب", "چ": "ج",
})


def strip_marks(text: str) -> str:
    """``text`` without diacritics, tatweel and invisible marks, its letters as written (ة and ى kept).

    >>> strip_marks("عَادِلُ الجُبَيْرِ")
    'عادل الجبير'
    """
    return _INVISIBLE.sub("", _DIACRITICS.sub("", text))


def normalise_arabic(text: str) -> str:
    """Return a matching key for ``text``: diacritics, tatweel and invisible marks removed, alef/hamza,
    ya/alef maqsura, ta marbuta and Persian letters unified, whitespace collapsed.

    >>> normalise_arabic("نتنياهو") == normalise_arabic("نَتنياهُو")
    True
    >>> normalise_arabic("إسرائيل")
    'اسراييل'
    """
    return " ".join(strip_marks(text).translate(_LETTER_MAP).split())


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


def fold_text(text: str) -> str:
    return _dash_tatweel(text).translate(_FOLD_TABLE)


class FoldedText:
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
