"""Files for graph tools: GEXF 1.3 for Gephi (with interaction dates on Gephi's timeline) and GraphML.

networkx's own GEXF 1.3 writer produces files the official schema rejects (a misspelt xsi namespace
and a ``name`` attribute on ``<graph>``), so the GEXF here is written directly.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx

from kg import __version__
from kg.atomic import atomic_write_text
from kg.export.network import to_networkx
from kg.export.style import STATUS_LINES, actor_colour, hex_to_rgb, interaction_colours, node_size
from kg.model import KnowledgeGraph

GEXF_NAMESPACE = "http://gexf.net/1.3"
GEXF_VIZ_NAMESPACE = "http://gexf.net/1.3/viz"

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}

#: (attribute id, GEXF type) of the node and edge columns Gephi shows in its data laboratory.
_NODE_COLUMNS = (("label_en", "string"), ("type", "string"), ("aliases", "string"), ("mentions", "integer"),
                 ("wikidata", "string"), ("roles", "string"), ("metonym_of", "string"))
_EDGE_COLUMNS = (("event_id", "string"), ("type", "string"), ("cameo", "string"), ("status", "string"),
                 ("date", "string"), ("date_precision", "string"), ("place", "string"),
                 ("initiator", "string"), ("topics", "string"), ("topic_phrases", "string"),
                 ("evidence", "string"), ("sources", "string"))


def xml_safe(text: str) -> str:
    """Return ``text`` with the characters XML 1.0 forbids (most control characters) replaced by
    U+FFFD, so a stray byte in an article cannot make the whole file unreadable.

    >>> xml_safe("a\\x00b")
    'a\\ufffdb'
    """
    return _NOT_XML.sub("\ufffd", text)


def flat_value(value: object) -> str | int | float | bool:
    """Return an attribute value as something GEXF and GraphML can hold: lists become JSON arrays
    (unambiguous, whatever the names contain), strings are made XML-safe.

    >>> flat_value(["أ", "b"])
    '["أ", "b"]'
    """
    if isinstance(value, list):
        return xml_safe(json.dumps(value, ensure_ascii=False))
    if isinstance(value, str):
        return xml_safe(value)
    return value


def _attrs(pairs: Iterable[tuple[str, object]]) -> str:
    return "".join(f' {name}="{escape(xml_safe(str(value)), _ATTRIBUTE_ESCAPES)}"' for name, value in pairs)


def _attvalues(data: dict, columns: tuple[tuple[str, str], ...], indent: str) -> Iterator[str]:
    present = [(name, data[name]) for name, _ in columns if data.get(name) is not None]
    if not present:
        return
    yield f"{indent}<attvalues>"
    for name, value in present:
        yield f"{indent}  <attvalue{_attrs([('for', name), ('value', flat_value(value))])}/>"
    yield f"{indent}</attvalues>"


def _gexf_lines(kg: KnowledgeGraph) -> Iterator[str]:
    graph = to_networkx(kg)
    edge_colours = interaction_colours(t for _, _, t in graph.edges(data="type"))
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    # No xsi:schemaLocation: the official RELAX NG schema declares no xsi attributes and rejects it.
    yield f'<gexf xmlns="{GEXF_NAMESPACE}" xmlns:viz="{GEXF_VIZ_NAMESPACE}" version="1.3">'
    yield "  <meta>"
    yield f"    <creator>kg {escape(__version__)}</creator>"
    yield "    <description>Political actors and their interactions, extracted from Arabic news</description>"
    yield "  </meta>"
    yield '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">'
    for cls, columns in (("node", _NODE_COLUMNS), ("edge", _EDGE_COLUMNS)):
        yield f'    <attributes class="{cls}" mode="static">'
        for name, gexf_type in columns:
            yield f'      <attribute id="{name}" title="{name}" type="{gexf_type}"/>'
        yield "    </attributes>"
    yield f'    <nodes count="{graph.number_of_nodes()}">'
    for node, data in graph.nodes(data=True):
        yield f"      <node{_attrs([('id', node), ('label', data['label'])])}>"
        yield from _attvalues(data, _NODE_COLUMNS, "        ")
        red, green, blue = hex_to_rgb(actor_colour(data["type"]))
        yield f'        <viz:color r="{red}" g="{green}" b="{blue}"/>'
        yield f'        <viz:size value="{node_size(graph.degree(node)):g}"/>'
        yield "      </node>"
    yield "    </nodes>"
    yield f'    <edges count="{graph.number_of_edges()}">'
    for source, target, key, data in graph.edges(keys=True, data=True):
        attributes = [("id", f"{key}/{source}/{target}"), ("source", source), ("target", target),
                      ("label", data["type"])]
        if data["date_start"]:
            attributes += [("start", data["date_start"]), ("end", data["date_end"])]
        yield f"      <edge{_attrs(attributes)}>"
        yield from _attvalues(data, _EDGE_COLUMNS, "        ")
        red, green, blue = hex_to_rgb(edge_colours[data["type"]])
        yield f'        <viz:color r="{red}" g="{green}" b="{blue}"/>'
        yield f'        <viz:shape value="{STATUS_LINES.get(data["status"], "solid")}"/>'
        yield "      </edge>"
    yield "    </edges>"
    yield "  </graph>"
    yield "</gexf>"


def write_gexf(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> Path:
    """Write the graph as GEXF 1.3 for Gephi and Gephi Lite, valid against the official schema.

    Nodes are actors (label, attributes, ``viz`` colour by actor type and size by degree); edges are
    interactions per participant pair (:func:`kg.export.to_networkx`), coloured by interaction type,
    dashed when planned and dotted when cancelled, and dated with ``start``/``end`` days
    (``timeformat="date"``) so Gephi's timeline can play them. List attributes are JSON arrays.

    >>> from kg.model import KnowledgeGraph
    >>> write_gexf(KnowledgeGraph(), "/tmp/kg-example.gexf").name
    'kg-example.gexf'
    """
    atomic_write_text(path, "\n".join(_gexf_lines(kg)) + "\n")
    return Path(path)


def write_graphml(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> Path:
    """Write the graph as GraphML (yEd, Cytoscape, igraph, networkx): the attributes of
    :func:`kg.export.to_networkx`, with list attributes as JSON arrays and missing values left out;
    edge ids are the interactions' event ids.

    >>> from kg.model import KnowledgeGraph
    >>> write_graphml(KnowledgeGraph(), "/tmp/kg-example.graphml").name
    'kg-example.graphml'
    """
    graph = to_networkx(kg)
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: flat_value(v) for k, v in data.items() if v is not None})
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **{k: flat_value(v) for k, v in data.items() if v is not None})
    buffer = io.BytesIO()
    nx.write_graphml_xml(flat, buffer, encoding="utf-8", prettyprint=True)
    atomic_write_text(path, buffer.getvalue().decode("utf-8"))
    return Path(path)
