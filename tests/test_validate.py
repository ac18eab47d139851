"""kg.validate: the SHACL shapes accept a well-formed graph and name what is wrong in broken ones; the
native engine finds exactly what pyshacl, the reference engine, finds."""

import dataclasses
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, SKOS

from kg.graph import to_rdf, triples, write_turtle
from kg.model import Evidence
from kg.validate import (
    SHAPES_PATH,
    UnsupportedShapeError,
    ValidationResult,
    compile_shapes,
    validate,
)
from kg.vocab import ACTOR, DOC, EVENT, KG, SCHEMA, TOPIC


def test_sample_graph_conforms(sample_graph, tmp_path):
    report = validate(sample_graph)
    assert report.conforms, report.messages
    assert report.messages == []
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    assert validate(path).conforms


def broken(sample_graph, change):
    """The sample graph with one interaction or actor changed by ``change``; returns the report."""
    change(sample_graph)
    return validate(sample_graph)


@pytest.mark.parametrize("change, expected", [
    (lambda kg: setattr(kg.interactions[1], "participants", []), "at least one kg:participant"),
    (lambda kg: setattr(kg.interactions[1], "evidence", []), "at least one kg:evidence"),
    (lambda kg: kg.interactions[1].participants.append("nobody"), "must be an actor of the graph"),
    (lambda kg: setattr(kg.interactions[1], "date_precision", "decade"), "datePrecision"),
    (lambda kg: setattr(kg.interactions[1], "place", "atlantis"), "location"),
    (lambda kg: kg.interactions[1].evidence.__setitem__(0, dataclasses.replace(
        kg.interactions[1].evidence[0], doc_id="unknown-doc")), "an article of the graph"),
    (lambda kg: kg.interactions[1].evidence.__setitem__(0, dataclasses.replace(
        kg.interactions[1].evidence[0], start=300, end=10)), "startOffset"),
    (lambda kg: kg.interactions[1].evidence.__setitem__(0, dataclasses.replace(
        kg.interactions[1].evidence[0], confidence=1.5)), "confidence"),
    (lambda kg: setattr(kg.actors[1], "wikidata", "Sullivan"), "Wikidata entity IRI"),
    (lambda kg: setattr(kg.actors[4], "metonym_of", "rome"), "metonymFor"),
    (lambda kg: setattr(kg.actors[1], "mentions", -1), "mentionCount"),
])
def test_broken_graphs_are_reported(sample_graph, change, expected):
    report = broken(sample_graph, change)
    assert not report.conforms
    assert any(expected in message for message in report.messages), report.messages


def test_broken_rdf_is_reported(sample_graph):
    g = to_rdf(sample_graph)
    g.remove((EVENT["e-meeting"], KG.status, None))
    g.remove((EVENT["e-call"], KG.interactionType, None))
    g.add((ACTOR["ron-dermer"], SKOS.prefLabel, Literal("ديرمر", lang="ar")))
    g.remove((ACTOR["washington"], SKOS.prefLabel, Literal("واشنطن", lang="ar")))
    g.add((ACTOR["united-states"], KG.mentionCount, Literal(7)))
    g.add((ACTOR["jake-sullivan"], KG.aliasMerge, ACTOR["jake-sullivan"] + "/merge/9"))
    g.remove((EVENT["e-call"] + "/participant/1", None, None))
    messages = "\n".join(validate(g).messages)
    for focus, what in [
        (EVENT["e-meeting"], "exactly one kg:status"),
        (EVENT["e-call"], "exactly one kg:interactionType"),
        (ACTOR["ron-dermer"], "exactly one Arabic skos:prefLabel"),
        (ACTOR["washington"], "exactly one Arabic skos:prefLabel"),
        (ACTOR["united-states"], "mentionCount"),
        (ACTOR["jake-sullivan"], "aliasMerge"),
        (EVENT["e-call"], "kg:participant and the actors of kg:participation disagree"),
    ]:
        assert any(line.startswith(f"Violation: {focus}") and what in line for line in messages.splitlines()), \
            (focus, what, messages)


def test_untyped_actor_is_reported(sample_graph):
    g = to_rdf(sample_graph)
    g.remove((ACTOR["ron-dermer"], None, KG.Person))
    report = validate(g)
    assert any(m.startswith(f"Violation: {ACTOR['ron-dermer']}") and "exactly one shape" in m for m in report.messages)


