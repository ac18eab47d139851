"""The knowledge graph as RDF: ``KnowledgeGraph`` <-> ``rdflib.Graph``, and deterministic files.

The mapping follows ``ontology/kg.ttl`` (documented in ``docs/ontology.md``). It uses no blank nodes:
every node has an IRI derived from the ids of what it describes, so the same input always gives the same
triples and byte-identical files. Ids are percent-encoded (everything but ``A-Z a-z 0-9 - . _ ~``), which
makes any id a valid IRI segment and is undone exactly when reading back.

>>> from kg.model import KnowledgeGraph, Actor
>>> kg = KnowledgeGraph(actors=[Actor("ron-dermer", "PER", "رون ديرمر", "Ron Dermer")])
>>> read_graph(to_rdf(kg)) == kg
True
"""

from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDFS, SKOS

from kg.atomic import atomic_path
from kg.model import Actor, Evidence, Interaction, KnowledgeGraph, Merge, Source
from kg.store import STORE_GRAPH
from kg.vocab import ACTOR, DOC, EVENT, ITYPE, KG, ONTOLOGY_DIR, SCHEMA, TOPIC, WD

VOCABULARIES_PATH = ONTOLOGY_DIR / "vocabularies.ttl"

#: Prefixes written in every serialisation (and bound in every graph ``to_rdf`` returns).
PREFIXES = {
    "kg": str(KG), "actor": str(ACTOR), "event": str(EVENT), "doc": str(DOC), "topic": str(TOPIC),
    "itype": str(ITYPE), "wd": str(WD), "schema": str(SCHEMA), "skos": str(SKOS), "prov": str(PROV),
    "owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
}

#: Entity type <-> actor class.
ACTOR_CLASSES = {"PER": KG.Person, "ORG": KG.Organization, "GPE": KG.GeopoliticalEntity, "LOC": KG.Location}
#: Interaction status <-> named individual.
STATUS_INDIVIDUALS = {"held": KG.Held, "planned": KG.Planned, "cancelled": KG.Cancelled}

Triple = tuple[URIRef, URIRef, URIRef | Literal]
#: What the writers accept: an rdflib graph, a ``KnowledgeGraph`` (its :func:`triples`), or triples.
RDFSource = Graph | KnowledgeGraph | Iterable[Triple]

#: Suffixes of the graph file formats ``write_graph`` and ``read_graph`` know.
FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}
#: Other names accepted for those formats.
FORMAT_ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "jsonld": "json-ld"}

_CLASS_TYPES = {cls: code for code, cls in ACTOR_CLASSES.items()}
_STATUS_NAMES = {individual: name for name, individual in STATUS_INDIVIDUALS.items()}
#: Ids made only of characters ``quote`` leaves as they are.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")
_RDF_MEMBER = re.compile(re.escape(str(RDF)) + r"_([1-9][0-9]*)$")
_DATE_TYPES = ((re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), XSD.date),
               (re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])"), XSD.gYearMonth),
               (re.compile(r"[0-9]{4}"), XSD.gYear))


def iri(namespace, local_id: str) -> URIRef:
    """The IRI of ``local_id`` in ``namespace``, percent-encoded so that any id gives a valid IRI.

    >>> str(iri(ACTOR, "jake-sullivan"))
    'https://w3id.org/arabic-news-kg/actor/jake-sullivan'
    >>> str(iri(ACTOR, "a/b c"))
    'https://w3id.org/arabic-news-kg/actor/a%2Fb%20c'
    """
    if _UNRESERVED.fullmatch(local_id):  # most ids: what quote() would return unchanged, ten times faster
        return URIRef(str(namespace) + local_id)
    return URIRef(str(namespace) + quote(local_id, safe=""))


