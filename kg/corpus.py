"""The hand-annotated corpus of real news: articles, their split, and their gold actors and interactions.

The corpus lives in ``tests/saudinewsnet/`` (``articles.jsonl``, ``split.json``, ``gold/<id>.json``); its
format and the rules the annotators followed are in ``docs/annotation.md``. This module reads it into
plain dataclasses and checks annotation files.

>>> corpus = load_corpus()  # doctest: +SKIP
>>> len(corpus.articles_of("test")) >= 80  # doctest: +SKIP
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.extract.vocabulary import load_vocabulary

__all__ = [
    "CORPUS",
    "EVENT_FAMILIES",
    "EVENT_TYPES",
    "GoldActor",
    "GoldArticle",
    "GoldCorpus",
    "GoldEvent",
    "annotation_problems",
    "load_articles",
    "load_corpus",
    "read_annotation",
]

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "saudinewsnet"
#: The state the corpus's newspapers write from (``kg build --home-state``): every article is Saudi press.
HOME_STATE = "saudi-arabia"
#: The interaction types annotated (docs/annotation.md, section 3).
EVENT_TYPES = ("meeting", "negotiation", "call", "visit", "host-visit")
#: Each annotated type's family (meeting, call or visit), as the interaction-type vocabulary defines it:
#: events are matched on their family.
EVENT_FAMILIES = {key: load_vocabulary().types[key].family for key in EVENT_TYPES}
_STATUSES = ("held", "planned", "cancelled")
_ACTOR_TYPES = ("PER", "ORG", "GPE")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})$")
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class GoldActor:
    """An actor of one article: ``names`` and ``roles`` are spellings copied from the article."""

    key: str
    type: str
    en: str
    names: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    title: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    """An interaction of one article, participants and attendees given as actor keys."""

    type: str
    status: str
    participants: tuple[str, ...]
    sentence: str
    trigger: str = ""
    initiator: str | None = None
    attendees: tuple[str, ...] = ()
    date: str | None = None
    place_ar: str | None = None
    place_en: str | None = None


@dataclass
class GoldArticle:
    """One annotated article: its text and metadata as published, and its gold annotation."""

    doc_id: str
    source: str
    title: str
    text: str
    date: str
    url: str
    split: str
    reference_date: str | None = None
    actors: list[GoldActor] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    annotator: str = ""


@dataclass
class GoldCorpus:
    """Every annotated article, by id."""

    articles: dict[str, GoldArticle]
    root: Path

    def articles_of(self, split: str) -> list[GoldArticle]:
        """The articles of one split (``train``, ``dev`` or ``test``), in id order."""
        return [a for a in self.articles.values() if a.split == split]


class CorpusError(KgError):
    """The annotated corpus is missing or malformed."""


def load_articles(path: str | Path = CORPUS / "articles.jsonl") -> dict[str, dict]:
    """The corpus's articles as published, by id.

    >>> articles = load_articles()  # doctest: +SKIP
    >>> sorted(articles["sn626"])  # doctest: +SKIP
    ['date', 'id', 'source', 'text', 'title', 'url']
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"no annotated corpus at {path}")
    with open(path, encoding="utf-8") as lines:
        return {record["id"]: record for record in map(json.loads, lines) if record}


