"""Offset-keeping folding of Arabic text: the rules match on folded text (diacritics and tatweel removed,
letters unified) and report offsets in the original, so evidence is shown as the article wrote it.
"""

from __future__ import annotations

from functools import lru_cache

from kg.arabic import fold_text as _fold_text


@lru_cache(maxsize=None)
def _pattern(*alternatives: str) -> str:
    """A regex alternation of Arabic words written in ordinary spelling, folded like the text."""
    return "(?:" + "|".join(_fold_text(a) for a in alternatives) + ")"


# ------------------------------------------------------------------------------------------- triggers

_W = r"[\u0621-\u064a]"  # a folded Arabic letter
_START = r"(?<![\u0621-\u064a])"
_END = r"(?![\u0621-\u064a])"