def local_id(node: URIRef, namespace) -> str:
    """The id ``iri`` encoded in ``node``; raises ``ValueError`` if ``node`` is not in ``namespace``.

    >>> local_id(iri(ACTOR, "a/b c"), ACTOR)
    'a/b c'
    """
    if not str(node).startswith(str(namespace)):
        raise ValueError(f"{node} is not in {namespace}")
    return unquote(str(node)[len(str(namespace)):])


@lru_cache(maxsize=1 << 12)  # articles and interactions share a few hundred dates
def date_literal(value: str) -> Literal:
    """``value`` as a literal typed by its precision: ``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``, or a
    plain string when it is none of these.

    >>> date_literal("2023-11").datatype == XSD.gYearMonth
    True
    >>> date_literal("2023-02-30").datatype is None
    True
    """
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(value):
            if datatype == XSD.date:
                try:
                    datetime.date.fromisoformat(value)
                except ValueError:
                    break
            return Literal(value, datatype=datatype)
    return Literal(value)


@lru_cache(maxsize=1 << 14)  # positions, indices and offsets are small numbers that recur
def _integer(value: int) -> Literal:
    return Literal(value)


# Rules, roles, CAMEO codes and aliases recur across actors and interactions (headlines and evidence
# sentences do not, and are not cached); typed, so that the key of a text never matches a number's.
@lru_cache(maxsize=1 << 14, typed=True)
def _string_literal(text: str, lang: str | None = None) -> Literal:
    return Literal(text, lang=lang)


def _decimal(value: float) -> Literal:
    # repr() is the shortest text that reads back as the same float, so the round trip is exact; the "f"
    # format turns its exponent form (1e-07) into a valid xsd:decimal (0.0000001).
    return _decimal_literal(repr(float(value)))


@lru_cache(maxsize=1 << 12)  # confidences and scores take few values; keyed by text, so -0.0 is not 0.0
def _decimal_literal(text: str) -> Literal:
    return Literal(format(Decimal(text), "f"), datatype=XSD.decimal)


