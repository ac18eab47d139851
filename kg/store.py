"""A persistent build store for incremental builds: a small database of analysed articles, keyed by id.

Layout of a store folder::

    articles.sqlite   one row per article id: the fingerprint of what was read, and its analysis
    oxigraph/         the current graph in pyoxigraph's on-disk store
    lock              held by the build that has the store open

What the store promises:

- An article is keyed by its id. A changed article (other text, title, date or URL, or analysed by another
  NER back-end, kg version or code, NER model or ontology data) replaces its old analysis; an unchanged one is not
  analysed again. The graph is always rebuilt from every stored article, so it equals a fresh build of the
  stored articles, byte for byte: what only a replaced or removed article supported leaves the graph.
- Writes are transactions: each batch of analysed articles is committed whole (SQLite), and the graph is
  built aside and swapped in by renames. A build killed at any point leaves the previous articles and
  graph, plus the batches it committed; the next build completes the work.
- One build at a time: a second build on the same store fails at once with :class:`StoreBusy` rather than
  wait. A build can run for hours and a silent wait looks like a hang; failing tells the user now, and a
  script can retry. The lock is an ``flock``, which the kernel releases when its holder dies, even by
  ``kill -9``: no stale lock survives a crash.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path

from kg.errors import KgError
from kg.model import AnalysedDocument, Document, KnowledgeGraph, Mention, Problem, Sentence, SourceText

STORE_GRAPH = "oxigraph"
DATABASE = "articles.sqlite"
LOCK = "lock"
#: Bumped when the layout of the database changes: an older store is then refused with a clear message.
SCHEMA_VERSION = 1


class StoreError(KgError):
    """A store folder that cannot be used: not writable, or written by an incompatible version of kg."""


class StoreBusy(StoreError):
    """Another build holds the store."""


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


def fingerprint(source: SourceText, analysis: str) -> str:
    """What decides an article's analysis: its id, text, title, date and URL, and ``analysis`` (the NER
    back-end, kg version, code and data: :func:`kg.pipeline.analysis_key`). Not its path: a moved file is the same
    article.

    >>> a = SourceText("d", "a/d.txt", "نص")
    >>> fingerprint(a, "x") == fingerprint(SourceText("d", "b/d.txt", "نص"), "x") != fingerprint(a, "y")
    True
    """
    fields = [source.doc_id, source.text, source.title, source.date, source.url, analysis]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


class ArticleStore:
    """The store folder ``root`` (created if missing), opened by one build at a time: use it in a ``with``
    block, which releases it.

    >>> import tempfile
    >>> with ArticleStore(tempfile.mkdtemp()) as store:
    ...     list(store.analysed_documents()), store.fingerprints()
    ([], {})
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.root / LOCK, "a+b")  # noqa: SIM115 (held until close)
        except OSError as error:
            raise StoreError(f"cannot use {self.root} as a store: {error.strerror or error}") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise StoreBusy(f"the store {self.root} is in use by another kg build; run this one when it "
                            "has finished") from None
        try:
            self._db = self._open_database()
        except BaseException:
            self._lock.close()
            raise
        self._recover_graph()

    def _open_database(self) -> sqlite3.Connection:
        if (self.root / "analysed").is_dir():
            raise StoreError(f"{self.root} was written by an older kg (articles keyed by content): "
                             "move it away and build into a new store")
        try:
            db = sqlite3.connect(self.root / DATABASE, isolation_level=None)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("CREATE TABLE IF NOT EXISTS article ("
                               "doc_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, analysis TEXT NOT NULL)")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                db.close()
                raise StoreError(f"{self.root} holds a store of format {version}; this kg reads format "
                                 f"{SCHEMA_VERSION}: build into a new store")
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the store database in {self.root}: {error}") from None
        return db

    def close(self) -> None:
        """Close the database and release the store for the next build."""
        self._db.close()
        self._lock.close()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def fingerprints(self) -> dict[str, str]:
        """The :func:`fingerprint` of every stored article, by id."""
        return dict(self._db.execute("SELECT doc_id, fingerprint FROM article"))

    def analysed_documents(self) -> Iterator[AnalysedDocument]:
        """Yield every stored article as an ``AnalysedDocument``, in id order."""
        for (analysis,) in self._db.execute("SELECT analysis FROM article ORDER BY doc_id"):
            yield AnalysedDocument(*document_from_json(analysis))

    def put(self, articles: Iterable[tuple[str, AnalysedDocument]]) -> None:
        """Store ``(fingerprint, analysed article)`` pairs, replacing the articles of the same ids, in one
        transaction."""
        rows = [(item.document.doc_id, print_, document_to_json(item.document, item.mentions))
                for print_, item in articles]
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO article VALUES (?, ?, ?)", rows)

    def remove(self, doc_ids: Iterable[str]) -> None:
        """Delete the articles ``doc_ids``, in one transaction."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("DELETE FROM article WHERE doc_id = ?", [(doc_id,) for doc_id in doc_ids])

    @property
    def graph_path(self) -> Path:
        return self.root / STORE_GRAPH

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
