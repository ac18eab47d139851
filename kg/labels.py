"""Measure English labels against known press spellings: pairs of an Arabic name and its English spelling
from the annotated SaudiNewsNet persons (``tests/saudinewsnet``, by split) and from the knowledge base's
people (split into a part the romanisation tables are built from and a part held out for tuning), scored
as exact matches and matches within edit distance 2 after :func:`comparable`.

>>> comparable("King Salman bin Abdulaziz") == comparable("Salman Bin Abdul-Aziz")
False
>>> comparable("Adel Al-Jubeir"), comparable("Recep Tayyip Erdoğan")
('adel al jubeir', 'recep tayyip erdogan')
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kg.arabic import normalise_arabic
from kg.model import Mention
from kg.resolve import _edit_distance  # the one edit distance of the project
from kg.romanise import name_units, romanise

__all__ = ["LabelPair", "PEOPLE_ORIGINS", "LabelScore", "comparable", "corpus_pairs", "kb_pairs", "kb_part", "labellers",
           "letter_by_letter", "resolved_labels", "score_labels"]

#: Titles a label may open with (the knowledge base writes "King Salman bin Abdulaziz", annotators often
#: do not): left out on both sides before comparing.
_TITLES = re.compile(r"^((king|queen|prince|princess|sheikh|sheikha|emir|crown prince|dr|president|imam|"
                     r"ayatollah|grand ayatollah|field marshal|general|sayyed|sayyid)\.? )+")
#: Share of the knowledge base's people (by a hash of their key) the tables are built from; the rest tunes.
KB_BUILD_SHARE = 7  # of 10
#: The knowledge base's files of people by the language of their names: non-Arab states with non-Arabic
#: names (the Security Council's permanent members, Germany, Italy, Japan, ...) and Arab states. The others
#: (Iran, Turkey, Israel; international organisations) hold both kinds and teach neither.
PEOPLE_ORIGINS = {"people-world.toml": "foreign", "people-saudi.toml": "arabic", "people-gulf.toml": "arabic",
                  "people-gulf-arab.toml": "arabic", "people-levant-iraq.toml": "arabic",
                  "people-egypt-maghreb.toml": "arabic"}


@dataclass(frozen=True)
class LabelPair:
    """An Arabic name and its English spelling; ``names`` all the Arabic names of the actor in one article
    (for the resolved label), ``doc_id`` the article (or ``kb``); ``origin`` ``foreign`` or ``arabic`` for a
    knowledge-base person whose file says the language of the name (:data:`PEOPLE_ORIGINS`)."""

    arabic: str
    english: str
    doc_id: str = "kb"
    names: tuple[str, ...] = ()
    origin: str = ""


@dataclass(frozen=True)
class LabelScore:
    """How many of ``total`` labels are ``exact`` and ``close`` (edit distance at most 2, exact included)."""

    total: int
    exact: int
    close: int

    def as_dict(self) -> dict[str, float | int]:
        """The counts and rates, for reports.

        >>> LabelScore(4, 1, 3).as_dict()
        {'total': 4, 'exact': 1, 'close': 3, 'exact_rate': 0.25, 'close_rate': 0.75}
        """
        rate = lambda count: round(count / self.total, 3) if self.total else 0.0
        return {"total": self.total, "exact": self.exact, "close": self.close,
                "exact_rate": rate(self.exact), "close_rate": rate(self.close)}


def comparable(label: str) -> str:
    """A label as compared: accents and case dropped, hyphens and spaces one space, apostrophes and dots
    dropped, opening titles (King, Prince, Sheikh, ...) left out; "al-" stays a word of its own."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`.]", "", text)
    text = " ".join(re.sub(r"[-_\s]+", " ", text).split())
    return _TITLES.sub("", text)


def score_labels(pairs: Sequence[LabelPair], labels: Sequence[str]) -> LabelScore:
    """Score ``labels`` (one per pair) against the pairs' English spellings.

    >>> score_labels([LabelPair("عادل الجبير", "Adel al-Jubeir")] * 2, ["Adel Al Jubair", "Adl al-Jbir"])
    LabelScore(total=2, exact=0, close=1)
    """
    distances = [_edit_distance(comparable(label), comparable(pair.english)) for pair, label in zip(pairs, labels)]
    return LabelScore(len(pairs), sum(d == 0 for d in distances), sum(d <= 2 for d in distances))