def read_annotation(path: str | Path) -> dict:
    """One annotation file as the JSON object it holds."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusError(f"{path}: cannot read annotation: {error}") from error


def _actor(entry: dict) -> GoldActor:
    return GoldActor(entry["key"], entry["type"], entry.get("en", ""), tuple(entry.get("names", ())),
                     tuple(entry.get("roles", ())), entry.get("title") or None)


def _event(entry: dict) -> GoldEvent:
    place = entry.get("place") or {}
    return GoldEvent(entry["type"], entry["status"], tuple(entry["participants"]), entry.get("sentence", ""),
                     entry.get("trigger", ""), entry.get("initiator") or None, tuple(entry.get("attendees") or ()),
                     entry.get("date") or None, place.get("ar"), place.get("en"))


def load_corpus(root: str | Path = CORPUS, annotations: str = "gold") -> GoldCorpus:
    """The annotated articles of ``root``: those with a file in ``root/annotations`` (``gold``, or
    ``agreement`` for the second annotation).

    >>> corpus = load_corpus()  # doctest: +SKIP
    >>> {a.split for a in corpus.articles.values()} == {"train", "dev", "test"}  # doctest: +SKIP
    True
    """
    root = Path(root)
    published = load_articles(root / "articles.jsonl")
    split = json.loads((root / "split.json").read_text(encoding="utf-8"))
    articles = {}
    for path in sorted((root / annotations).glob("*.json"), key=lambda p: int(p.stem[2:])):
        record = read_annotation(path)
        doc_id = record["id"]
        if doc_id not in published:
            raise CorpusError(f"{path}: {doc_id} is not an article of the corpus")
        article = published[doc_id]
        articles[doc_id] = GoldArticle(
            doc_id, article["source"], article["title"], article["text"], article["date"], article["url"],
            split[doc_id]["split"], record.get("reference_date"), [_actor(a) for a in record.get("actors", [])],
            [_event(e) for e in record.get("events", [])], record.get("annotator", ""))
    return GoldCorpus(articles, root)


def annotation_problems(path: str | Path, articles: dict[str, dict]) -> list[str]:
    """Every way the annotation file at ``path`` breaks the format of docs/annotation.md (empty if none).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "sn1.json"
    >>> _ = path.write_text('{"id": "sn1"}', encoding="utf-8")
    >>> annotation_problems(path, {})
    ["id 'sn1' is not an article of the corpus"]
    """
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"cannot read it: {error}"]
    article = articles.get(record.get("id"))
    if article is None:
        return [f"id {record.get('id')!r} is not an article of the corpus"]
    if Path(path).stem != record["id"]:
        return [f"file name does not match id {record['id']}"]
    text = article["title"] + "\n" + article["text"]
    problems = []
    if record.get("reference_date") and not _DATE.match(record["reference_date"]):
        problems.append(f"reference_date {record['reference_date']!r} is not ISO")
    keys = set()
    for actor in record.get("actors", []):
        key = actor.get("key", "")
        if not _KEY.match(key):
            problems.append(f"actor key {key!r} is not a lowercase slug")
        if key in keys:
            problems.append(f"actor {key} listed twice")
        keys.add(key)
        if actor.get("type") not in _ACTOR_TYPES:
            problems.append(f"actor {key}: type {actor.get('type')!r} not in {_ACTOR_TYPES}")
        if not actor.get("names") and not actor.get("roles"):
            problems.append(f"actor {key} has neither names nor roles")
        for spelling in [*actor.get("names", []), *actor.get("roles", [])]:
            if spelling not in text:
                problems.append(f"actor {key}: {spelling!r} is not in the article")
    for number, event in enumerate(record.get("events", []), 1):
        where = f"event {number}"
        if event.get("type") not in EVENT_TYPES:
            problems.append(f"{where}: type {event.get('type')!r} not in {EVENT_TYPES}")
        if event.get("status") not in _STATUSES:
            problems.append(f"{where}: status {event.get('status')!r} not in {_STATUSES}")
        participants = event.get("participants", [])
        if len(set(participants)) < 2:
            problems.append(f"{where}: fewer than two distinct participants")
        for key in [*participants, *(event.get("attendees") or []), *filter(None, [event.get("initiator")])]:
            if key not in keys:
                problems.append(f"{where}: {key!r} is not an actor of the article")
        if event.get("date") and not _DATE.match(event["date"]):
            problems.append(f"{where}: date {event['date']!r} is not ISO (YYYY-MM-DD, YYYY-Www, YYYY-MM)")
        for part in ("sentence", "trigger"):
            if not event.get(part) or event[part] not in text:
                problems.append(f"{where}: {part} {event.get(part)!r} is not in the article")
        place = event.get("place")
        if place is not None and not (isinstance(place, dict) and place.get("ar") and place["ar"] in text):
            problems.append(f"{where}: place {place!r} is not null or an ar/en pair with ar in the article")
    return problems
