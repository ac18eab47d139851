"""Exports users load elsewhere: an offline HTML explorer, Neo4j import files, GEXF for Gephi, GraphML,
the RDF serialisations of :mod:`kg.graph`, and the networkx graph the visual exports are made from.

>>> from kg.export import to_networkx, write_html, write_gexf, write_graphml, write_neo4j
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.export.explorer import screenshot_html, write_html
from kg.export.gephi import write_gexf, write_graphml
from kg.export.neo4j import write_neo4j
from kg.export.network import to_networkx
from kg.model import KnowledgeGraph

#: Formats :func:`export_graph` writes; ``neo4j`` writes a folder, the others one file.
FORMATS = ("turtle", "nt", "jsonld", "html", "gexf", "graphml", "neo4j")
_RDF_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}


def export_graph(kg: KnowledgeGraph, fmt: str, out: str | os.PathLike[str]) -> Path:
    """Write ``kg`` in the format named ``fmt`` (one of ``FORMATS``) to ``out`` (a folder for ``neo4j``)
    and return ``out``.

    >>> import tempfile
    >>> export_graph(KnowledgeGraph(), "gexf", Path(tempfile.mkdtemp()) / "g.gexf").suffix
    '.gexf'
    """
    if fmt in _RDF_FORMATS:
        from kg.graph import write_graph  # rdflib is only loaded for the RDF formats

        return write_graph(kg, out, _RDF_FORMATS[fmt])
    writers = {"html": write_html, "gexf": write_gexf, "graphml": write_graphml, "neo4j": write_neo4j}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    writers[fmt](kg, out)
    return Path(out)


__all__ = ["FORMATS", "export_graph", "screenshot_html", "to_networkx", "write_gexf", "write_graphml",
           "write_html", "write_neo4j"]
