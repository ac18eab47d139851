"""The command line: every command documented, the main job end to end, clear failures."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

COMMANDS = [[], ["build"], ["query"], ["export"], ["validate"], ["serve"], ["ner"], ["ner", "train"],
            ["models"], ["models", "download"], ["eval"], ["eval", "ner"], ["eval", "resolution"],
            ["eval", "interactions"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "kg")
def test_every_command_has_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "out"
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(out), "--ner", "dictionary", "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_every_output(built):
    for name in ("graph.ttl", "graph.html", "graph.gexf", "graph.graphml", "report.json"):
        assert (built / name).is_file(), name
    assert (built / "neo4j" / "import.cypher").is_file()
    report = json.loads((built / "report.json").read_text())
    assert report["documents_read"] == 5 and report["interactions"] > 0


def test_build_writes_the_outputs_without_holding_the_analysed_articles(tmp_path, monkeypatch):
    from kg import pipeline

    written_from = []
    write_outputs = pipeline.write_outputs

    def recording_write_outputs(result, *args, **kwargs):
        written_from.append(result)
        return write_outputs(result, *args, **kwargs)

    monkeypatch.setattr(pipeline, "write_outputs", recording_write_outputs)
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(tmp_path), "--ner", "dictionary", "-q",
                                 "--no-cache"])
    assert result.exit_code == 0, result.output
    [written] = written_from
    assert written.documents == [] and written.resolution.mentions == [] and written.graph.interactions


def test_query_interactions_lists_the_contract_columns(built):
    result = runner.invoke(app, ["query", str(built / "graph.ttl"), "interactions", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["event", "type", "status", "date", "place", "participants", "participant_iris",
                             "topics", "source", "evidence"]
    assert any("ساليفان" in row["participants"] or "سوليفان" in row["participants"] for row in rows)


def test_build_answers_the_named_queries_ahead_for_kg_query(built, monkeypatch):
    from kg import query as query_module

    assert "query-cache" in json.loads((built / "report.json").read_text())["seconds"]
    fresh = runner.invoke(app, ["query", str(built / "graph.ttl"), "interactions", "-f", "csv", "--no-cache"])
    with monkeypatch.context() as patch:
        patch.setattr(query_module, "load_store", lambda *args, **kwargs: pytest.fail("the graph was loaded"))
        cached = runner.invoke(app, ["query", str(built / "graph.ttl"), "interactions", "-f", "csv"])
    assert cached.exit_code == 0, cached.output
    assert cached.stdout == fresh.stdout and fresh.stdout.count("\n") > 5


def test_query_actors_as_json(built):
    result = runner.invoke(app, ["query", str(built / "graph.ttl"), "actors", "--format", "json"])
    assert result.exit_code == 0, result.output
    actors = json.loads(result.stdout)
    assert {"actor", "type", "label", "label_en", "aliases", "mentions"} <= set(actors[0])


def test_export_reexports_an_existing_graph(built, tmp_path):
    result = runner.invoke(app, ["export", str(built / "graph.ttl"), "--to", "gexf", "-o", str(tmp_path / "g.gexf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g.gexf").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    bad = runner.invoke(app, ["export", str(built / "graph.ttl"), "--to", "pdf", "-o", str(tmp_path / "x")])
    assert bad.exit_code != 0 and "unknown format" in bad.output


def test_a_folder_with_no_articles_fails_with_one_line(tmp_path):
    (tmp_path / "notes.md").write_text("nothing here")
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path), "-o", str(tmp_path / "out"),
                             "--ner", "dictionary", "-q"], capture_output=True, text=True)
    assert result.returncode != 0
    assert "no article" in result.stderr


@pytest.mark.parametrize("engine", ["native", "pyshacl"])
def test_validate_accepts_a_built_graph_and_rejects_a_broken_one(built, engine, tmp_path):
    result = runner.invoke(app, ["validate", str(built / "graph.ttl"), "--engine", engine])
    assert result.exit_code == 0, result.output
    broken = tmp_path / "broken.ttl"
    turtle = (built / "graph.ttl").read_text(encoding="utf-8")
    broken.write_text(turtle.replace("kg:status kg:Held", "kg:status kg:Rumoured", 1), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(broken), "--engine", engine])
    assert result.exit_code != 0
    assert "an interaction needs exactly one kg:status" in " ".join(result.output.split())


@pytest.mark.slow
def test_committed_exports_are_in_sync_with_the_code(tmp_path):
    """exports/ is what `make demo` writes: rebuilding the seeds must give the committed Turtle byte for byte."""
    out = tmp_path / "exports"
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "-o", str(out), "--ner", "project", "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "graph.ttl").read_bytes() == (ROOT / "exports" / "graph.ttl").read_bytes(), \
        "exports/ is stale: run `make demo` and commit exports/"


@pytest.mark.parametrize("command", [["query", "{graph}", "interactions"], ["validate", "{graph}"],
                                     ["export", "{graph}", "--to", "gexf", "-o", "{out}"],
                                     ["serve", "{graph}", "--port", "0"]])
def test_a_missing_or_broken_graph_file_fails_with_one_line(command, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("these are not <triples", encoding="utf-8")
    for graph, expected in ((tmp_path / "missing.ttl", "does not exist"), (broken, "cannot read")):
        args = [part.format(graph=graph, out=tmp_path / "out.gexf") for part in command]
        result = runner.invoke(app, args)
        assert result.exit_code != 0
        assert expected in " ".join(result.output.split())
        assert isinstance(result.exception, SystemExit)  # a clean exit, not an exception escaping


def test_make_demo_prints_a_short_who_met_whom_table_and_leaves_git_clean():
    import subprocess

    demo = [line.strip() for line in (ROOT / "Makefile").read_text().split("demo:")[1].splitlines()[1:3]]
    assert demo[1].endswith("kg query exports/graph.ttl events")
    result = runner.invoke(app, ["query", str(ROOT / "exports" / "graph.ttl"), "events"], terminal_width=100)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 100 for line in lines)  # four columns, no wrapped wall of text
    assert [cell.strip() for cell in lines[1].strip("┃").split("┃")] == ["date", "type", "status", "participants"]
    # the build's report.json (its timings change on every run) is not tracked
    tracked = subprocess.run(["git", "ls-files", "exports/report.json"], cwd=ROOT, capture_output=True, text=True)
    ignored = subprocess.run(["git", "check-ignore", "exports/report.json"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout == "" and ignored.returncode == 0
