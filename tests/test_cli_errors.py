"""Issue 18: every misuse of the CLI ends in one line and an exit code, with nothing written."""

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def graph(tmp_path_factory, request):
    out = tmp_path_factory.mktemp("built") / "out"
    result = runner.invoke(app, ["build", str(request.config.rootpath / "seeds"), "-o", str(out),
                                 "--ner", "dictionary", "-q", "--no-cache"])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def one_line_error(result, code=1):
    assert result.exit_code == code, result.output
    assert result.output.startswith("error:") and "Traceback" not in result.output


def test_a_build_that_reads_nothing_keeps_the_previous_outputs(graph, tmp_path):
    before = graph.read_bytes()
    result = runner.invoke(app, ["build", str(tmp_path / "tpyo"), "-o", str(graph.parent), "--ner", "dictionary", "-q"])
    one_line_error(result, code=2)
    assert graph.read_bytes() == before


def test_an_output_that_is_a_file_fails_before_the_analysis(tmp_path, seeds_dir):
    (tmp_path / "file").write_text("x")
    one_line_error(runner.invoke(app, ["build", str(seeds_dir), "-o", str(tmp_path / "file"), "--ner", "dictionary"]))


def test_stale_staging_folders_of_dead_builds_are_removed(graph, seeds_dir):
    stale = graph.parent.parent / f".{graph.parent.name}.999999999.abc.part"
    stale.mkdir()
    (graph.parent / ".graph.ttl.x.part").write_text("old")
    result = runner.invoke(app, ["build", str(seeds_dir), "-o", str(graph.parent), "--ner", "dictionary", "-q",
                                 "--no-cache"])
    assert result.exit_code == 0
    assert not stale.exists() and not (graph.parent / ".graph.ttl.x.part").exists()


@pytest.mark.parametrize("arguments", [
    ["query", "{graph}", "find-actor", "-p", "actor"],
    ["query", "{graph}", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"],
    ["query", "{graph}", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "--allow-service"],
    ["query", "{folder}", "actors"],
    ["query", "{folder}", "INSERT DATA { <http://x/a> <http://x/b> 1 }", "--allow-update"],
    ["export", "{graph}", "--to", "gexf", "-o", "{folder}"],
    ["query", "{graph}", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
     "--timeout", "1", "--no-cache"],
])
def test_misuse_is_one_line(graph, tmp_path, arguments):
    folder = tmp_path / "not-a-store"
    folder.mkdir()
    arguments = [a.replace("{graph}", str(graph)).replace("{folder}", str(folder)) for a in arguments]
    one_line_error(runner.invoke(app, arguments))
    assert list(folder.iterdir()) == []  # no database made in a folder that is not a store


def test_special_files_are_not_read(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    result = runner.invoke(app, ["build", str(tmp_path), "/dev/zero", "-o", str(tmp_path / "out"),
                                 "--ner", "dictionary", "-q"])
    one_line_error(result, code=2)
    assert "not a regular file" in " ".join(result.output.split())


def test_an_unknown_home_state_fails_before_the_analysis(tmp_path, seeds_dir):
    result = runner.invoke(app, ["build", str(seeds_dir), "-o", str(tmp_path / "out"), "--ner", "dictionary", "-q",
                                 "--home-state", "atlantis"])
    one_line_error(result)
    assert "atlantis" in result.output and not (tmp_path / "out" / "graph.ttl").exists()
