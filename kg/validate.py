"""Check a knowledge graph against the SHACL shapes of ``ontology/shapes.ttl``.

The ontology (``ontology/kg.ttl``) is mixed into the data graph during validation, so that ``sh:class
kg:Actor`` accepts a ``kg:Person`` through ``rdfs:subClassOf`` without running a reasoner.

>>> from kg.model import KnowledgeGraph
>>> validate(KnowledgeGraph()).conforms
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import RDF, Graph
from rdflib.namespace import SH

from kg.graph import ONTOLOGY_DIR, load_rdf, to_rdf
from kg.model import KnowledgeGraph

SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_PATH = ONTOLOGY_DIR / "kg.ttl"


@dataclass
class ValidationReport:
    """The outcome of ``validate``: ``conforms`` and one line per violation (sorted, so reports of the same
    graph are identical)."""

    conforms: bool
    messages: list[str] = field(default_factory=list)


@lru_cache(maxsize=2)
def _load_turtle(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def _describe(report: Graph, result) -> str:
    def value(prop) -> str:
        term = report.value(result, prop)
        return "" if term is None else str(term)

    severity = value(SH.resultSeverity).rsplit("#", 1)[-1]
    path = f" {value(SH.resultPath)}" if value(SH.resultPath) else ""
    message = value(SH.resultMessage) or value(SH.sourceConstraintComponent).rsplit("#", 1)[-1]
    shown = f" (value: {value(SH.value)})" if value(SH.value) else ""
    return f"{severity}: {value(SH.focusNode)}{path}: {message}{shown}"


def validate(graph: KnowledgeGraph | Graph | str | os.PathLike, shapes: Path = SHAPES_PATH) -> ValidationReport:
    """Validate ``graph`` (a ``KnowledgeGraph``, an RDF graph, or a graph file) against ``shapes``.

    Each message names the severity, the focus node, the property and what is wrong::

        Violation: https://w3id.org/arabic-news-kg/event/e1 https://w3id.org/arabic-news-kg/ontology#status: ...

    >>> from kg.model import Interaction, KnowledgeGraph
    >>> report = validate(KnowledgeGraph(interactions=[Interaction("e1", "meeting", "043", "held", [], [])]))
    >>> report.conforms, any("at least one kg:participant" in m for m in report.messages)
    (False, True)
    """
    if isinstance(graph, KnowledgeGraph):
        data = to_rdf(graph)
    elif isinstance(graph, Graph):
        data = graph
    else:
        data = load_rdf(graph)
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=_load_turtle(Path(shapes)), ont_graph=_load_turtle(ONTOLOGY_PATH),
        inference="none", allow_warnings=False)
    messages = sorted({_describe(report, result) for result in report.subjects(RDF.type, SH.ValidationResult)})
    return ValidationReport(conforms=bool(conforms), messages=messages)
