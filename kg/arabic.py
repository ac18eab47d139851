"""Arabic text helpers shared by the stages: a matching key that ignores spelling noise.

The original text is never changed: these functions make *keys* for comparing and looking up names.
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


def normalise_arabic(text: str) -> str:
    """Return a matching key for ``text``: diacritics, tatweel and invisible marks removed, alef/hamza,
    ya/alef maqsura, ta marbuta and Persian letters unified, whitespace collapsed.

    >>> normalise_arabic("نتنياهو") == normalise_arabic("نَتنياهُو")
    True
    >>> normalise_arabic("إسرائيل")
    'اسراييل'
    """
    text = _INVISIBLE.sub("", _DIACRITICS.sub("", text))
    return " ".join(text.translate(_LETTER_MAP).split())
