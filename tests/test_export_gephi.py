"""GEXF 1.3 for Gephi (checked against the official RELAX NG schema) and GraphML, and the networkx
graph both are made from."""

import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from _export_synthetic import synthetic_graph
from conftest import HOSTILE
from kg.export import export_graph, to_networkx, write_gexf, write_graphml
from kg.export.gephi import GEXF_NAMESPACE
from kg.export.network import date_interval
from kg.model import Interaction

SCHEMA_DIR = Path(__file__).parents[2] / "shared/schemas/gexf-1.3"


def test_to_networkx_has_one_edge_per_interaction_and_pair(sample_graph):
    sample_graph.interactions.append(Interaction(
        "e-summit", "meeting", "043", "held", ["united-states", "ron-dermer", "jake-sullivan"], [],
        initiator="jake-sullivan", date="2023"))
    graph = to_networkx(sample_graph)
    assert graph.number_of_nodes() == 5 and graph.number_of_edges() == 2 + 3
    assert set(graph.edges(keys=True)) >= {("jake-sullivan", "united-states", "e-summit"),
                                           ("jake-sullivan", "ron-dermer", "e-summit"),
                                           ("united-states", "ron-dermer", "e-summit")}
    meeting = graph.edges["jake-sullivan", "ron-dermer", "e-meeting"]
    assert meeting["evidence"] == ["أجرى محادثات مع رون ديرمر في واشنطن يوم الثلاثاء"]
    assert (meeting["status"], meeting["date"], meeting["topics"]) == ("held", "2023-11-14", ["gaza-war"])
    assert graph.nodes["hostile-name"]["label"] == HOSTILE
    assert graph.nodes["jake-sullivan"]["aliases"] == ["جايك ساليفان", "جيك سوليفان", "ساليفان"]


def test_to_networkx_refuses_unknown_participants(sample_graph):
    sample_graph.interactions[0].participants.append("nobody")
    with pytest.raises(ValueError, match="nobody"):
        to_networkx(sample_graph)


def test_date_intervals():
    assert date_interval("2024-02") == ("2024-02-01", "2024-02-29")
    assert date_interval("2023-12") == ("2023-12-01", "2023-12-31")
    assert date_interval("2023") == ("2023-01-01", "2023-12-31")
    assert date_interval("2023-02-30") is None and date_interval("soon") is None and date_interval(None) is None


@pytest.fixture
def schema_dir():
    if not SCHEMA_DIR.is_dir():
        pytest.skip(f"GEXF 1.3 RELAX NG schema not found at {SCHEMA_DIR} (the repo sits next to shared/ in CI)")
    return SCHEMA_DIR


