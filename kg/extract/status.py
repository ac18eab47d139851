"""Whether an interaction happened (held), is planned, or was cancelled or postponed: cue words
(``ontology/extraction.toml``) around the trigger.
"""

from __future__ import annotations

import re

from kg.extract.lexicon import cue_words
from kg.extract.text import _END, _START, _W, _pattern

# ------------------------------------------------------------------------------- status and dates

_PLANNED = re.compile(_START + r"(?:[وف])?(?:" + _pattern(*cue_words("planned"))
                      + r"|س[يت](?:" + "|".join(cue_words("planned_future_stems")) + r")" + _END + r")")
_CANCELLED = re.compile(_START + r"(?:[وف])?" + _pattern(*cue_words("cancelled")) + _W + r"{0,2}" + _END)


def _status(text: str, left: int, t_end: int, right: int, trigger: str) -> str:
    window = text[max(0, left - 25):min(right, t_end + 40)]
    if _CANCELLED.search(window):
        return "cancelled"
    if re.match(r"(?:[وف])?س[يتن]", trigger) or _PLANNED.search(window):
        return "planned"
    return "held"
