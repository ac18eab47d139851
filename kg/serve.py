"""A read-only SPARQL 1.1 endpoint over a graph file, on loopback, for YASGUI and other SPARQL clients.

Protocol: ``GET /sparql?query=...``, ``POST`` with a form (``query=...``) or an ``application/sparql-query``
body. SELECT/ASK results as SPARQL JSON (default), CSV, TSV or XML, CONSTRUCT/DESCRIBE as Turtle (default),
N-Triples or RDF/XML, chosen by the ``Accept`` header. No CORS header is sent unless an origin is allowed
(``allow_origin``, e.g. a YASGUI page): otherwise any page open in the user's browser could read the graph.
UPDATE requests are refused (403), and so are federated ``SERVICE`` calls, which would make the server
fetch URLs on behalf of whoever can reach it.

>>> serve("exports/graph.ttl", port=7878)  # doctest: +SKIP
"""

from __future__ import annotations

import ipaddress
import os
import select
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.bounded import Cancelled, TimedOut, run_bounded
from kg.errors import KgError
from kg.graph import PREFIXES
from kg.query import is_update, load_store, uses_service

#: Seconds a request's query may run before it is stopped.
DEFAULT_TIMEOUT = 60.0
#: Largest request body accepted, in bytes.
MAX_BODY = 1_000_000
ENDPOINT_PATHS = ("/sparql", "/")

_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def negotiate(accept: str | None, offered: dict[str, object]) -> tuple[str, object]:
    """The media type of ``offered`` that ``accept`` (an HTTP Accept header) prefers; the first offered
    one when nothing matches or for ``*/*``.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", _RESULT_FORMATS)[0]
    'application/sparql-results+json'
    >>> negotiate("image/png", _RESULT_FORMATS)[0]
    'application/sparql-results+json'
    """
    choices = []
    for order, part in enumerate((accept or "").split(",")):
        media_type, *options = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type.lower() in offered and quality > 0:
            choices.append((-quality, order, media_type.lower()))
    media_type = min(choices)[2] if choices else next(iter(offered))
    return media_type, offered[media_type]


def answer(store: ox.Store, sparql: str, accept: str | None) -> tuple[int, bytes, str]:
    """The HTTP status, body and content type answering the read query ``sparql`` on ``store``, in the
    format that ``accept`` prefers.

    >>> from kg.model import KnowledgeGraph
    >>> answer(load_store(KnowledgeGraph()), "ASK {}", "text/csv")
    (<HTTPStatus.OK: 200>, b'true', 'text/csv; charset=utf-8')
    """
    try:
        results = store.query(sparql, prefixes=PREFIXES)
        if isinstance(results, ox.QueryTriples):
            media_type, fmt = negotiate(accept, _GRAPH_FORMATS)
        else:
            media_type, fmt = negotiate(accept, _RESULT_FORMATS)
        body = results.serialize(format=fmt)
    except SyntaxError as error:
        return HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {error}\n".encode(), "text/plain; charset=utf-8"
    except (OSError, RuntimeError, ValueError) as error:
        return HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {error}\n".encode(), "text/plain; charset=utf-8"
    return HTTPStatus.OK, body, f"{media_type}; charset=utf-8"


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers SPARQL protocol requests from ``self.server.store`` (a pyoxigraph store)."""

    server_version = "kg-sparql/0.1"

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self._send_cors()
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_cors(self) -> None:
        # No origin configured: browsers then refuse cross-site reads, which is the safe default for users
        # who only query from the command line.
        if self.server.allow_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.allow_origin)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"))

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(HTTPStatus.NO_CONTENT)
        self._send_cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ENDPOINT_PATHS:
            return self._error(HTTPStatus.NOT_FOUND, f"not found: the SPARQL endpoint is {ENDPOINT_PATHS[0]}")
        form = parse_qs(url.query)
        if "update" in form:
            return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL UPDATE is refused")
        if "query" not in form:
            return self._error(HTTPStatus.BAD_REQUEST, "missing query parameter: GET /sparql?query=SELECT...")
        self._answer(form["query"][0])

    def do_POST(self) -> None:  # noqa: N802
        if urlsplit(self.path).path not in ENDPOINT_PATHS:
            return self._error(HTTPStatus.NOT_FOUND, f"not found: the SPARQL endpoint is {ENDPOINT_PATHS[0]}")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return self._error(HTTPStatus.BAD_REQUEST, "invalid Content-Length")
        if length > MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-query":
            return self._answer(body)
        if content_type == "application/sparql-update":
            return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL UPDATE is refused")
        if content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL UPDATE is refused")
            if "query" in form:
                return self._answer(form["query"][0])
            return self._error(HTTPStatus.BAD_REQUEST, "missing query field in the form")
        self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST application/sparql-query or application/x-www-form-urlencoded")

    def _answer(self, sparql: str) -> None:
        if is_update(sparql):
            return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL UPDATE is refused")
        if uses_service(sparql):
            return self._error(HTTPStatus.FORBIDDEN, "federated queries (SERVICE) are disabled on this endpoint")
        try:
            # in a child process, killed past the time limit or when the client hangs up
            status, body, content_type = run_bounded(answer, self.server.store, sparql, self.headers.get("Accept"),
                                                     timeout=self.server.query_timeout, cancelled=self._client_gone)
        except TimedOut:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, f"query stopped after {self.server.query_timeout:g} s")
        except Cancelled:
            self.close_connection = True
            return None
        except KgError as error:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {error}")
        self._send(status, body, content_type)

    def _client_gone(self) -> bool:
        """Whether the client closed its connection (readable, with nothing left to read)."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        if not readable:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server holding the store that ``SparqlHandler`` queries."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: ox.Store, allow_origin: str | None = None,
                 quiet: bool = False, timeout: float = DEFAULT_TIMEOUT):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, SparqlHandler)
        self.store = store
        self.allow_origin = allow_origin
        self.quiet = quiet
        self.query_timeout = timeout


class ServeError(KgError, ValueError):
    """The endpoint cannot be started: a non-loopback address, or a port that is taken."""


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ServeError(f"refusing to listen on {host!r}: the SPARQL endpoint serves loopback addresses only")


def make_server(graph_path: str | os.PathLike | ox.Store, host: str = "127.0.0.1", port: int = 7878,
                allow_origin: str | None = None, quiet: bool = False,
                timeout: float = DEFAULT_TIMEOUT) -> SparqlServer:
    """A SPARQL server over ``graph_path`` (a graph file or a store), bound but not yet serving; ``port=0``
    picks a free port (read it from ``server.server_address``).

    >>> from kg.model import KnowledgeGraph
    >>> server = make_server(load_store(KnowledgeGraph()), port=0)
    >>> server.server_address[0]
    '127.0.0.1'
    >>> server.server_close()
    """
    _check_loopback(host)
    store = load_store(graph_path)
    try:
        return SparqlServer((host, port), store, allow_origin=allow_origin, quiet=quiet, timeout=timeout)
    except OSError as error:
        raise ServeError(f"cannot listen on {host} port {port}: {error.strerror or error}") from None


def serve(graph_path: str | os.PathLike | ox.Store, host: str = "127.0.0.1", port: int = 7878,
          allow_origin: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Serve ``graph_path`` (a graph file, a build store folder or a loaded store) at ``http://{host}:{port}/sparql`` until interrupted (Ctrl-C).

    >>> serve("exports/graph.ttl")  # doctest: +SKIP
    """
    server = make_server(graph_path, host, port, allow_origin, timeout=timeout)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
