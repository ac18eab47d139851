"""kg.query: the named queries on the sample graph, safe parameters, read-only execution, formatters."""

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import HOSTILE

from kg import query as query_module
from kg.cache import ResultCache
from kg.graph import iri, write_turtle
from kg.model import KnowledgeGraph
from kg.graph import read_graph, serialize, to_rdf
from kg.query import (OUTPUT_FORMATS, QueryError, QueryResult, UpdateNotAllowed, format_result, load_store,
                      named_queries, query_output, resolve_query, run_query, warm_cache)
from kg.vocab import ACTOR, DOC, EVENT


def labels(kg: KnowledgeGraph) -> dict[str, str]:
    return {actor.actor_id: actor.label for actor in kg.actors}


def test_actors(sample_graph):
    result = run_query(sample_graph, "actors")
    assert result.columns == ["actor", "type", "label", "label_en", "aliases", "mentions"]
    assert result.rows == [
        (str(iri(ACTOR, a.actor_id)), a.type, a.label, a.label_en, "|".join(sorted(set(a.aliases))), a.mentions)
        for a in sorted(sample_graph.actors, key=lambda a: str(iri(ACTOR, a.actor_id)))]


def test_interactions(sample_graph):
    result = run_query(sample_graph, "interactions")
    assert result.columns == ["event", "type", "status", "date", "place", "participants", "participant_iris",
                              "topics", "source", "evidence"]
    names = labels(sample_graph)
    expected = [
        (str(iri(EVENT, i.event_id)), i.type, i.status, i.date, names.get(i.place),
         "|".join(names[p] for p in i.participants), "|".join(str(iri(ACTOR, p)) for p in i.participants),
         "|".join(i.topics) or None, "|".join(str(iri(DOC, e.doc_id)) for e in i.evidence),
         "|".join(e.text for e in i.evidence))
        for i in sorted(sample_graph.interactions, key=lambda i: (i.date or "", i.event_id))]
    assert result.rows == expected


def test_interaction_participants_keep_their_order(sample_graph):
    # Participants listed against IRI order, with more than two, must come back in the listed order.
    order = ["united-states", "ron-dermer", "jake-sullivan", "hostile-name"]
    sample_graph.interactions[1].participants = order
    row = run_query(sample_graph, "interactions").rows[0]
    names = labels(sample_graph)
    assert row[5].split("|")[:3] == [names[p] for p in order[:3]]
    assert row[6] == "|".join(str(iri(ACTOR, p)) for p in order)


def test_who_met_whom(sample_graph):
    result = run_query(sample_graph, "who-met-whom")
    assert result.columns == ["actor1", "label1", "actor2", "label2", "interactions", "held"]
    names = labels(sample_graph)
    pairs = {}
    for interaction in sample_graph.interactions:
        for a in interaction.participants:
            for b in interaction.participants:
                if str(iri(ACTOR, a)) < str(iri(ACTOR, b)):
                    total, held = pairs.get((a, b), (0, 0))
                    pairs[a, b] = (total + 1, held + (interaction.status == "held"))
    expected = sorted(((str(iri(ACTOR, a)), names[a], str(iri(ACTOR, b)), names[b], n, h)
                       for (a, b), (n, h) in pairs.items()), key=lambda r: (-r[4], r[0], r[2]))
    assert result.rows == expected


@pytest.mark.parametrize("reference", ["جيك سوليفان", "JAKE SULLIVAN", "ساليفان", "jake-sullivan",
                                       "https://w3id.org/arabic-news-kg/actor/jake-sullivan"])
def test_timeline_by_label_alias_id_or_iri(sample_graph, reference):
    result = run_query(sample_graph, "timeline", {"actor": reference})
    assert result.columns == ["date", "event", "type", "status", "actor_iri", "with", "place", "evidence"]
    mine = sorted((i for i in sample_graph.interactions if "jake-sullivan" in i.participants),
                  key=lambda i: (i.date or "", i.event_id))
    assert [row[1] for row in result.rows] == [str(iri(EVENT, i.event_id)) for i in mine]
    assert [row[0] for row in result.rows] == sorted(i.date for i in mine)
    assert {row[4] for row in result.rows} == {str(ACTOR["jake-sullivan"])}


def test_topic(sample_graph):
    by_id = run_query(sample_graph, "topic", {"topic": "gaza-war"})
    by_phrase = run_query(sample_graph, "topic", {"topic": "غزة"})
    expected = [str(iri(EVENT, i.event_id)) for i in sample_graph.interactions if "gaza-war" in i.topics]
    assert [row[1] for row in by_id.rows] == expected == [row[1] for row in by_phrase.rows]
    assert run_query(sample_graph, "topic", {"topic": "no such topic"}).rows == []


def test_path(sample_graph):
    result = run_query(sample_graph, "path", {"from": "رون ديرمر", "to": "hostile-name"})
    assert result.columns == ["step", "actor", "label", "via"]
    assert [row[1] for row in result.rows] == [str(ACTOR[a]) for a in ("ron-dermer", "jake-sullivan", "hostile-name")]
    assert [row[3] for row in result.rows] == [None, str(EVENT["e-meeting"]), str(EVENT["e-call"])]
    assert run_query(sample_graph, "path", {"from": "ron-dermer", "to": "united-states"}).rows == []
    with pytest.raises(ValueError, match="no actor matches"):
        run_query(sample_graph, "path", {"from": "nobody", "to": "ron-dermer"})


