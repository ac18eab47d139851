"""Files for graph tools: GEXF 1.3 for Gephi (with interaction dates on Gephi's timeline) and GraphML.

networkx's own GEXF 1.3 writer produces files the official schema rejects (a misspelt xsi namespace
and a ``name`` attribute on ``<graph>``), so the GEXF here is written directly. So is the GraphML, byte
for byte as networkx's ``write_graphml_xml`` (with ``prettyprint``) writes it, but three times faster:
networkx builds an ElementTree of the whole graph first.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from kg import __version__
from kg.atomic import atomic_path, atomic_write_text
from kg.export.network import to_networkx
from kg.export.style import STATUS_LINES, actor_colour, hex_to_rgb, interaction_colours, node_size
from kg.model import KnowledgeGraph

GEXF_NAMESPACE = "http://gexf.net/1.3"
GEXF_VIZ_NAMESPACE = "http://gexf.net/1.3/viz"

GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"

# Characters XML 1.0 cannot hold at all, even escaped (a regular expression character class).
_NOT_XML_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_NOT_XML = re.compile(f"[{_NOT_XML_CHARACTERS}]")
_JSON_TEXT = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps would make an encoder per call

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
        return xml_safe(_JSON_TEXT(value))
    if isinstance(value, str):
        return xml_safe(value)
    return value


def _escaper(escapes: dict[str, str], not_xml: str = "") -> Callable[[str], str]:
    """A function that replaces, in one pass, each character of ``escapes`` by its escape and each
    character of the class ``not_xml`` by U+FFFD (as :func:`xml_safe` does)."""
    special = re.compile("[" + re.escape("".join(escapes)) + not_xml + "]")

    def replace(match: re.Match) -> str:
        return escapes.get(match[0], "\ufffd")

    def escape_text(text: str) -> str:
        return special.sub(replace, text)
    return escape_text


_XML_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# GEXF attribute values, made XML-safe too. GraphML attributes and text are escaped as ElementTree (which
# networkx's writer used) escapes them: "&#09;" for a tab, and text only for & < >.
_gexf_attribute = _escaper({**_XML_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"},
                           _NOT_XML_CHARACTERS)
_graphml_attribute = _escaper({**_XML_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"})
_graphml_text = _escaper(_XML_TEXT_ESCAPES)


def _attrs(pairs: Iterable[tuple[str, object]], escape_value: Callable[[str], str] = _gexf_attribute) -> str:
    return "".join([f' {name}="{escape_value(str(value))}"' for name, value in pairs])


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


#: GraphML ``attr.type`` of each Python type of attribute value, as networkx names them.
_GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


def _graphml_element(tag: str, attributes: list[tuple[str, object]], data: dict, scope: str,
                     keys: dict[tuple[str, str, str], str]) -> Iterator[str]:
    """The lines of one ``<node>`` or ``<edge>``: a ``<data>`` per attribute that is not None, flattened
    by :func:`flat_value`. Each (name, type, scope) gets the next key id the first time it is used."""
    start = f"    <{tag}{_attrs(attributes, _graphml_attribute)}"
    values = [(name, flat_value(value)) for name, value in data.items() if value is not None]
    if not values:
        yield start + " />"
        return
    yield start + ">"
    for name, value in values:
        try:
            attr_type = _GRAPHML_TYPES[type(value)]
        except KeyError:
            raise TypeError(f"GraphML does not support type {type(value)} as data values.") from None
        key = keys.setdefault((name, attr_type, scope), f"d{len(keys)}")
        text = _graphml_text(str(value))
        # ElementTree writes an element with no text and no children as an empty-element tag.
        yield f'      <data key="{key}">{text}</data>' if text else f'      <data key="{key}" />'
    yield f"    </{tag}>"


def _graphml_lines(kg: KnowledgeGraph) -> Iterator[str]:
    graph = to_networkx(kg)
    keys: dict[tuple[str, str, str], str] = {}
    body = [line for node, data in graph.nodes(data=True)
            for line in _graphml_element("node", [("id", node)], data, "node", keys)]
    body += [line for source, target, key, data in graph.edges(keys=True, data=True)
             for line in _graphml_element("edge", [("source", source), ("target", target), ("id", key)], data,
                                          "edge", keys)]
    yield "<?xml version='1.0' encoding='utf-8'?>"
    yield (f'<graphml xmlns="{GRAPHML_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{GRAPHML_NAMESPACE} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
    # networkx inserts each new key before the others: the last one used comes first.
    for (name, attr_type, scope), key in reversed(keys.items()):
        attributes = [("id", key), ("for", scope), ("attr.name", name), ("attr.type", attr_type)]
        yield f"  <key{_attrs(attributes, _graphml_attribute)} />"
    if body:
        yield '  <graph edgedefault="directed">'
        yield from body
        yield "  </graph>"
    else:
        yield '  <graph edgedefault="directed" />'
    yield "</graphml>"


def write_graphml(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> Path:
    """Write the graph as GraphML (yEd, Cytoscape, igraph, networkx): the attributes of
    :func:`kg.export.to_networkx`, with list attributes as JSON arrays and missing values left out;
    edge ids are the interactions' event ids.

    >>> from kg.model import KnowledgeGraph
    >>> write_graphml(KnowledgeGraph(), "/tmp/kg-example.graphml").name
    'kg-example.graphml'
    """
    text = "\n".join(_graphml_lines(kg)) + "\n"
    with atomic_path(path) as temporary:
        # Like ElementTree, write what UTF-8 cannot encode (a lone surrogate in an id) as a character reference.
        temporary.write_bytes(text.encode("utf-8", "xmlcharrefreplace"))
    return Path(path)
