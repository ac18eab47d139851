"""A cache of query results over graph files, keyed by the file's content.

Asking the same question of an unchanged graph file returns the stored answer without loading the file.
Loading is what makes a query on a big graph slow: a 2.2-million-triple graph takes about 7 s to parse
into an in-memory store before the first query can start. pyoxigraph's on-disk store skips the loading,
but it runs queries that scan the whole graph about 5 times slower than the in-memory store. ``kg build``
warms the cache with the answers to the named queries that take no parameter.

An entry's key covers everything an answer depends on: the graph file's SHA-256, the SPARQL text, the
parameters, and the versions of kg, pyoxigraph and Python. So a changed file, query or engine is a miss,
never a stale answer. Hashing a 135 MB file takes 0.2 s, so a file's digest is remembered with its size,
modification time and inode (as git's index does). A rewritten file changes at least one of them: kg
writes files atomically, by renaming a new file over the old one.

An answer is kept as rows, in a ``marshal`` file (the cheapest to read of the formats that cannot run
code when loaded: 10k interactions take 0.13 s, where JSON takes 0.3 s), and as the text ``kg query``
printed for it in each output format asked for. The text is what makes a cached answer fast to print:
rendering 29,000 interactions as CSV takes 0.9 s, while a whole cached ``kg query`` of them, start-up
included, took 0.4–0.8 s here. The cache keeps at most ``max_bytes`` of entries and evicts the least
recently used first. An entry that cannot be read counts as a miss. A cache folder that cannot
be written is skipped: the query still runs, it just is not remembered.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

import kg
from kg.atomic import atomic_path

CACHE_DIR_VARIABLE = "KG_CACHE_DIR"
#: Bumped whenever the layout of an entry changes, so old entries become misses.
ENTRY_VERSION = 1

Answer = tuple[list[str], list[tuple]]


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``.

    >>> default_cache_dir({"KG_CACHE_DIR": "/data/kg-cache", "XDG_CACHE_HOME": "/home/ana/.cache"})
    PosixPath('/data/kg-cache')
    >>> default_cache_dir({"XDG_CACHE_HOME": "/home/ana/.cache"})
    PosixPath('/home/ana/.cache/kg')
    """
    if environ.get(CACHE_DIR_VARIABLE):
        return Path(environ[CACHE_DIR_VARIABLE])
    return Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"


@dataclass(frozen=True)
class ResultCache:
    """Query answers stored under ``directory``: ``results/`` holds the answers, ``digests/`` the digest
    remembered for each graph file. At most ``max_bytes`` of answers are kept.

    >>> import tempfile; from pathlib import Path
    >>> cache = ResultCache(Path(tempfile.mkdtemp()))
    >>> graph = Path(tempfile.mkdtemp()) / "g.ttl"; _ = graph.write_text("")
    >>> key = cache.key(graph, "SELECT * WHERE { ?s ?p ?o }")
    >>> cache.get(key) is None
    True
    >>> cache.put(key, (["s"], [("x",)])); cache.get(key)
    (['s'], [('x',)])
    >>> cache.put_rendered(key, "csv", b"s\\r\\nx\\r\\n"); cache.get_rendered(key, "csv")
    b's\\r\\nx\\r\\n'
    """

    directory: Path
    max_bytes: int = 1 << 30

    @classmethod
    def default(cls) -> ResultCache:
        """The cache in :func:`default_cache_dir`.

        >>> ResultCache.default().max_bytes
        1073741824
        """
        return cls(default_cache_dir())

    def file_digest(self, path: str | os.PathLike) -> str:
        """The SHA-256 of the file at ``path``, hashed again only when its size, modification time or
        inode changed since it was last hashed.

        >>> import tempfile; from pathlib import Path
        >>> graph = Path(tempfile.mkdtemp()) / "g.ttl"; _ = graph.write_text("")
        >>> ResultCache(Path(tempfile.mkdtemp())).file_digest(graph)[:12]
        'e3b0c44298fc'
        """
        path = Path(path).resolve()
        status = path.stat()
        stamp = [status.st_size, status.st_mtime_ns, status.st_ino]
        memo = self.directory / "digests" / hashlib.sha256(str(path).encode("utf-8")).hexdigest()
        try:
            remembered = json.loads(memo.read_text(encoding="utf-8"))
            if remembered["stamp"] == stamp:
                return remembered["digest"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        with path.open("rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        self._write(memo, json.dumps({"path": str(path), "stamp": stamp, "digest": digest}).encode("utf-8"))
        return digest

    def key(self, graph: str | os.PathLike, sparql: str, params: dict | None = None) -> str:
        """The key of the answer to ``sparql`` with ``params`` on the graph file ``graph`` as it is now.

        >>> import tempfile; from pathlib import Path
        >>> cache = ResultCache(Path(tempfile.mkdtemp()))
        >>> graph = Path(tempfile.mkdtemp()) / "g.ttl"; _ = graph.write_text("")
        >>> cache.key(graph, "ASK {}") == cache.key(graph, "ASK {}", {"x": 1})
        False
        """
        parts = [ENTRY_VERSION, kg.__version__, pyoxigraph.__version__, sys.version_info[:2],
                 self.file_digest(graph), sparql, sorted((name, repr(value)) for name, value in (params or {}).items())]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    def get(self, key: str) -> Answer | None:
        """The answer stored under ``key`` (column names, rows), or ``None``."""
        data = self._read(self._entry(key, "marshal"))
        if data is None:
            return None
        try:
            columns, rows = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        return columns, rows

    def put(self, key: str, answer: Answer) -> None:
        """Store ``answer`` under ``key``, then evict the least recently used entries over ``max_bytes``."""
        columns, rows = answer
        self._store(self._entry(key, "marshal"), marshal.dumps((list(columns), [tuple(row) for row in rows])))

    def get_rendered(self, key: str, fmt: str) -> bytes | None:
        """The answer under ``key`` rendered in the output format ``fmt`` (UTF-8 text), or ``None``."""
        return self._read(self._entry(key, fmt))

    def put_rendered(self, key: str, fmt: str, data: bytes) -> None:
        """Store ``data``, the answer under ``key`` rendered in the output format ``fmt``."""
        self._store(self._entry(key, fmt), data)

    def _entry(self, key: str, kind: str) -> Path:
        return self.directory / "results" / f"{key}.{kind}"

    def _read(self, path: Path) -> bytes | None:
        try:
            data = path.read_bytes()
            os.utime(path)  # marks it recently used, for eviction
        except OSError:
            return None
        return data

    def _store(self, path: Path, data: bytes) -> None:
        if self._write(path, data):
            self._evict()

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
        except OSError:
            return False
        return True

    def _evict(self) -> None:
        entries = []
        for entry in os.scandir(self.directory / "results"):
            if entry.is_file() and not entry.name.startswith("."):
                status = entry.stat()
                entries.append((status.st_mtime_ns, status.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            Path(path).unlink(missing_ok=True)
            total -= size