def _longest(names: Sequence[str]) -> str:
    return max(names, key=lambda name: (len(name_units(name)), len(name)))


def corpus_pairs(split: str) -> list[LabelPair]:
    """The annotated persons of one SaudiNewsNet split that have a name: each actor's longest name (the full
    name a label is made from) with its English label."""
    from kg.corpus import load_corpus

    return [LabelPair(_longest(actor.names), actor.en, article.doc_id, actor.names)
            for article in load_corpus().articles_of(split)
            for actor in article.actors if actor.type == "PER" and actor.names]


def kb_part(key: str) -> str:
    """Which part of the knowledge base a person belongs to: ``build`` (tables) or ``tune``, by a hash.

    >>> kb_part("adel-al-jubeir") in ("build", "tune")
    True
    """
    return "build" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 10 < KB_BUILD_SHARE else "tune"


def kb_pairs(part: str) -> list[LabelPair]:
    """The knowledge base's people of one part (``build`` or ``tune``): the first Arabic spelling with as many
    units as the English label has words (titles left out), else the first spelling."""
    from kg.knowledge import KB_DIR, load_knowledge_base

    origins = {}
    for file, origin in PEOPLE_ORIGINS.items():
        with open(KB_DIR / file, "rb") as handle:
            origins.update(dict.fromkeys(tomllib.load(handle)["people"], origin))
    pairs = []
    for key, person in sorted(load_knowledge_base().people.items()):
        if kb_part(key) != part or not person.ar:
            continue
        words = len(comparable(person.en).replace(" al ", " al-").split())
        arabic = next((spelling for spelling in person.ar if len(name_units(spelling)) == words), person.ar[0])
        pairs.append(LabelPair(arabic, person.en, "kb", tuple(person.ar), origins.get(key, "")))
    return pairs


def resolved_labels(pairs: Sequence[LabelPair]) -> list[str]:
    """The label resolution gives each pair's actor when every annotated name of the article's persons is a
    mention (the dictionary's and knowledge base's label where they know the person, else
    ``kg.romanise.english_label``): labels as a reader sees them, given a perfect recogniser."""
    from kg.resolve import resolve

    mentions = []
    where: dict[int, int] = {}
    for index, pair in enumerate(pairs):
        for name in dict.fromkeys(pair.names or (pair.arabic,)):
            if name == pair.arabic:
                where[index] = len(mentions)
            mentions.append(Mention(pair.doc_id, len(mentions), 0, len(name), name, "PER", "gold"))
    resolution = resolve(mentions)
    actors = {actor.actor_id: actor for actor in resolution.actors}
    return [actors[resolution.mentions[where[index]].actor_id].label_en for index in range(len(pairs))]


_LATIN = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "'", "ة": "a",
}


def letter_by_letter(name: str) -> str:
    """The labels unknown actors had before ``kg.romanise``: each letter's Latin letter, ``a`` opening a
    consonant cluster, kept as the baseline the romaniser is measured against.

    >>> letter_by_letter("عادل الجبير")
    'Adl al-Jbir'
    """
    words = []
    for word in normalise_arabic(name).split():
        letters = [("u" if char == "و" else "i") if char in "وي" and index else _LATIN.get(char, char)
                   for index, char in enumerate(word)]
        if len(word) > 2 and word[0] not in "اوي" and word[1] not in "اويء" and not word.startswith("ال"):
            letters.insert(1, "a")
        text = "".join(letters).strip("'")
        words.append("al-" + text[2:].capitalize() if text.startswith("al") and len(text) > 3
                     and word.startswith("ال") else text.capitalize())
    return " ".join(words)


def labellers() -> dict[str, Callable[[str], str]]:
    """The romanisers measured: the former letter-by-letter labels and ``kg.romanise.romanise``."""
    return {"letters": letter_by_letter, "romanise": romanise}
