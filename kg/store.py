"""A persistent build store for incremental builds.

Layout of a store folder::

    analysed/<hash[:2]>/<content hash>.json   one analysed article (cleaned document + mentions)
    oxigraph/                                 the current graph in pyoxigraph's on-disk store

Articles are keyed by the hash of their cleaned text, so an article seen before is never analysed again,
and resolution runs over the mentions of every stored article: building in two batches gives the same
actors and interactions as one build. Every file is written atomically and the graph store is replaced in
one rename, so a build killed midway leaves the previous state intact and a rerun completes it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path

from kg.atomic import atomic_write_text
from kg.model import Actor, AnalysedDocument, Document, KnowledgeGraph, Mention, Problem, Sentence

STORE_GRAPH = "oxigraph"


def document_to_json(document: Document, mentions: Sequence[Mention]) -> str:
    """Serialise an analysed article.

    >>> from kg.model import Document
    >>> document_from_json(document_to_json(Document("d", "d.txt", "نص", []), []))[0].doc_id
    'd'
    """
    return json.dumps({"document": asdict(document), "mentions": [asdict(m) for m in mentions]},
                      ensure_ascii=False, sort_keys=True)


def document_from_json(text: str) -> tuple[Document, list[Mention]]:
    """Read back what :func:`document_to_json` wrote."""
    data = json.loads(text)
    fields = data["document"]
    document = Document(**{**fields,
                           "sentences": [Sentence(**s) for s in fields["sentences"]],
                           "problems": [Problem(**p) for p in fields["problems"]]})
    return document, [Mention(**m) for m in data["mentions"]]


class ArticleStore:
    """The store folder ``root`` (created if missing).

    >>> import tempfile
    >>> store = ArticleStore(tempfile.mkdtemp())
    >>> list(store.analysed_documents()), store.actors()
    ([], [])
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)
        (self.root / "analysed").mkdir(parents=True, exist_ok=True)
        self._recover_graph()

    def _article_path(self, content_hash: str) -> Path:
        return self.root / "analysed" / content_hash[:2] / f"{content_hash}.json"

    def analysed_documents(self) -> Iterator:
        """Yield every stored article as an ``AnalysedDocument``, in content-hash order."""

        for path in sorted((self.root / "analysed").glob("*/*.json")):
            yield AnalysedDocument(*document_from_json(path.read_text(encoding="utf-8")))

    def add(self, analysed: Sequence) -> None:
        """Store newly analysed articles (each file atomically)."""
        for item in analysed:
            atomic_write_text(self._article_path(item.document.content_hash),
                              document_to_json(item.document, item.mentions))

    @property
    def graph_path(self) -> Path:
        return self.root / STORE_GRAPH

    def actors(self) -> list[Actor]:
        """The actors of the stored graph: their ids are kept by the next build."""
        return self.graph().actors if self.graph_path.exists() else []

    def graph(self) -> KnowledgeGraph:
        """The stored graph as dataclasses."""
        from kg.graph import read_graph

        return read_graph(self.graph_path)

    def save_graph(self, graph: KnowledgeGraph) -> None:
        """Replace the stored graph: the new store is built aside, then swapped in by renames."""
        import pyoxigraph

        from kg.graph import serialize

        fresh = self.root / f".{STORE_GRAPH}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        oxi = pyoxigraph.Store(str(fresh))
        oxi.bulk_load(serialize(graph, "nt"), pyoxigraph.RdfFormat.N_TRIPLES)
        oxi.flush()
        del oxi
        old = self.root / f".{STORE_GRAPH}.old"
        if self.graph_path.exists():
            os.replace(self.graph_path, old)
        os.replace(fresh, self.graph_path)
        shutil.rmtree(old, ignore_errors=True)

    def _recover_graph(self) -> None:
        """Finish or undo a graph swap that a killed build left halfway."""
        old = self.root / f".{STORE_GRAPH}.old"
        if old.exists() and not self.graph_path.exists():
            os.replace(old, self.graph_path)
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(self.root / f".{STORE_GRAPH}.new", ignore_errors=True)
