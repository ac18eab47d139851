"""kg.graph: exact round trip, valid IRIs, deterministic files readable by independent parsers."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.graph import iri, load_rdf, local_id, read_graph, serialize, to_rdf, write_graph, write_turtle
from kg.model import Actor, Evidence, Interaction, KnowledgeGraph, Merge, Source
from kg.vocab import ACTOR, EVENT, ITYPE, KG, SCHEMA, TOPIC

ROOT = Path(__file__).resolve().parent.parent

#: Ids and text no IRI or Turtle writer should be trusted with.
NASTY_IDS = ["a/b", "x y#z?q=1&r", "100%25", "<>\"{}|\\^`", "سوليفان", "..", "", "\u202eevil"]
NASTY_TEXT = '\x00 \u2028 \U0001F600 line1\nline2\r\t"quoted" \'single\' \\back\\ """triple""" \u200f\u202e <tag> & {} @en ^^xsd:int \x01\x7f'


def nasty_graph() -> KnowledgeGraph:
    actors = [Actor(actor_id, "ORG", NASTY_TEXT + actor_id, "", aliases=[NASTY_TEXT, "ب", "أ", NASTY_TEXT],
                    mentions=index, roles=["z", NASTY_TEXT], merges=[Merge(NASTY_TEXT, "rule " + NASTY_TEXT, 0.1 + 0.2), Merge("x", "tiny", 1e-07)],
                    wikidata="Q1/../" if index == 1 else None, metonym_of=NASTY_IDS[0])
              for index, actor_id in enumerate(NASTY_IDS)]
    evidence = [Evidence(doc_id, 2, 5, 9, NASTY_TEXT, NASTY_TEXT, 1 / 3) for doc_id in NASTY_IDS[:3]]
    interaction = Interaction(
        event_id=NASTY_IDS[1], type="odd type/" + NASTY_IDS[3], cameo="", status="cancelled",
        participants=list(reversed(NASTY_IDS)), evidence=evidence, initiator=NASTY_IDS[4],
        date="not a date " + NASTY_TEXT, date_precision="week", place=NASTY_IDS[2],
        topics=["z-topic", NASTY_IDS[0], "a-topic"], topic_phrases=[NASTY_TEXT, "ثانياً", NASTY_TEXT])
    return KnowledgeGraph(
        sources=sorted([Source(doc_id, NASTY_TEXT, "2024-02-30", NASTY_TEXT, "") for doc_id in NASTY_IDS[:3]],
                       key=lambda s: s.doc_id),
        actors=sorted(actors, key=lambda a: a.actor_id), interactions=[interaction])


def test_round_trip_sample_graph(sample_graph):
    assert read_graph(to_rdf(sample_graph)) == sample_graph


def test_round_trip_keeps_order_of_unsorted_lists(sample_graph):
    dermer = next(a for a in read_graph(to_rdf(sample_graph)).actors if a.actor_id == "ron-dermer")
    assert dermer.aliases == ["رون ديرمر", "ديرمر"]  # not sorted: the order comes from the rdf:Seq


def test_round_trip_hostile_ids_and_text():
    kg = nasty_graph()
    assert read_graph(to_rdf(kg)) == kg


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
def test_round_trip_through_files(tmp_path, sample_graph, suffix):
    for kg in (sample_graph, nasty_graph()):
        path = tmp_path / f"graph{suffix}"
        write_graph(kg, path)
        assert read_graph(path) == kg


def test_every_iri_is_valid(sample_graph):
    for triple in to_rdf(nasty_graph()) + to_rdf(sample_graph):
        for term in triple:
            if isinstance(term, URIRef):
                ox.NamedNode(str(term))  # raises ValueError on an invalid IRI


def test_iri_encoding_is_reversible():
    for actor_id in NASTY_IDS:
        node = iri(ACTOR, actor_id)
        assert local_id(node, ACTOR) == actor_id
        assert "/" not in str(node)[len(str(ACTOR)):]


def test_dates_are_typed_by_precision(sample_graph):
    g = to_rdf(sample_graph)
    assert g.value(EVENT["e-meeting"], SCHEMA.startDate).datatype == rdflib.XSD.date
    assert g.value(EVENT["e-call"], SCHEMA.startDate).datatype == rdflib.XSD.gYearMonth
    assert str(g.value(EVENT["e-call"], KG.datePrecision)) == "month"
    year = to_rdf(KnowledgeGraph(sources=[Source("d", date="2023")]))
    assert next(year.objects(None, SCHEMA.datePublished)).datatype == rdflib.XSD.gYear


def test_actor_mapping(sample_graph):
    g = to_rdf(sample_graph)
    sullivan = ACTOR["jake-sullivan"]
    assert (sullivan, RDF.type, KG.Person) in g
    assert (sullivan, SKOS.prefLabel, Literal("جيك سوليفان", lang="ar")) in g
    assert (sullivan, SKOS.altLabel, Literal("ساليفان", lang="ar")) in g
    assert (ACTOR["washington"], KG.metonymFor, ACTOR["united-states"]) in g
    merges = {(str(g.value(m, KG.form)), str(g.value(m, KG.rule)), float(g.value(m, KG.score)))
              for m in g.objects(sullivan, KG.aliasMerge)}
    assert merges == {("جايك ساليفان", "transliteration", 0.92), ("ساليفان", "surname", 0.9)}


def test_no_blank_nodes(sample_graph):
    assert not [t for t in to_rdf(nasty_graph()) + to_rdf(sample_graph) if any(not isinstance(x, (URIRef, Literal)) for x in t)]


def test_unknown_type_or_status_is_refused():
    with pytest.raises(ValueError, match="unknown type"):
        to_rdf(KnowledgeGraph(actors=[Actor("x", "THING", "س", "")]))
    with pytest.raises(ValueError, match="unknown status"):
        to_rdf(KnowledgeGraph(interactions=[Interaction("e", "meeting", "043", "rumoured", ["x"], [])]))


def test_concepts_copied_from_vocabularies(tmp_path, sample_graph):
    vocabularies = tmp_path / "vocabularies.ttl"
    vocabularies.write_text(f"""
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{ITYPE}meeting> a skos:Concept ; skos:prefLabel "لقاء"@ar, "meeting"@en ; skos:notation "043" ;
            skos:related [ skos:prefLabel "blank nodes are left out" ] .
        <{ITYPE}unused> a skos:Concept ; skos:prefLabel "unused"@en .
        """, encoding="utf-8")
    g = to_rdf(sample_graph, vocabularies=vocabularies)
    assert (ITYPE.meeting, SKOS.prefLabel, Literal("لقاء", lang="ar")) in g
    assert (ITYPE.meeting, SKOS.notation, Literal("043")) in g
    assert (ITYPE.meeting, SKOS.related, None) not in g
    assert (ITYPE.unused, None, None) not in g
    assert read_graph(g) == sample_graph
    # Without a vocabulary file the concepts used are still declared.
    bare = to_rdf(sample_graph, vocabularies=tmp_path / "missing.ttl")
    assert {c for c in bare.subjects(RDF.type, SKOS.Concept)} == {ITYPE.meeting, ITYPE.call, TOPIC["gaza-war"]}


BUILD_SCRIPT = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from conftest import make_sample_graph
from test_graph import nasty_graph
from kg.graph import write_graph
from kg.model import KnowledgeGraph
kg = make_sample_graph()
kg = KnowledgeGraph(kg.sources + nasty_graph().sources, kg.actors + nasty_graph().actors,
                    kg.interactions + nasty_graph().interactions)
for suffix in (".ttl", ".nt", ".jsonld"):
    write_graph(kg, sys.argv[1] + suffix)
"""


