"""The extraction lexicon (``ontology/extraction.toml``): trigger rules and cue word lists, read once.

Data, not code: the words that report an interaction and the words read around them are listed in the
ontology folder, like PETRARCH's verb dictionaries; this module reads them and the modules that use them
(:mod:`~kg.extract.triggers`, :mod:`~kg.extract.cues`, :mod:`~kg.extract.status`) compile them.

>>> [rule["name"] for rule in load_lexicon()["triggers"]][:3]
['meeting-verb', 'host-verb', 'meeting-noun']
>>> "سوف" in cue_words("planned")
True
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from kg.errors import KgError
from kg.vocab import ONTOLOGY_DIR

__all__ = ["LEXICON_PATH", "cue_words", "load_lexicon"]

LEXICON_PATH = ONTOLOGY_DIR / "extraction.toml"


class LexiconError(KgError):
    """The extraction lexicon is missing or lacks a list the extractor needs."""


@lru_cache(maxsize=4)
def load_lexicon(path: str | Path = LEXICON_PATH) -> dict:
    """The lexicon file as read: ``triggers`` (a list of rule tables) and ``cues`` (word lists)."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LexiconError(f"cannot read the extraction lexicon {path}: {error}") from error


def cue_words(name: str, path: str | Path = LEXICON_PATH) -> tuple[str, ...]:
    """One cue word list of the lexicon, in file order."""
    try:
        return tuple(load_lexicon(path)["cues"][name])
    except KeyError:
        raise LexiconError(f"{path}: no cue list {name!r}") from None
