"""Synthetic articles for benchmarks: the seeds' sentence shapes with the actors' names substituted.

Every name the seeds use for a person is replaced, article by article, by an invented Arabic name, so
the benchmark's graph has as many distinct people as a real archive and the NER has to find them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from kg.normalise import clean_document
from kg.ingest import read_inputs

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

#: Person names of the seeds, longest first so a full name is replaced before its surname.
SEED_PEOPLE = sorted([
    "جيك سوليفان", "جايك ساليفان", "جيك ساليفان", "سوليفان", "ساليفان", "رون ديرمر", "ديرمر",
    "أموس هوكشتين", "أموس هوكشتاين", "هوكشتين", "هوكشتاين", "لويد أوستن", "أوستن", "يوآف غالانت",
    "غالانت", "بنيامين نتنياهو", "بنيامين نتانياهو", "نتنياهو", "نتانياهو", "جو بايدن", "بايدن",
    "هرتسي هليفي", "حسن نصرالله", "نصرالله", "إسماعيل قآني", "نبيه بري",
], key=len, reverse=True)

_FIRST = ["سامي", "خالد", "مروان", "ليلى", "هشام", "رامي", "جورج", "دانيال", "ماريا", "يوسف", "كريم",
          "نادر", "ستيفن", "إيلي", "عمر", "فيصل", "سلمى", "آدم", "توماس", "رياض"]
_SYLLABLES = ["كا", "لو", "مي", "نو", "را", "سي", "تو", "با", "دي", "فر", "غو", "شا", "زي", "هن", "بر",
              "ست", "ول", "مان", "سون", "يت"]


def invented_name(rng: random.Random) -> tuple[str, str]:
    """Return a (first name, surname) pair that reads as a name and is almost surely unique.

    >>> invented_name(random.Random(1))[0] in _FIRST
    True
    """
    surname = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    return rng.choice(_FIRST), surname


def seed_texts() -> list[str]:
    """The cleaned text of each seed article."""
    return [clean_document(source).text for source in read_inputs([SEEDS]).documents]


def synthetic_articles(count: int, seed: int = 7) -> Iterator[dict]:
    """Yield ``count`` JSON-Lines records (``id``, ``text``, ``date``) shaped like the seeds.

    >>> next(synthetic_articles(1))["id"]
    'synthetic-000000'
    """
    rng = random.Random(seed)
    texts = seed_texts()
    for number in range(count):
        text = texts[number % len(texts)]
        people: dict[str, tuple[str, str]] = {}
        for name in SEED_PEOPLE:
            surname = name.split()[-1]
            first, invented = people.setdefault(surname, invented_name(rng))
            text = text.replace(name, f"{first} {invented}" if " " in name else invented)
        day = 1 + number % 28
        yield {"id": f"synthetic-{number:06d}", "text": text, "date": f"2024-{1 + number % 12:02d}-{day:02d}"}


def write_jsonl(path: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` synthetic articles to ``path`` as JSON Lines."""
    with path.open("w", encoding="utf-8") as handle:
        for record in synthetic_articles(count, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