def test_files_are_byte_identical_across_builds(tmp_path):
    script = BUILD_SCRIPT.format(root=str(ROOT), tests=str(ROOT / "tests"))
    for run, seed in (("a", "1"), ("b", "2024")):
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / run)], check=True, env=env, cwd=tmp_path)
    for suffix in (".ttl", ".nt", ".jsonld"):
        first, second = (tmp_path / f"a{suffix}").read_bytes(), (tmp_path / f"b{suffix}").read_bytes()
        assert first == second and len(first) > 1000
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_independent_parsers_agree(tmp_path, sample_graph):
    kg = KnowledgeGraph(sample_graph.sources, sample_graph.actors + nasty_graph().actors,
                        sample_graph.interactions + nasty_graph().interactions)
    g = to_rdf(kg)
    for suffix, fmt in ((".ttl", ox.RdfFormat.TURTLE), (".nt", ox.RdfFormat.N_TRIPLES),
                        (".jsonld", ox.RdfFormat.JSON_LD)):
        path = tmp_path / f"graph{suffix}"
        write_graph(g, path)
        assert len(list(ox.parse(path=path, format=fmt))) == len(g)
        assert load_rdf(path).isomorphic(g)
    if shutil.which("rapper"):
        out = subprocess.run(["rapper", "-i", "turtle", "-c", str(tmp_path / "graph.ttl")],
                             capture_output=True, text=True, check=True)
        assert f"returned {len(g)} triples" in out.stderr


def test_nt_lines_sorted_and_json_ld_has_context(sample_graph):
    g = to_rdf(sample_graph)
    lines = serialize(g, "nt").decode().splitlines()
    assert lines == sorted(lines) and len(lines) == len(g)
    document = json.loads(serialize(g, "json-ld"))
    assert document["@context"]["kg"] == str(KG)
    assert {node["@id"] for node in document["@graph"]} == {str(s) for s in set(g.subjects())}


def test_write_is_atomic(tmp_path, sample_graph):
    path = tmp_path / "graph.ttl"
    assert write_turtle(sample_graph, path) == path
    before = path.read_bytes()
    with pytest.raises(ValueError):
        write_graph(sample_graph, path, "no-such-format")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    assert Graph().parse(path, format="turtle").isomorphic(to_rdf(sample_graph))


def test_read_a_build_store_folder(tmp_path, sample_graph):
    # kg build --store keeps the graph in a pyoxigraph database folder: read_graph opens it read-only.
    database = tmp_path / "store" / "oxigraph"
    database.parent.mkdir()
    store = ox.Store(str(database))
    store.bulk_load(serialize(to_rdf(sample_graph), "nt"), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store
    assert read_graph(tmp_path / "store") == sample_graph
    assert read_graph(database) == sample_graph



def test_ontology_declares_every_term_the_graph_uses(sample_graph):
    from rdflib.namespace import OWL, RDFS

    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    assert len(list(ox.parse(path=ROOT / "ontology" / "kg.ttl", format=ox.RdfFormat.TURTLE))) == len(ontology)
    used = {term for triple in to_rdf(sample_graph) + to_rdf(nasty_graph()) for term in triple
            if isinstance(term, URIRef) and str(term).startswith(str(KG))}
    assert len(used) > 30
    for term in used:
        kinds = set(ontology.objects(term, RDF.type))
        assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}, term
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"ar", "en"} <= languages, term
        assert {c.language for c in ontology.objects(term, RDFS.comment)} >= {"ar", "en"}, term


def test_docstring_examples():
    import doctest

    import kg.graph

    result = doctest.testmod(kg.graph, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