@pytest.mark.parametrize("kg_name", ["sample", "synthetic"])
def test_gexf_is_valid_gexf_1_3(kg_name, sample_graph, schema_dir, tmp_path):
    etree = pytest.importorskip("lxml.etree")
    kg = sample_graph if kg_name == "sample" else synthetic_graph(300, 400, seed=2)
    kg.actors[0].label_en += " control \x00\x0b characters XML cannot hold"
    checked = write_gexf(kg, tmp_path / "graph.gexf")
    schema = etree.RelaxNG(etree.parse(str(schema_dir / "gexf.rng")))
    document = etree.parse(str(checked))
    assert schema.validate(document), schema.error_log
    assert document.getroot().tag == f"{{{GEXF_NAMESPACE}}}gexf"
    if shutil.which("xmllint"):
        result = subprocess.run(["xmllint", "--noout", "--relaxng", str(schema_dir / "gexf.rng"), str(checked)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_gexf_reads_back_in_networkx(sample_graph, tmp_path):
    path = write_gexf(sample_graph, tmp_path / "graph.gexf")
    assert write_gexf(sample_graph, tmp_path / "again.gexf").read_bytes() == path.read_bytes()
    graph = nx.read_gexf(path, version="1.3")
    assert graph.is_directed()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (5, 2)
    assert graph.graph["mode"] == "dynamic"
    assert graph.nodes["jake-sullivan"]["label"] == "جيك سوليفان"
    assert graph.nodes["hostile-name"]["label"] == HOSTILE
    assert json.loads(graph.nodes["hostile-name"]["aliases"]) == [HOSTILE]
    assert graph.nodes["jake-sullivan"]["mentions"] == 6
    assert graph.nodes["jake-sullivan"]["viz"]["color"] == {"r": 0, "g": 114, "b": 178, "a": 1.0}
    assert graph.nodes["jake-sullivan"]["viz"]["size"] > graph.nodes["united-states"]["viz"]["size"]
    call = graph.edges["hostile-name", "jake-sullivan"]
    assert (call["start"], call["end"], call["status"]) == ("2024-10-01", "2024-10-31", "planned")
    assert json.loads(call["evidence"]) == [HOSTILE]
    meeting = graph.edges["jake-sullivan", "ron-dermer"]
    assert (meeting["label"], meeting["start"], meeting["end"]) == ("meeting", "2023-11-14", "2023-11-14")


def test_gexf_keeps_parallel_edges(sample_graph, tmp_path):
    meeting = sample_graph.interactions[1]
    sample_graph.interactions.append(Interaction("e-again", "call", "040", "cancelled", list(meeting.participants), []))
    graph = nx.read_gexf(write_gexf(sample_graph, tmp_path / "graph.gexf"), version="1.3")
    assert graph.is_multigraph() and graph.number_of_edges("jake-sullivan", "ron-dermer") == 2


def test_graphml_reads_back_with_attributes(sample_graph, tmp_path):
    path = write_graphml(sample_graph, tmp_path / "graph.graphml")
    assert write_graphml(sample_graph, tmp_path / "again.graphml").read_bytes() == path.read_bytes()
    graph = nx.read_graphml(path, force_multigraph=True)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (5, 2)
    sullivan = graph.nodes["jake-sullivan"]
    assert (sullivan["label"], sullivan["label_en"], sullivan["type"], sullivan["mentions"]) == \
        ("جيك سوليفان", "Jake Sullivan", "PER", 6)
    assert graph.nodes["washington"]["metonym_of"] == "united-states"
    assert graph.nodes["hostile-name"]["label"] == HOSTILE
    meeting = graph.edges["jake-sullivan", "ron-dermer", "e-meeting"]
    assert (meeting["type"], meeting["status"], meeting["date"], meeting["place"]) == \
        ("meeting", "held", "2023-11-14", "washington")
    assert json.loads(meeting["topics"]) == ["gaza-war"]
    assert json.loads(graph.edges["hostile-name", "jake-sullivan", "e-call"]["evidence"]) == [HOSTILE]


@pytest.mark.parametrize("fmt", ["html", "gexf", "graphml", "neo4j", "turtle", "nt", "jsonld"])
def test_export_graph_writes_every_format(fmt, sample_graph, tmp_path):
    out = export_graph(sample_graph, fmt, tmp_path / f"graph.{fmt}")
    written = sorted(out.iterdir()) if fmt == "neo4j" else [out]
    assert written and all(p.stat().st_size > 0 for p in written)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # nothing else, no temporary files left


def test_export_graph_rejects_unknown_formats(sample_graph, tmp_path):
    with pytest.raises(ValueError, match="graphml"):
        export_graph(sample_graph, "pdf", tmp_path / "graph.pdf")


# Reads a GEXF file with graphology-gexf (the parser behind Gephi Lite) and prints what it understood.
_GRAPHOLOGY_READER = """
const fs = require("fs"), Graph = require("graphology"), gexf = require("graphology-gexf");
const graph = gexf.parse(Graph, fs.readFileSync(process.argv[1], "utf-8"));
const nodes = {};
graph.forEachNode((key, attrs) => { nodes[key] = attrs; });
const edges = graph.mapEdges((key, attrs, source, target) => ({ key, source, target, attrs }));
process.stdout.write(JSON.stringify({ order: graph.order, size: graph.size, multi: graph.multi, nodes, edges }));
"""


@pytest.fixture(scope="session")
def graphology(request):
    """A folder with graphology and graphology-gexf from npm, installed once into pytest's cache."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are needed to run graphology-gexf")
    folder = request.config.cache.mkdir("graphology-gexf-0.13.2")
    if not (folder / "node_modules" / "graphology-gexf").is_dir():
        result = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder),
                                 "graphology@0.26.0", "graphology-gexf@0.13.2"], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"could not install graphology-gexf from npm: {result.stderr.strip()[-300:]}")
    return folder


@pytest.mark.slow
def test_graphology_gexf_reads_the_file(graphology, sample_graph, tmp_path):
    meeting = sample_graph.interactions[1]
    sample_graph.interactions.append(Interaction("e-again", "call", "040", "cancelled", list(meeting.participants), []))
    path = write_gexf(sample_graph, tmp_path / "graph.gexf")
    result = subprocess.run(["node", "-e", _GRAPHOLOGY_READER, str(path)], cwd=graphology,
                            capture_output=True, text=True, check=True)
    graph = json.loads(result.stdout)
    assert (graph["order"], graph["size"], graph["multi"]) == (5, 3, True)
    assert graph["nodes"]["hostile-name"]["label"] == HOSTILE
    assert graph["nodes"]["jake-sullivan"]["color"] == "rgb(0,114,178)"
    again = next(e for e in graph["edges"] if e["attrs"]["event_id"] == "e-again")
    assert (again["source"], again["target"], again["attrs"]["shape"]) == ("jake-sullivan", "ron-dermer", "dotted")