class _Terms:
    """The terms of an rdflib namespace as plain attributes, each looked up once: rdflib runs Python code
    (about 1 µs) on every attribute lookup of a namespace, and the triple generators below make one or
    two for every triple."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)  # found without __getattr__ from now on
        return term


_KG, _RDF, _SKOS, _OWL, _SCHEMA, _PROV = map(_Terms, (KG, RDF, SKOS, OWL, SCHEMA, PROV))


def _sequence(owner: URIRef, prop: URIRef, name: str, items: list) -> Iterator[Triple]:
    """Keep the order of ``items`` in an ``rdf:Seq`` named ``{owner}/{name}``."""
    if not items:
        return
    sequence = URIRef(f"{owner}/{name}")
    yield owner, prop, sequence
    yield sequence, _RDF.type, _RDF.Seq
    for position, item in enumerate(items, start=1):
        yield sequence, RDF[f"_{position}"], item


def _read_sequence(g: Graph, owner: URIRef, prop: URIRef) -> list:
    sequence = g.value(owner, prop)
    if sequence is None:
        return []
    members = []
    for predicate, item in g.predicate_objects(sequence):
        match = _RDF_MEMBER.match(str(predicate))
        if match:
            members.append((int(match.group(1)), item))
    return [item for _, item in sorted(members)]


def _source_triples(source: Source) -> Iterator[Triple]:
    node = iri(DOC, source.doc_id)
    yield node, _RDF.type, _KG.Article
    if source.title is not None:
        yield node, _SCHEMA.headline, Literal(source.title, lang="ar")
    if source.date is not None:
        yield node, _SCHEMA.datePublished, date_literal(source.date)
    if source.url is not None:
        yield node, _SCHEMA.url, Literal(source.url, datatype=XSD.anyURI)
    if source.content_hash:
        yield node, _KG.contentHash, Literal(source.content_hash)


def _actor_triples(actor: Actor) -> Iterator[Triple]:
    node = iri(ACTOR, actor.actor_id)
    try:
        yield node, _RDF.type, ACTOR_CLASSES[actor.type]
    except KeyError:
        raise ValueError(f"actor {actor.actor_id!r} has unknown type {actor.type!r}") from None
    yield node, _SKOS.prefLabel, _string_literal(actor.label, "ar")
    if actor.label_en:
        yield node, _SKOS.prefLabel, _string_literal(actor.label_en, "en")
    yield node, _KG.mentionCount, _integer(actor.mentions)
    aliases = [_string_literal(alias, "ar") for alias in actor.aliases]
    roles = [_string_literal(role, "ar") for role in actor.roles]
    for alias in aliases:
        yield node, _SKOS.altLabel, alias
    for role in roles:
        yield node, _KG.role, role
    yield from _sequence(node, _KG.aliasSequence, "aliases", aliases)
    yield from _sequence(node, _KG.roleSequence, "roles", roles)
    if actor.wikidata is not None:
        yield node, _OWL.sameAs, iri(WD, actor.wikidata)
    if actor.metonym_of is not None:
        yield node, _KG.metonymFor, iri(ACTOR, actor.metonym_of)
    for index, merge in enumerate(actor.merges):
        merge_node = URIRef(f"{node}/merge/{index}")
        yield node, _KG.aliasMerge, merge_node
        yield merge_node, _RDF.type, _KG.AliasMerge
        yield merge_node, _KG.position, _integer(index)
        yield merge_node, _KG.form, _string_literal(merge.alias, "ar")
        yield merge_node, _KG.rule, _string_literal(merge.rule)
        yield merge_node, _KG.score, _decimal(merge.score)


def _interaction_triples(interaction: Interaction) -> Iterator[Triple]:
    node = iri(EVENT, interaction.event_id)
    yield node, _RDF.type, _KG.Interaction
    yield node, _KG.interactionType, iri(ITYPE, interaction.type)
    yield node, _KG.cameoCode, _string_literal(interaction.cameo)
    try:
        yield node, _KG.status, STATUS_INDIVIDUALS[interaction.status]
    except KeyError:
        raise ValueError(f"interaction {interaction.event_id!r} has unknown status {interaction.status!r}") from None
    for index, participant in enumerate(interaction.participants):
        actor = iri(ACTOR, participant)
        participation = URIRef(f"{node}/participant/{index}")
        yield node, _KG.participant, actor
        yield node, _KG.participation, participation
        yield participation, _RDF.type, _KG.Participation
        yield participation, _KG.actor, actor
        yield participation, _KG.position, _integer(index)
    if interaction.initiator is not None:
        yield node, _KG.initiator, iri(ACTOR, interaction.initiator)
    if interaction.date is not None:
        yield node, _SCHEMA.startDate, date_literal(interaction.date)
    if interaction.date_precision is not None:
        yield node, _KG.datePrecision, _string_literal(interaction.date_precision)
    if interaction.place is not None:
        yield node, _SCHEMA.location, iri(ACTOR, interaction.place)
    topics = [iri(TOPIC, topic) for topic in interaction.topics]
    phrases = [_string_literal(phrase, "ar") for phrase in interaction.topic_phrases]
    for topic in topics:
        yield node, _SCHEMA.about, topic
    for phrase in phrases:
        yield node, _KG.topicPhrase, phrase
    yield from _sequence(node, _KG.topicSequence, "topics", topics)
    yield from _sequence(node, _KG.topicPhraseSequence, "topic-phrases", phrases)
    for index, evidence in enumerate(interaction.evidence):
        evidence_node = URIRef(f"{node}/evidence/{index}")
        yield node, _KG.evidence, evidence_node
        yield evidence_node, _RDF.type, _KG.Evidence
        yield evidence_node, _KG.position, _integer(index)
        yield evidence_node, _PROV.wasDerivedFrom, iri(DOC, evidence.doc_id)
        yield evidence_node, _KG.sentenceIndex, _integer(evidence.sentence)
        yield evidence_node, _KG.startOffset, _integer(evidence.start)
        yield evidence_node, _KG.endOffset, _integer(evidence.end)
        yield evidence_node, _KG.text, Literal(evidence.text, lang="ar")
        yield evidence_node, _KG.rule, _string_literal(evidence.rule)
        yield evidence_node, _KG.confidence, _decimal(evidence.confidence)


@lru_cache(maxsize=8)
def _parsed_turtle(path: Path, mtime: float) -> Graph:
    graph = Graph(bind_namespaces="none")
    graph.parse(path, format="turtle")
    return graph


def turtle_file(path: str | os.PathLike) -> Graph:
    """The project file ``path`` (ontology, shapes, vocabularies) parsed once and kept until it changes.
    Callers must not modify the graph: it is shared.

    >>> (KG.Person, RDFS.subClassOf, KG.Actor) in turtle_file(ONTOLOGY_DIR / "kg.ttl")
    True
    """
    path = Path(path).resolve()
    return _parsed_turtle(path, path.stat().st_mtime)


def _concept_triples(concepts: set[URIRef], vocabularies: Path) -> Iterator[Triple]:
    """Copy the description of each concept used from the SKOS vocabularies; a concept missing there (or
    no vocabulary file at all) is still declared a ``skos:Concept``."""
    vocabulary = turtle_file(vocabularies) if vocabularies.is_file() else Graph()
    for concept in sorted(concepts):
        yield concept, RDF.type, SKOS.Concept
        for predicate, value in vocabulary.predicate_objects(concept):
            if isinstance(value, (URIRef, Literal)):  # blank nodes would break determinism
                yield concept, predicate, value


def _entity_triples(kg: KnowledgeGraph, vocabularies: Path = VOCABULARIES_PATH) -> Iterator[list[Triple]]:
    """The triples of ``kg`` in groups, one per source, actor and interaction, then one for the concepts:
    every node is described within a single group."""
    for source in kg.sources:
        yield list(_source_triples(source))
    for actor in kg.actors:
        yield list(_actor_triples(actor))
    for interaction in kg.interactions:
        yield list(_interaction_triples(interaction))
    concepts = {iri(ITYPE, i.type) for i in kg.interactions}
    concepts |= {iri(TOPIC, topic) for i in kg.interactions for topic in i.topics}
    yield list(_concept_triples(concepts, vocabularies))


def triples(kg: KnowledgeGraph, vocabularies: Path = VOCABULARIES_PATH) -> Iterator[Triple]:
    """The RDF triples of ``kg``, generated one at a time (a triple may come more than once), with the
    interaction-type and topic concepts it uses copied from ``vocabularies`` (``ontology/vocabularies.ttl``)
    when that file exists. Writers and the validator stream these, so a large graph is never held as an
    indexed rdflib graph.

    >>> from kg.model import Actor
    >>> (iri(ACTOR, "usa"), RDF.type, KG.GeopoliticalEntity) in set(triples(
    ...     KnowledgeGraph(actors=[Actor("usa", "GPE", "أمريكا", "USA")])))
    True
    """
    for group in _entity_triples(kg, vocabularies):
        yield from group


def new_graph() -> Graph:
    """An empty ``rdflib.Graph`` with the project's prefixes bound (and rdflib's defaults not).

    >>> new_graph().namespace_manager.expand_curie("kg:Person") == KG.Person
    True
    """
    g = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    return g


def to_rdf(kg: KnowledgeGraph, vocabularies: Path = VOCABULARIES_PATH) -> Graph:
    """The RDF graph of ``kg`` (the :func:`triples` of ``kg`` in an rdflib graph).

    >>> from kg.model import Actor
    >>> g = to_rdf(KnowledgeGraph(actors=[Actor("usa", "GPE", "أمريكا", "USA")]))
    >>> (iri(ACTOR, "usa"), RDF.type, KG.GeopoliticalEntity) in g
    True
    """
    g = new_graph()
    for triple in triples(kg, vocabularies):
        g.add(triple)
    return g


def _text(g: Graph, node: URIRef, prop: URIRef) -> str | None:
    value = g.value(node, prop)
    return None if value is None else str(value)


def _label(g: Graph, node: URIRef, language: str) -> str:
    for label in g.objects(node, SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == language:
            return str(label)
    return ""


def _ordered_nodes(g: Graph, node: URIRef, prop: URIRef) -> list[URIRef]:
    """The nodes linked from ``node`` by ``prop``, in the order of their ``kg:position``."""
    return sorted(g.objects(node, prop), key=lambda item: int(g.value(item, KG.position)))


def _read_actor(g: Graph, node: URIRef) -> Actor:
    types = [_CLASS_TYPES[cls] for cls in g.objects(node, RDF.type) if cls in _CLASS_TYPES]
    if len(types) != 1:
        raise ValueError(f"actor {node} must have exactly one of the classes {sorted(_CLASS_TYPES)}")
    wikidata = g.value(node, OWL.sameAs)
    metonym = g.value(node, KG.metonymFor)
    merges = [Merge(str(g.value(m, KG.form)), str(g.value(m, KG.rule)), float(g.value(m, KG.score)))
              for m in _ordered_nodes(g, node, KG.aliasMerge)]
    return Actor(
        actor_id=local_id(node, ACTOR), type=types[0], label=_label(g, node, "ar"),
        label_en=_label(g, node, "en"),
        aliases=[str(alias) for alias in _read_sequence(g, node, KG.aliasSequence)],
        mentions=int(g.value(node, KG.mentionCount, default=Literal(0))),
        wikidata=None if wikidata is None else local_id(wikidata, WD),
        roles=[str(role) for role in _read_sequence(g, node, KG.roleSequence)],
        merges=merges,
        metonym_of=None if metonym is None else local_id(metonym, ACTOR))


def _read_evidence(g: Graph, node: URIRef) -> Evidence:
    return Evidence(
        doc_id=local_id(g.value(node, PROV.wasDerivedFrom), DOC),
        sentence=int(g.value(node, KG.sentenceIndex)), start=int(g.value(node, KG.startOffset)),
        end=int(g.value(node, KG.endOffset)), text=str(g.value(node, KG.text)),
        rule=str(g.value(node, KG.rule)), confidence=float(g.value(node, KG.confidence)))


def _read_interaction(g: Graph, node: URIRef) -> Interaction:
    def actor_or_none(prop: URIRef) -> str | None:
        value = g.value(node, prop)
        return None if value is None else local_id(value, ACTOR)

    return Interaction(
        event_id=local_id(node, EVENT), type=local_id(g.value(node, KG.interactionType), ITYPE),
        cameo=str(g.value(node, KG.cameoCode)), status=_STATUS_NAMES[g.value(node, KG.status)],
        participants=[local_id(g.value(p, KG.actor), ACTOR) for p in _ordered_nodes(g, node, KG.participation)],
        evidence=[_read_evidence(g, e) for e in _ordered_nodes(g, node, KG.evidence)],
        initiator=actor_or_none(KG.initiator), date=_text(g, node, SCHEMA.startDate),
        date_precision=_text(g, node, KG.datePrecision), place=actor_or_none(SCHEMA.location),
        topics=[local_id(topic, TOPIC) for topic in _read_sequence(g, node, KG.topicSequence)],
        topic_phrases=[str(phrase) for phrase in _read_sequence(g, node, KG.topicPhraseSequence)])


def _read_source(g: Graph, node: URIRef) -> Source:
    return Source(doc_id=local_id(node, DOC), title=_text(g, node, SCHEMA.headline),
                  date=_text(g, node, SCHEMA.datePublished), url=_text(g, node, SCHEMA.url),
                  content_hash=_text(g, node, KG.contentHash) or "")


def oxigraph_dir(path: str | os.PathLike) -> Path | None:
    """The pyoxigraph database folder ``path`` designates: a build store (``kg build --store``) holding
    one in ``oxigraph/``, or such a database folder itself; ``None`` when ``path`` is not a folder.

    >>> oxigraph_dir("exports/graph.ttl") is None
    True
    """
    path = Path(path)
    if not path.is_dir():
        return None
    return path / STORE_GRAPH if (path / STORE_GRAPH).is_dir() else path


def load_rdf(path: str | os.PathLike) -> Graph:
    """Parse a graph file written by ``write_graph`` (format from the suffix: .ttl, .nt, .jsonld), or read
    the pyoxigraph database of a build store folder.

    >>> import tempfile; path = Path(tempfile.mkdtemp()) / "g.nt"
    >>> _ = write_graph(new_graph(), path, "nt"); len(load_rdf(path))
    0
    """
    g = new_graph()
    database = oxigraph_dir(path)
    if database is not None:
        dump = ox.Store.read_only(str(database)).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        g.parse(data=dump.decode("utf-8"), format="nt")
    else:
        g.parse(Path(path), format=FORMATS.get(Path(path).suffix.lower(), "turtle"))
    return g


def read_graph(path_or_graph: str | os.PathLike | Graph) -> KnowledgeGraph:
    """The ``KnowledgeGraph`` stored in an RDF graph, a graph file or a build store folder: the inverse of
    ``to_rdf`` (lists of sources, actors and interactions come back sorted by id).

    >>> read_graph(to_rdf(KnowledgeGraph())) == KnowledgeGraph()
    True
    """
    g = path_or_graph if isinstance(path_or_graph, Graph) else load_rdf(path_or_graph)
    actor_nodes = {node for cls in ACTOR_CLASSES.values() for node in g.subjects(RDF.type, cls)}
    return KnowledgeGraph(
        sources=sorted((_read_source(g, n) for n in g.subjects(RDF.type, KG.Article)), key=lambda s: s.doc_id),
        actors=sorted((_read_actor(g, n) for n in actor_nodes), key=lambda a: a.actor_id),
        interactions=sorted((_read_interaction(g, n) for n in g.subjects(RDF.type, KG.Interaction)),
                            key=lambda i: i.event_id))


_LOCAL_NAME = re.compile(r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_.-]|%[0-9A-Fa-f]{2})*(?<!\.)")
# Terms are compared as plain strings: rdflib compares them in Python, several times slower.
_RDF_TYPE_IRI, _XSD_STRING_IRI = str(RDF.type), str(XSD.string)
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_CONTROL = re.compile(r'[\x00-\x1f\x7f"\\]')
_BARE_LITERALS = {str(XSD.integer): re.compile(r"[+-]?[0-9]+"),
                  str(XSD.decimal): re.compile(r"[+-]?[0-9]*\.[0-9]+")}


def _escape_string(text: str) -> str:
    return _CONTROL.sub(lambda m: _STRING_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


# Every namespace of PREFIXES ends with "/" or "#", and no local name holds either: the namespace of a
# prefixed name is all of the IRI up to its last "/" or "#". (The first prefix wins, were two the same.)
_NAMESPACE_PREFIXES = {namespace: prefix for prefix, namespace in reversed(PREFIXES.items())}


@lru_cache(maxsize=1 << 16)  # predicates, classes and actors recur on every other line of a graph file
def _iri_text(text: str, prefixed: bool) -> str:
    if prefixed:
        split = max(text.rfind("/"), text.rfind("#")) + 1
        prefix, local = _NAMESPACE_PREFIXES.get(text[:split]), text[split:]
        if prefix is not None and _LOCAL_NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return "<" + _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + ">"


def term_text(node, prefixed: bool = False) -> str:
    """``node`` written in Turtle (``prefixed``: with the project's prefixes) or N-Triples, every control
    character escaped, so the text is valid whatever an article contained.

    >>> term_text(Literal('a "b"\\n', lang="ar"))
    '"a \\\\"b\\\\"\\\\n"@ar'
    >>> term_text(iri(ACTOR, "x y"), prefixed=True), term_text(Literal(3), prefixed=True)
    ('actor:x%20y', '3')
    """
    if isinstance(node, URIRef):
        return _iri_text(str(node), prefixed)  # the cache looks up plain strings at C speed
    if not isinstance(node, Literal):
        return f"_:{node}"
    value = str(node)
    text = '"' + _escape_string(value) + '"'
    language = node.language
    if language:
        return f"{text}@{language}"
    datatype = node.datatype
    if datatype is None:
        return text
    datatype = str(datatype)
    if datatype == _XSD_STRING_IRI:
        return text
    bare = _BARE_LITERALS.get(datatype) if prefixed else None
    if bare is not None and bare.fullmatch(value):
        return value
    return f"{text}^^{_iri_text(datatype, prefixed)}"


def _triples_of(source: RDFSource) -> Iterator[Triple]:
    return triples(source) if isinstance(source, KnowledgeGraph) else iter(source)


def _by_subject(source: RDFSource, render: Callable) -> dict:
    """subject -> predicate -> set of rendered objects: the one grouping every writer sorts from (the set
    drops the repeated triples a stream may hold)."""
    subjects: dict = {}
    for subject, predicate, value in _triples_of(source):
        # Not setdefault: it would make an empty dict and set for every triple.
        properties = subjects.get(subject)
        if properties is None:
            properties = subjects[subject] = {}
        values = properties.get(predicate)
        if values is None:
            values = properties[predicate] = set()
        values.add(render(value))
    return subjects


def _predicate_order(predicate: URIRef) -> tuple[bool, str]:
    """rdf:type (``a``) first, then by IRI."""
    name = str(predicate)
    return name != _RDF_TYPE_IRI, name


def _turtle_block(subject: URIRef, properties: dict) -> str:
    parts = []
    for predicate in sorted(properties, key=_predicate_order):
        verb = "a" if str(predicate) == _RDF_TYPE_IRI else term_text(predicate, prefixed=True)
        parts.append(f"{verb} {', '.join(sorted(properties[predicate]))}")
    separator = " ;\n    " if len(parts) > 2 else " ; "
    return f"\n\n{term_text(subject, prefixed=True)} {separator.join(parts)} ."


def _turtle_chunks(source: RDFSource) -> Iterator[str]:
    # A KnowledgeGraph is rendered one entity at a time, so only the finished text of each subject is
    # kept until the sort, never every triple of a large graph.
    groups = _entity_triples(source) if isinstance(source, KnowledgeGraph) else [source]
    blocks: dict[URIRef, str] = {}
    for group in groups:
        for subject, properties in _by_subject(group, lambda value: term_text(value, prefixed=True)).items():
            if subject in blocks:
                raise ValueError(f"{subject} is described twice: ids in a KnowledgeGraph must be unique")
            blocks[subject] = _turtle_block(subject, properties)
    yield "\n".join(f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(PREFIXES.items()))
    for subject in sorted(blocks, key=str):
        yield blocks.pop(subject)  # written blocks are freed as the file grows
    yield "\n"


def _ntriples_chunks(source: RDFSource) -> Iterator[str]:
    yield from sorted({f"{term_text(s)} {term_text(p)} {term_text(o)} .\n" for s, p, o in _triples_of(source)})


def _json_ld_value(term) -> dict:
    if isinstance(term, URIRef):
        return {"@id": str(term)}
    value = {"@value": str(term)}
    if term.language:
        value["@language"] = term.language
    elif term.datatype is not None:
        value["@type"] = str(term.datatype)
    return value


def _compact(term: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        local = str(term)[len(namespace):]
        if str(term).startswith(namespace) and local and "/" not in local and ":" not in local:
            return f"{prefix}:{local}"
    return str(term)


def _json_ld_chunks(source: RDFSource) -> Iterator[str]:
    subjects = _by_subject(source, lambda value: value)
    nodes = []
    for subject in sorted(subjects):
        properties = subjects.pop(subject)
        node: dict = {"@id": str(subject)}
        types = sorted(_compact(t) for t in properties.pop(RDF.type, ()))
        if types:
            node["@type"] = types
        for predicate in sorted(properties):
            values = [_json_ld_value(v) for v in properties[predicate]]
            node[_compact(predicate)] = sorted(values, key=lambda v: json.dumps(v, sort_keys=True))
        nodes.append(node)
    document = {"@context": dict(sorted(PREFIXES.items())), "@graph": nodes}
    yield json.dumps(document, ensure_ascii=False, indent=1) + "\n"


_WRITERS = {"turtle": _turtle_chunks, "nt": _ntriples_chunks, "json-ld": _json_ld_chunks}


def _writer(format: str) -> Callable[[RDFSource], Iterator[str]]:
    try:
        return _WRITERS[FORMAT_ALIASES.get(format, format)]
    except KeyError:
        raise ValueError(f"unknown graph format {format!r}: use one of {sorted(_WRITERS)}") from None


def serialize(source: RDFSource, format: str = "turtle") -> bytes:
    """``source`` (an rdflib graph, a ``KnowledgeGraph`` or any iterable of triples) as deterministic bytes:

    - ``turtle``: the project's prefixes, then one block per subject in IRI order, ``a`` first, then
      predicates and objects in order;
    - ``nt``: N-Triples, one triple per line, lines sorted;
    - ``json-ld``: a ``@context`` of the project's prefixes and one node object per subject, everything
      sorted.

    All are written here rather than by rdflib, whose Turtle writer is slow and writes control characters
    raw, and all stream from triples, so a ``KnowledgeGraph`` is written without building an rdflib graph.

    >>> print(serialize(KnowledgeGraph(sources=[Source("d1", "عنوان")])).decode().splitlines()[-1])
    doc:d1 a kg:Article ; schema:headline "عنوان"@ar .
    >>> print(serialize(to_rdf(KnowledgeGraph(sources=[Source("d1", "t")])), "nt").decode(), end="")
    <https://w3id.org/arabic-news-kg/doc/d1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/arabic-news-kg/ontology#Article> .
    <https://w3id.org/arabic-news-kg/doc/d1> <https://schema.org/headline> "t"@ar .
    >>> json.loads(serialize(new_graph(), "json-ld"))["@graph"]
    []
    """
    return "".join(_writer(format)(source)).encode("utf-8")


def write_graph(source: RDFSource, path: str | os.PathLike, format: str | None = None) -> Path:
    """Write ``source`` (an rdflib graph, a ``KnowledgeGraph`` or an iterable of triples) to ``path`` in
    ``format`` (``turtle``, ``nt``, ``json-ld``; default: from the suffix), as :func:`serialize` does, and
    return the path. The text is streamed into a temporary file that replaces ``path`` in one rename, so a
    reader never sees half of it.

    >>> import tempfile; path = Path(tempfile.mkdtemp()) / "g.ttl"
    >>> write_graph(KnowledgeGraph(), path) == path
    True
    """
    chunks = _writer(format or FORMATS.get(Path(path).suffix.lower(), "turtle"))(source)
    with atomic_path(path) as temporary, open(temporary, "w", encoding="utf-8", newline="") as out:
        out.writelines(chunks)
    return Path(path)


def write_turtle(graph: Graph | KnowledgeGraph, path: str | os.PathLike) -> Path:
    """Write ``graph`` to ``path`` as Turtle, byte-identical for the same input, and return the path.

    >>> import tempfile; path = Path(tempfile.mkdtemp()) / "g.ttl"
    >>> from kg.model import Actor
    >>> _ = write_turtle(KnowledgeGraph(actors=[Actor("x", "PER", "س", "X")]), path)
    >>> path.read_bytes().startswith(b"@prefix")
    True
    """
    return write_graph(graph, path, "turtle")