def test_missing_parameter_is_reported(sample_graph):
    with pytest.raises(ValueError, match="needs the parameter"):
        run_query(sample_graph, "timeline")


@pytest.mark.parametrize("update", [
    "DROP ALL",
    "INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }",
    "PREFIX kg: <https://w3id.org/arabic-news-kg/ontology#> # a comment\n delete where { ?s kg:mentionCount ?o }",
])
def test_update_rejected_unless_allowed(sample_graph, update):
    store = load_store(sample_graph)
    size = len(store)
    with pytest.raises(UpdateNotAllowed):
        run_query(store, update)
    assert len(store) == size
    run_query(store, update, allow_update=True)
    assert len(store) != size


@pytest.mark.parametrize("attack", [
    '" } ; DROP ALL ; #',
    "x\" || true || \"",
    "') } UNION { ?actor_iri ?p ?o } #",
    "<https://w3id.org/arabic-news-kg/actor/ron-dermer>",
])
def test_parameters_stay_literal(sample_graph, attack):
    store = load_store(sample_graph)
    size = len(store)
    assert run_query(store, "find-actor", {"actor": attack}).rows == []
    assert run_query(store, "timeline", {"actor": attack}).rows == []
    assert len(store) == size


def test_hostile_label_is_matched_exactly(sample_graph):
    rows = run_query(sample_graph, "find-actor", {"actor": HOSTILE}).rows
    assert [row[0] for row in rows] == [str(ACTOR["hostile-name"])]
    timeline = run_query(sample_graph, "timeline", {"actor": HOSTILE}).rows
    assert [row[1] for row in timeline] == [str(EVENT["e-call"])]


def test_user_query_with_parameter_and_default_prefixes(sample_graph):
    result = run_query(sample_graph, "SELECT ?a ?n WHERE { ?a kg:mentionCount ?n }", {"n": 4})
    assert result.rows == [(str(ACTOR["ron-dermer"]), 4)]


