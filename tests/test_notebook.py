"""notebooks/explore.ipynb runs top to bottom in a real Jupyter kernel, on a built graph file."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kg.graph import write_turtle

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def outputs(notebook) -> tuple[str, list[str]]:
    """All stream text of the executed notebook, and the MIME types of its rich outputs."""
    text, kinds = [], []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                text.append(output["text"])
            kinds.extend(output.get("data", {}))
    return "".join(text), kinds


@pytest.mark.slow
def test_notebook_runs_on_a_graph_file(tmp_path, monkeypatch, sample_graph):
    graph = tmp_path / "graph.ttl"
    write_turtle(sample_graph, graph)
    monkeypatch.setenv("KG_GRAPH", str(graph))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # The python3 kernel is ipykernel's native one, run by this interpreter: no kernelspec install needed.
    NotebookClient(notebook, kernel_name="python3", timeout=180,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    text, kinds = outputs(notebook)
    assert f"graph: {graph}" in text
    assert f"{len(sample_graph.actors)} actors, {len(sample_graph.interactions)} interactions" in text
    assert "Jake Sullivan" in text and "betweenness" in text  # centrality table
    assert "image/png" in kinds  # the timeline was drawn
    assert "actor:ron-dermer" in text  # the SPARQL tables
    assert "event:e-" in text.split("┃ via")[-1]  # the path table found a chain of interactions
    # The most active actor: the one in most interactions (Jake Sullivan, in both of the sample's).
    assert f"  {len(sample_graph.interactions):5} interactions  Jake Sullivan (جيك سوليفان)" in text.split("most active actors:")[1]
    assert "Jake Sullivan (جيك سوليفان) — Ron Dermer (رون ديرمر)" in text.split("most active pairs:")[1]
    # Each interaction on the day of its article: the sample graph's meeting; its call's article has no date.
    dated = {source.doc_id for source in sample_graph.sources if source.date}
    reported = sum(1 for event in sample_graph.interactions if any(e.doc_id in dated for e in event.evidence))
    assert f"{reported} interactions reported over {len(dated)} days; " \
           f"{len(sample_graph.interactions) - reported} in articles with no date" in text
    assert (tmp_path / "interactions-per-day.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # beside the graph


@pytest.mark.slow
def test_notebook_plots_dates_of_every_precision_the_extractor_writes(tmp_path, monkeypatch, sample_graph):
    from dataclasses import replace

    precisions = [("2015-W31", "week"), ("2015", "year"), ("2015-08", "month"), ("2015-08-09", "day")]
    # every precision on some interaction: the sample graph's events, repeated once per precision
    interactions = [replace(event, event_id=f"{event.event_id}-{precision}", date=date, date_precision=precision)
                    for date, precision in precisions for event in sample_graph.interactions]
    graph = tmp_path / "graph.ttl"
    write_turtle(replace(sample_graph, interactions=interactions), graph)
    monkeypatch.setenv("KG_GRAPH", str(graph))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=180,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    text, kinds = outputs(notebook)
    assert "image/png" in kinds and "dated participations plotted" in text
