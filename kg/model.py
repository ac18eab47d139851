"""The document model: the plain, typed data that every pipeline stage reads and writes.

The stages form a chain over these records::

    ingest     paths           -> IngestResult (SourceText per article, Problem per bad input)
    normalise  SourceText      -> Document (cleaned text, sentences, publication date)
    recognise  Document        -> list[Mention] (PER/ORG/GPE/LOC spans in Document.text)
    resolve    list[Mention]   -> Resolution (every mention tied to one Actor)
    extract    Document + mentions with actors -> list[Interaction]
    graph      KnowledgeGraph  -> rdflib.Graph (and back)
    export     KnowledgeGraph  -> files (Turtle, HTML, GEXF, GraphML, Neo4j, ...)

Every character offset (``start``/``end``) refers to ``Document.text``: the cleaned article text in its
original spelling, so evidence can always be shown exactly as the article wrote it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from operator import attrgetter

#: Coarse entity types used throughout the pipeline.
ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC")

#: Interaction statuses.
STATUSES = ("held", "planned", "cancelled")


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input: ``error`` means the document was skipped, ``warning`` that it was
    read with a caveat. ``message`` is one line meant for the user."""

    source: str
    message: str
    severity: str = "error"


@dataclass(frozen=True)
class SourceText:
    """One article as read from disk, before any cleaning.

    ``doc_id`` is stable across runs and machines (file stem, JSONL ``id``, or a content hash)."""

    doc_id: str
    path: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    encoding: str = "utf-8"


@dataclass
class IngestResult:
    """What ``ingest`` read: the articles, and every input it could not use."""

    documents: list[SourceText] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    """A sentence of ``Document.text``: ``text == document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class Document:
    """A cleaned article: boilerplate, hashtags marks and repeated paragraphs removed, original spelling
    kept. ``date`` is the ISO publication date (``YYYY-MM-DD``) if known."""

    doc_id: str
    path: str
    text: str
    sentences: list[Sentence]
    title: str | None = None
    date: str | None = None
    url: str | None = None
    content_hash: str = ""
    problems: list[Problem] = field(default_factory=list)

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence ``offset`` falls in (the one before it, between sentences), found by
        bisection: a list of the sentences' starts made per mention cost a long article quadratic time.

        >>> text = "قال. ثم زار."
        >>> Document("d", "d.txt", text, [Sentence(0, 0, 4, "قال."), Sentence(1, 5, 12, "ثم زار.")]).sentence_at(8)
        1
        """
        found = bisect.bisect_right(self.sentences, offset, key=attrgetter("start"))
        return self.sentences[max(0, found - 1)].index if self.sentences else 0


@dataclass(frozen=True)
class Mention:
    """A named-entity span in ``Document.text`` with clitics (و ف ب ل ك ال-less prefixes) excluded.

    ``source`` says which recogniser found it (``dictionary``, ``pattern``, ``project``, ``official``), or
    how a phrase without a name refers to an actor (``office``: a role phrase; ``reference``: a state's
    government or institution; ``anaphor``: a body's head noun referring back);
    ``entry`` is the actor-dictionary key when the dictionary recognised it; ``role`` is the title or role
    phrase next to the name (context, never part of the name); ``actor_id`` is filled by ``resolve``."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    type: str
    source: str
    score: float = 1.0
    entry: str | None = None
    role: str | None = None
    actor_id: str | None = None


@dataclass
class AnalysedDocument:
    """The output of the per-document stages (normalise, recognise): the cleaned article and its entity
    mentions, before resolution."""

    document: Document
    mentions: list[Mention]


@dataclass(frozen=True)
class Merge:
    """Why one surface form was attached to an actor: the rule that fired and its score (1.0 = exact)."""

    alias: str
    rule: str
    score: float = 1.0


@dataclass
class Actor:
    """One real-world actor: a person, organisation, geopolitical entity or location.

    ``actor_id`` is the IRI local name (stable: same input, same id). ``label`` is the preferred Arabic
    label, ``label_en`` a Latin label (from the dictionary or transliterated). ``metonym_of`` links a city
    used for a state (واشنطن -> the United States) without merging them."""

    actor_id: str
    type: str
    label: str
    label_en: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    wikidata: str | None = None
    roles: list[str] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    metonym_of: str | None = None


@dataclass
class Resolution:
    """The output of ``resolve``: mentions with ``actor_id`` set, and the actors they point to."""

    mentions: list[Mention]
    actors: list[Actor]


@dataclass(frozen=True)
class Evidence:
    """Where an interaction is stated: the sentence, its offsets in ``Document.text``, the extraction rule
    and its confidence."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    rule: str
    confidence: float


@dataclass
class Interaction:
    """One real interaction between actors (a meeting, a call, a visit, ...).

    ``type`` is a key of the interaction-type vocabulary (``meeting``, ``call``, ``visit``, ...), ``cameo``
    its CAMEO code. ``date`` is ISO 8601 as precise as known (``2024-10-09``, ``2023-11``, ``2023``) with
    ``date_precision`` in ``day|week|month|year``. ``place`` and ``participants`` are actor ids; ``topics``
    are topic-concept ids and ``topic_phrases`` the phrases as written."""

    event_id: str
    type: str
    cameo: str
    status: str
    participants: list[str]
    evidence: list[Evidence]
    initiator: str | None = None
    date: str | None = None
    date_precision: str | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    topic_phrases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """The metadata the graph keeps of an article."""

    doc_id: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    content_hash: str = ""


@dataclass
class KnowledgeGraph:
    """Everything a build produced, independent of serialisation: what ``graph`` turns into RDF and what
    ``export`` writes out. Lists are kept sorted by id so output is deterministic."""

    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
