"""kg.validate: the SHACL shapes accept a well-formed graph and name what is wrong in broken ones."""

import dataclasses

import pytest
from rdflib import Literal
from rdflib.namespace import SKOS

from kg.graph import to_rdf, write_turtle
from kg.model import Evidence
from kg.validate import validate
from kg.vocab import ACTOR, EVENT, KG


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
