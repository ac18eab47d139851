"""Exports users load elsewhere: an offline HTML explorer, Neo4j import files, GEXF for Gephi, GraphML,
and the networkx graph they are all made from.

>>> from kg.export import to_networkx, write_html, write_gexf, write_graphml, write_neo4j
"""

from kg.export.gephi import write_gexf, write_graphml
from kg.export.explorer import screenshot_html, write_html
from kg.export.neo4j import write_neo4j
from kg.export.network import to_networkx

__all__ = ["screenshot_html", "to_networkx", "write_gexf", "write_graphml", "write_html", "write_neo4j"]