def test_resolve_query(tmp_path):
    assert resolve_query("actors") == named_queries()["actors"].sparql
    path = tmp_path / "mine.rq"
    path.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert resolve_query(str(path)) == "ASK { ?s ?p ?o }"
    assert resolve_query("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"


def test_query_a_turtle_file(tmp_path, sample_graph):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    assert run_query(path, "actors").rows == run_query(sample_graph, "actors").rows
    assert run_query(str(path), "ASK { ?s a kg:Interaction }").rows == [(True,)]
    construct = run_query(path, "CONSTRUCT { ?s a kg:Interaction } WHERE { ?s a kg:Interaction }")
    assert construct.columns == ["subject", "predicate", "object"] and len(construct.rows) == 2


def test_formatters(sample_graph):
    result = run_query(sample_graph, "actors")
    parsed = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert parsed[0] == result.columns
    assert parsed[1:] == [["" if v is None else str(v) for v in row] for row in result.rows]
    assert json.loads(format_result(result, "json"))[1]["label"] == result.rows[1][2]
    markup = QueryResult(["text"], [("[bold red]not markup[/bold red]",), (HOSTILE,)])
    table = format_result(markup, "table", width=400)
    assert "[bold red]not markup[/bold red]" in table and "<script>" in table
    assert "actor:jake-sullivan" in format_result(result, "table", width=400)


def test_store_is_reused_not_copied(sample_graph):
    store = load_store(sample_graph)
    assert load_store(store) is store
    assert isinstance(store, ox.Store)


def test_named_query_recognised_by_its_text(sample_graph):
    by_name = run_query(sample_graph, "timeline", {"actor": "ron-dermer"})
    by_text = run_query(sample_graph, resolve_query("timeline"), {"actor": "ron-dermer"})
    assert by_text == by_name and "actor" not in by_text.columns
    with pytest.raises(QueryError, match="needs the parameter"):
        run_query(sample_graph, resolve_query("path"), {"from": "ron-dermer"})


def test_bad_sparql_raises_query_error(sample_graph):
    with pytest.raises(QueryError, match="invalid SPARQL"):
        run_query(sample_graph, "SELECT ?x WHERE { ?x")


def test_allowed_update_is_saved_to_the_graph_file(tmp_path, sample_graph):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    run_query(path, 'DELETE WHERE { actor:ron-dermer kg:mentionCount ?n }', allow_update=True)
    run_query(path, 'INSERT DATA { actor:ron-dermer kg:mentionCount 40 }', allow_update=True)
    assert {a.actor_id: a.mentions for a in read_graph(path).actors}["ron-dermer"] == 40
    assert path.read_text(encoding="utf-8").startswith("@prefix actor:")


def test_store_folder_is_read_only_unless_updates_are_allowed(tmp_path, sample_graph):
    database = tmp_path / "store" / "oxigraph"
    database.parent.mkdir()
    store = ox.Store(str(database))
    store.bulk_load(serialize(to_rdf(sample_graph), "nt"), format=ox.RdfFormat.N_TRIPLES)
    del store
    folder = tmp_path / "store"
    assert run_query(folder, "actors").rows == run_query(sample_graph, "actors").rows
    with pytest.raises(UpdateNotAllowed):
        run_query(folder, "DELETE WHERE { ?e a kg:Interaction }")
    run_query(folder, "DELETE WHERE { ?e kg:status ?s }", allow_update=True)
    assert run_query(folder, "ASK { ?e kg:status ?s }").rows == [(False,)]


def test_examples_in_the_ontology_doc_run(sample_graph):
    doc = (Path(__file__).resolve().parent.parent / "docs" / "ontology.md").read_text(encoding="utf-8")
    examples = re.findall(r"```sparql\n(.*?)```", doc, re.DOTALL)
    assert len(examples) >= 5
    store = load_store(sample_graph)
    for example in examples:
        run_query(store, example)  # raises QueryError if an example is not valid SPARQL
    first = run_query(store, examples[0])
    assert first.rows == [("2023-11-14", "رون ديرمر")]


def test_docstring_examples():
    import doctest

    import kg.query

    result = doctest.testmod(kg.query, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_cached_answer_needs_no_loading_until_the_file_changes(tmp_path, sample_graph, monkeypatch):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    cache = ResultCache(tmp_path / "cache")
    first = run_query(path, "timeline", {"actor": "ron-dermer"}, cache=cache)
    with monkeypatch.context() as patch:
        patch.setattr(query_module, "load_store", lambda *args, **kwargs: pytest.fail("the graph was loaded"))
        assert run_query(path, "timeline", {"actor": "ron-dermer"}, cache=cache) == first
    assert run_query(path, "timeline", {"actor": "jake-sullivan"}, cache=cache) != first
    run_query(path, "DELETE WHERE { ?e kg:participant actor:ron-dermer }", allow_update=True, cache=cache)
    assert run_query(path, "timeline", {"actor": "ron-dermer"}, cache=cache).rows == []


def test_warmed_cache_answers_the_parameterless_named_queries(tmp_path, sample_graph, monkeypatch):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    cache = ResultCache(tmp_path / "cache")
    warmed = warm_cache(path, cache)
    assert warmed == sorted(name for name, named in named_queries().items() if not named.params)
    expected = {name: run_query(sample_graph, name) for name in warmed}
    with monkeypatch.context() as patch:
        patch.setattr(query_module, "load_store", lambda *args, **kwargs: pytest.fail("the graph was loaded"))
        assert {name: run_query(path, name, cache=cache) for name in warmed} == expected
        patch.setattr(query_module, "format_result", lambda *args, **kwargs: pytest.fail("the answer was rendered"))
        texts = {(name, fmt): query_output(path, name, fmt, cache=cache) for name in warmed for fmt in OUTPUT_FORMATS}
    assert texts == {(name, fmt): format_result(expected[name], fmt).encode("utf-8")
                     for name in warmed for fmt in OUTPUT_FORMATS}


def test_query_output_is_stored_after_the_first_rendering(tmp_path, sample_graph, monkeypatch):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    cache = ResultCache(tmp_path / "cache")
    first = query_output(path, "timeline", "csv", {"actor": "ron-dermer"}, cache=cache)
    assert first.decode("utf-8") == format_result(run_query(sample_graph, "timeline", {"actor": "ron-dermer"}), "csv")
    with monkeypatch.context() as patch:
        patch.setattr(query_module, "format_result", lambda *args, **kwargs: pytest.fail("the answer was rendered"))
        assert query_output(path, "timeline", "csv", {"actor": "ron-dermer"}, cache=cache) == first
    assert query_output(path, "timeline", "json", {"actor": "ron-dermer"}, cache=cache) != first
    run_query(path, "DELETE WHERE { ?e kg:participant actor:ron-dermer }", allow_update=True, cache=cache)
    assert query_output(path, "timeline", "csv", {"actor": "ron-dermer"}, cache=cache) != first


def test_errors_and_other_sources_are_not_cached(tmp_path, sample_graph):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    cache = ResultCache(tmp_path / "cache")
    with pytest.raises(QueryError):
        run_query(path, "SELECT ?x WHERE { ?x", cache=cache)
    with pytest.raises(QueryError, match="needs the parameter"):
        run_query(path, "timeline", cache=cache)
    run_query(sample_graph, "actors", cache=cache)
    run_query(load_store(sample_graph), "actors", cache=cache)
    assert not (tmp_path / "cache" / "results").exists()


def test_an_unknown_named_query_is_named_with_the_known_ones(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    graph = tmp_path / "g.ttl"
    graph.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["query", str(graph), "nosuchname"])
    assert result.exit_code == 1
    assert "no named query 'nosuchname'" in result.output and "who-met-whom" in result.output


def test_the_update_refusal_names_the_command_line_option(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    graph = tmp_path / "g.ttl"
    graph.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["query", str(graph), "DROP ALL"])
    assert result.exit_code == 1 and "--allow-update" in result.output and "allow_update=True" not in result.output