def test_messages_are_deterministic(sample_graph):
    sample_graph.interactions[0].evidence.append(Evidence("missing", 0, 5, 1, "t", "r", 2.0))
    first, second = validate(sample_graph), validate(sample_graph)
    assert first.messages == second.messages and len(first.messages) >= 3


def test_docstring_examples():
    import doctest

    import kg.validate

    result = doctest.testmod(kg.validate, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


# ----------------------------------------------------------------------------------------------------
# The native engine against pyshacl, the independent reference
# ----------------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SULLIVAN, DERMER, WASHINGTON = ACTOR["jake-sullivan"], ACTOR["ron-dermer"], ACTOR["washington"]
MEETING, CALL = EVENT["e-meeting"], EVENT["e-call"]
MEETING_EVIDENCE = URIRef(MEETING + "/evidence/0")
CALL_PARTICIPANT = URIRef(CALL + "/participant/1")
MERGE = URIRef(SULLIVAN + "/merge/0")
ARTICLE = DOC["002_4fa3a07213f4c177"]
EX = "http://example.org/"


def keys(report) -> set:
    return {(r.focus, r.path, r.component) for r in report.results}


def same_under_both(graph):
    """The native report of ``graph``, after checking that pyshacl finds the same results."""
    native, reference = validate(graph), validate(graph, engine="pyshacl")
    assert keys(native) == keys(reference), (keys(native) ^ keys(reference))
    assert native.conforms == reference.conforms
    return native


def put(g: Graph, node, prop, *values) -> None:
    """Replace the values of ``prop`` on ``node`` by ``values``."""
    g.remove((node, prop, None))
    for value in values:
        g.add((node, prop, value))


BREAKAGES = {
    # actors
    "missing Arabic label": (lambda g: g.remove((WASHINGTON, SKOS.prefLabel, Literal("واشنطن", lang="ar"))),
                             "QualifiedMinCountConstraintComponent"),
    "two Arabic labels": (lambda g: g.add((DERMER, SKOS.prefLabel, Literal("ديرمر", lang="ar"))),
                          "QualifiedMaxCountConstraintComponent"),
    "two labels in one language": (lambda g: g.add((DERMER, SKOS.prefLabel, Literal("Dermer", lang="EN"))),
                                   "UniqueLangConstraintComponent"),
    "label without language": (lambda g: g.add((DERMER, SKOS.prefLabel, Literal("ديرمر"))),
                               "DatatypeConstraintComponent"),
    "Arabic label with a region subtag": (lambda g: put(g, DERMER, SKOS.prefLabel, Literal("رون", lang="ar-EG")),
                                          None),
    "negative mentionCount": (lambda g: put(g, SULLIVAN, KG.mentionCount, Literal(-1)),
                              "MinInclusiveConstraintComponent"),
    "decimal mentionCount": (lambda g: put(g, SULLIVAN, KG.mentionCount, Literal("2.5", datatype=XSD.decimal)),
                             "DatatypeConstraintComponent"),
    "ill-typed mentionCount": (lambda g: put(g, SULLIVAN, KG.mentionCount, Literal("abc", datatype=XSD.integer)),
                               "DatatypeConstraintComponent"),
    "string mentionCount": (lambda g: put(g, SULLIVAN, KG.mentionCount, Literal("6")),
                            "MinInclusiveConstraintComponent"),
    "no mentionCount": (lambda g: put(g, SULLIVAN, KG.mentionCount), "MinCountConstraintComponent"),
    "two mentionCounts": (lambda g: g.add((SULLIVAN, KG.mentionCount, Literal(7))), "MaxCountConstraintComponent"),
    "altLabel without language": (lambda g: g.add((SULLIVAN, SKOS.altLabel, Literal("x"))),
                                  "DatatypeConstraintComponent"),
    "sameAs not Wikidata": (lambda g: put(g, SULLIVAN, OWL.sameAs, URIRef("http://dbpedia.org/resource/X")),
                            "PatternConstraintComponent"),
    "sameAs literal": (lambda g: put(g, SULLIVAN, OWL.sameAs, Literal("Q30")), "NodeKindConstraintComponent"),
    "two sameAs": (lambda g: g.add((SULLIVAN, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1"))),
                   "MaxCountConstraintComponent"),
    "metonymFor non-actor": (lambda g: put(g, WASHINGTON, KG.metonymFor, ARTICLE), "ClassConstraintComponent"),
    "metonymFor literal": (lambda g: put(g, WASHINGTON, KG.metonymFor, Literal("rome")), "XoneConstraintComponent"),
    "aliasMerge not a merge": (lambda g: g.add((SULLIVAN, KG.aliasMerge, ARTICLE)), "ClassConstraintComponent"),
    "two actor classes": (lambda g: g.add((DERMER, RDF.type, KG.Organization)), "XoneConstraintComponent"),
    "no actor class": (lambda g: g.remove((DERMER, RDF.type, KG.Person)), "XoneConstraintComponent"),
    "actor typed by a subclass declared in the data": (lambda g: (
        g.add((URIRef(EX + "Minister"), RDFS.subClassOf, KG.Person)),
        put(g, DERMER, RDF.type, URIRef(EX + "Minister"))), None),
    "actor typed only by an unrelated subclass": (lambda g: (
        g.add((URIRef(EX + "Minister"), RDFS.subClassOf, URIRef(EX + "Official"))),
        put(g, DERMER, RDF.type, URIRef(EX + "Minister"))), "XoneConstraintComponent"),
    "literal participant": (lambda g: g.add((MEETING, KG.participant, Literal("nobody"))),
                            "ClassConstraintComponent"),
    # alias merges
    "merge score above 1": (lambda g: put(g, MERGE, KG.score, Literal("1.5", datatype=XSD.decimal)),
                            "MaxInclusiveConstraintComponent"),
    "merge score a string": (lambda g: put(g, MERGE, KG.score, Literal("high")), "DatatypeConstraintComponent"),
    "merge without rule": (lambda g: put(g, MERGE, KG.rule), "MinCountConstraintComponent"),
    "merge form without language": (lambda g: put(g, MERGE, KG.form, Literal("x")), "DatatypeConstraintComponent"),
    "merge with negative position": (lambda g: put(g, MERGE, KG.position, Literal(-2)),
                                     "MinInclusiveConstraintComponent"),
    "merge node not typed": (lambda g: g.remove((MERGE, RDF.type, KG.AliasMerge)), "ClassConstraintComponent"),
    # interactions
    "no interactionType": (lambda g: put(g, CALL, KG.interactionType), "MinCountConstraintComponent"),
    "interactionType literal": (lambda g: put(g, CALL, KG.interactionType, Literal("call")),
                                "NodeKindConstraintComponent"),
    "interactionType outside its namespace": (lambda g: put(g, CALL, KG.interactionType, TOPIC["call"]),
                                              "PatternConstraintComponent"),
    "two cameo codes": (lambda g: g.add((CALL, KG.cameoCode, Literal("041"))), "MaxCountConstraintComponent"),
    "integer cameo code": (lambda g: put(g, CALL, KG.cameoCode, Literal(40)), "DatatypeConstraintComponent"),
    "no status": (lambda g: put(g, MEETING, KG.status), "MinCountConstraintComponent"),
    "status not in list": (lambda g: put(g, MEETING, KG.status, KG.Rumoured), "InConstraintComponent"),
    "two statuses": (lambda g: g.add((MEETING, KG.status, KG.Cancelled)), "MaxCountConstraintComponent"),
    "no participant": (lambda g: put(g, MEETING, KG.participant), "MinCountConstraintComponent"),
    "participant without actor class": (lambda g: g.add((MEETING, KG.participant, ACTOR["nobody"])),
                                        "ClassConstraintComponent"),
    "no participation": (lambda g: put(g, MEETING, KG.participation), "MinCountConstraintComponent"),
    "participation not a Participation": (lambda g: g.remove((CALL_PARTICIPANT, RDF.type, KG.Participation)),
                                          "ClassConstraintComponent"),
    "participant missing from participations": (lambda g: g.add((CALL, KG.participant, DERMER)),
                                                "EqualsConstraintComponent"),
    "participation actor missing from participants": (lambda g: g.remove((CALL, KG.participant, SULLIVAN)),
                                                      "EqualsConstraintComponent"),
    "no evidence": (lambda g: put(g, MEETING, KG.evidence), "MinCountConstraintComponent"),
    "evidence not Evidence": (lambda g: g.add((MEETING, KG.evidence, ARTICLE)), "ClassConstraintComponent"),
    "two initiators": (lambda g: g.add((MEETING, KG.initiator, DERMER)), "MaxCountConstraintComponent"),
    "initiator not an actor": (lambda g: put(g, MEETING, KG.initiator, ARTICLE), "ClassConstraintComponent"),
    "location not an actor": (lambda g: put(g, MEETING, SCHEMA.location, ARTICLE), "ClassConstraintComponent"),
    "two locations": (lambda g: g.add((MEETING, SCHEMA.location, ACTOR["united-states"])),
                      "MaxCountConstraintComponent"),
    "date with a wrong datatype": (lambda g: put(g, MEETING, SCHEMA.startDate, Literal(2023)),
                                   "OrConstraintComponent"),
    "impossible date": (lambda g: put(g, MEETING, SCHEMA.startDate, Literal("2023-02-30", datatype=XSD.date)),
                        "OrConstraintComponent"),
    "date as a plain string": (lambda g: put(g, MEETING, SCHEMA.startDate, Literal("early November")), None),
    "two dates": (lambda g: g.add((MEETING, SCHEMA.startDate, Literal("2023", datatype=XSD.gYear))),
                  "MaxCountConstraintComponent"),
    "datePrecision not in list": (lambda g: put(g, MEETING, KG.datePrecision, Literal("decade")),
                                  "InConstraintComponent"),
    "topic outside topic/": (lambda g: put(g, MEETING, SCHEMA.about, ITYPE_MEETING), "PatternConstraintComponent"),
    "topic literal": (lambda g: put(g, MEETING, SCHEMA.about, Literal("gaza-war")), "NodeKindConstraintComponent"),
    "topicPhrase without language": (lambda g: g.add((MEETING, KG.topicPhrase, Literal("x"))),
                                     "DatatypeConstraintComponent"),
    "status on an untyped node": (lambda g: g.add((URIRef(EX + "e"), KG.status, KG.Held)),
                                  "ClassConstraintComponent"),
    # participations
    "participation without actor": (lambda g: put(g, CALL_PARTICIPANT, KG.actor), "MinCountConstraintComponent"),
    "participation with two actors": (lambda g: g.add((CALL_PARTICIPANT, KG.actor, DERMER)),
                                      "MaxCountConstraintComponent"),
    "participation actor not an actor": (lambda g: put(g, CALL_PARTICIPANT, KG.actor, ARTICLE),
                                         "ClassConstraintComponent"),
    "participation without position": (lambda g: put(g, CALL_PARTICIPANT, KG.position),
                                       "MinCountConstraintComponent"),
    # evidence
    "evidence from a non-article": (lambda g: put(g, MEETING_EVIDENCE, PROV.wasDerivedFrom, DOC["unknown"]),
                                    "ClassConstraintComponent"),
    "evidence from a literal": (lambda g: put(g, MEETING_EVIDENCE, PROV.wasDerivedFrom, Literal("doc")),
                                "NodeKindConstraintComponent"),
    "evidence from two articles": (lambda g: g.add((MEETING_EVIDENCE, PROV.wasDerivedFrom, DOC["hostile-doc"])),
                                   "MaxCountConstraintComponent"),
    "startOffset after endOffset": (lambda g: put(g, MEETING_EVIDENCE, KG.startOffset, Literal(300)),
                                    "LessThanOrEqualsConstraintComponent"),
    "negative sentenceIndex": (lambda g: put(g, MEETING_EVIDENCE, KG.sentenceIndex, Literal(-1)),
                               "MinInclusiveConstraintComponent"),
    "confidence above 1": (lambda g: put(g, MEETING_EVIDENCE, KG.confidence, Literal("1.5", datatype=XSD.decimal)),
                           "MaxInclusiveConstraintComponent"),
    "confidence a double": (lambda g: put(g, MEETING_EVIDENCE, KG.confidence, Literal(0.5)),
                            "DatatypeConstraintComponent"),
    "evidence text without language": (lambda g: put(g, MEETING_EVIDENCE, KG.text, Literal("x")),
                                       "DatatypeConstraintComponent"),
    "evidence without rule": (lambda g: put(g, MEETING_EVIDENCE, KG.rule), "MinCountConstraintComponent"),
    # articles
    "two headlines": (lambda g: g.add((ARTICLE, SCHEMA.headline, Literal("x", lang="ar"))),
                      "MaxCountConstraintComponent"),
    "two publication dates": (lambda g: g.add((ARTICLE, SCHEMA.datePublished, Literal("2023-11-15",
                                                                                     datatype=XSD.date))),
                              "MaxCountConstraintComponent"),
    "url as a plain string": (lambda g: g.add((ARTICLE, SCHEMA.url, Literal("https://example.org/x"))),
                              "DatatypeConstraintComponent"),
    "integer content hash": (lambda g: put(g, ARTICLE, KG.contentHash, Literal(12)), "DatatypeConstraintComponent"),
}
ITYPE_MEETING = URIRef("https://w3id.org/arabic-news-kg/interaction-type/meeting")


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_native_engine_agrees_with_pyshacl(sample_graph, name):
    change, component = BREAKAGES[name]
    g = to_rdf(sample_graph)
    change(g)
    report = same_under_both(g)
    if component is None:
        assert report.conforms, report.messages
    else:
        assert component in {r.component for r in report.results}, report.messages


def test_valid_graphs_conform_under_both_engines(sample_graph):
    assert same_under_both(to_rdf(sample_graph)).conforms
    seeds_graph = ROOT / "exports" / "graph.ttl"
    assert same_under_both(seeds_graph).conforms
    assert same_under_both(Graph().parse(seeds_graph)).conforms


def test_every_input_kind_gives_the_same_report(sample_graph, tmp_path):
    sample_graph.actors[1].mentions = -3
    expected = validate(to_rdf(sample_graph))
    assert not expected.conforms
    turtle, ntriples = write_turtle(sample_graph, tmp_path / "g.ttl"), tmp_path / "g.nt"
    ntriples.write_bytes(to_rdf(sample_graph).serialize(format="nt", encoding="utf-8"))
    stream = list(triples(sample_graph))
    for source in (sample_graph, turtle, str(ntriples), stream + stream, iter(stream)):
        assert validate(source) == expected, source


def test_results_carry_the_shape_message_severity_and_value(sample_graph):
    g = to_rdf(sample_graph)
    put(g, MEETING, KG.status, KG.Rumoured)
    (result,) = validate(g).results
    assert result == ValidationResult(
        "Violation", str(MEETING), str(KG.status), "InConstraintComponent",
        "an interaction needs exactly one kg:status: kg:Held, kg:Planned or kg:Cancelled", str(KG.Rumoured))
    assert validate(g).messages == [result.line()]


def test_sequence_paths_are_written_alike_by_both_engines(sample_graph):
    g = to_rdf(sample_graph)
    g.add((CALL, KG.participant, DERMER))
    sequence = f"({KG.participation} {KG.actor})"
    for engine in ("native", "pyshacl"):
        results = validate(g, engine=engine).results
        assert [(r.focus, r.path, r.value) for r in results] == [(str(CALL), sequence, str(DERMER))], engine


def test_ill_typed_values_fail_every_comparison(sample_graph):
    # SHACL compares as SPARQL does: "v <= 1" or "start <= end" with an ill-typed operand is an error, so
    # not true, so a result. pyshacl misses the upper bound and sh:lessThanOrEquals here.
    g = to_rdf(sample_graph)
    put(g, MEETING_EVIDENCE, KG.confidence, Literal("high", datatype=XSD.decimal))
    put(g, MEETING_EVIDENCE, KG.endOffset, Literal("end", datatype=XSD.integer))
    native, reference = keys(validate(g)), keys(validate(g, engine="pyshacl"))
    focus = str(MEETING_EVIDENCE)
    assert native - reference == {(focus, str(KG.confidence), "MaxInclusiveConstraintComponent"),
                                  (focus, str(KG.startOffset), "LessThanOrEqualsConstraintComponent")}
    assert reference < native and {component for _, _, component in native} == {
        "DatatypeConstraintComponent", "MinInclusiveConstraintComponent", "MaxInclusiveConstraintComponent",
        "LessThanOrEqualsConstraintComponent"}


def test_lexical_forms_follow_xsd(sample_graph):
    # pyshacl accepts any text typed xsd:gYearMonth (rdflib has no parser for it) and a NaN decimal.
    g = to_rdf(sample_graph)
    put(g, MEETING_EVIDENCE, KG.confidence, Literal("NaN", datatype=XSD.decimal))
    assert "DatatypeConstraintComponent" in {r.component for r in validate(g).results}
    g = to_rdf(sample_graph)
    put(g, CALL, SCHEMA.startDate, Literal("2024-13", datatype=XSD.gYearMonth))
    assert {(r.focus, r.component) for r in validate(g).results} == {(str(CALL), "OrConstraintComponent")}
    put(g, CALL, SCHEMA.startDate, Literal("２٠٢٤", datatype=XSD.gYear))
    assert not validate(g).conforms
    put(g, CALL, SCHEMA.startDate, Literal("-0044", datatype=XSD.gYear))
    assert validate(g).conforms


# ----------------------------------------------------------------------------------------------------
# Shapes files other than the project's
# ----------------------------------------------------------------------------------------------------

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def shapes_file(tmp_path, text: str) -> Path:
    path = tmp_path / "shapes.ttl"
    path.write_text(PREFIXES + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("shape, named", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .", "sh:closed (ClosedConstraintComponent)"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:hasValue 1 ] .",
     "sh:hasValue (HasValueConstraintComponent)"),
    ("ex:S a sh:NodeShape ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .", "sh:inversePath"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:custom 1 .", "http://example.org/custom"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minExclusive \"a\" ] .",
     "sh:minExclusive"),
])
def test_unsupported_components_are_refused(tmp_path, shape, named):
    path = shapes_file(tmp_path, shape)
    with pytest.raises(UnsupportedShapeError, match=re.escape(named)):
        validate([], shapes=path)


def test_annotations_are_ignored_and_the_project_shapes_compile(tmp_path):
    path = shapes_file(tmp_path, """ex:S a sh:NodeShape ; rdfs:label "s" ; rdfs:comment "c" ; sh:name "n" ;
        sh:description "d" ; sh:order 1 ; sh:group ex:G ; sh:targetClass ex:C ; sh:nodeKind sh:IRI .""")
    assert validate([(URIRef(EX + "a"), RDF.type, URIRef(EX + "C"))], shapes=path).conforms
    assert {str(shape.node).rsplit("#", 1)[-1] for shape in compile_shapes(SHAPES_PATH).roots} == {
        "ActorShape", "AliasMergeShape", "InteractionShape", "ParticipationShape", "EvidenceShape", "ArticleShape"}


def test_other_components_agree_with_pyshacl(tmp_path):
    path = shapes_file(tmp_path, """
    ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
    ex:S a sh:NodeShape ; sh:targetNode ex:a , ex:b , ex:c ;
        sh:property [ sh:path ex:knows ; sh:node ex:Named ; sh:severity sh:Warning ] ,
            [ sh:path ex:label ; sh:languageIn ( "en" "ar" ) ] ,
            [ sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" ] ,
            [ sh:path ex:code ; sh:minCount 5 ; sh:deactivated true ] ,
            [ sh:path ex:knows ; sh:qualifiedValueShape ex:Named ; sh:qualifiedMaxCount 1 ; sh:severity sh:Info ] .
    """)
    a, b, c = (URIRef(EX + n) for n in "abc")
    data = [(a, URIRef(EX + "knows"), b), (a, URIRef(EX + "knows"), c), (b, URIRef(EX + "name"), Literal("b")),
            (c, URIRef(EX + "name"), Literal("c")), (a, URIRef(EX + "label"), Literal("x", lang="en-GB")),
            (b, URIRef(EX + "label"), Literal("y", lang="fr")), (a, URIRef(EX + "code"), Literal("ABc")),
            (b, URIRef(EX + "code"), Literal("xab")), (b, URIRef(EX + "knows"), a)]
    native, reference = validate(data, shapes=path), validate(data, shapes=path, engine="pyshacl")
    summary = {(r.severity, r.focus.rsplit("/", 1)[-1], r.path.rsplit("/", 1)[-1], r.component)
               for r in native.results}
    assert summary == {("Info", "a", "knows", "QualifiedMaxCountConstraintComponent"),
                       ("Violation", "b", "label", "LanguageInConstraintComponent"),
                       ("Violation", "b", "code", "PatternConstraintComponent"),
                       ("Warning", "b", "knows", "NodeConstraintComponent")}
    assert {(r.severity, r.focus, r.path, r.component) for r in native.results} == {
        (r.severity, r.focus, r.path, r.component) for r in reference.results}
    assert not native.conforms and not reference.conforms


def test_unknown_engine_is_refused(sample_graph):
    with pytest.raises(ValueError, match="pyshacl"):
        validate(sample_graph, engine="fast")
