"""SPARQL over the knowledge graph, on pyoxigraph: named queries, safe parameters, table/CSV/JSON output.

Named queries are the ``.rq`` files of ``kg/queries`` (``actors``, ``interactions``, ``who-met-whom``,
``timeline``, ``topic``, ``path``, ``find-actor``). A ``# param: NAME = description`` line in a file
declares a parameter; parameters are bound to the variable ``?NAME`` with SPARQL substitution (SEP-0007),
never pasted into the query text, so a quote or a ``}`` in a name stays a literal.

>>> from kg.model import Actor, KnowledgeGraph
>>> kg = KnowledgeGraph(actors=[Actor("ron-dermer", "PER", "رون ديرمر", "Ron Dermer", mentions=4)])
>>> run_query(kg, "find-actor", {"actor": "ron dermer"}).rows
[('https://w3id.org/arabic-news-kg/actor/ron-dermer', 'رون ديرمر', 4)]
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.cache import ResultCache
from kg.errors import KgError
from kg.graph import PREFIXES, new_graph, oxigraph_dir, serialize, write_graph
from kg.model import KnowledgeGraph

QUERIES_DIR = Path(__file__).resolve().parent / "queries"

_PARAM_LINE = re.compile(r"^#\s*param:\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$", re.MULTILINE)
# What may come before the first keyword of a SPARQL request: blanks, comments, PREFIX and BASE.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE)
_UPDATE_KEYWORD = re.compile(r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
# SERVICE as a keyword, not as part of a variable (?service) or a prefixed name (ex:service).
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE\b", re.IGNORECASE)
#: What :func:`format_result` writes.
OUTPUT_FORMATS = ("table", "csv", "json")
#: Rows a ``table`` shows: rich lays out every cell, which takes 80 s for 31,000 interactions.
TABLE_ROWS = 200
_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


class QueryError(KgError, ValueError):
    """A query that cannot run: bad SPARQL, a missing parameter, a name that matches no actor, ..."""


#: A bare word: the name of a named query, not SPARQL.
_NAME = re.compile(r"[\w-]+")


class UpdateNotAllowed(QueryError):
    """A SPARQL UPDATE was sent where only read queries are accepted."""


@dataclass
class QueryResult:
    """What a query returned: column names and one tuple per row. Cells are plain Python values: IRIs and
    strings as ``str``, numbers as ``int``/``float``, booleans as ``bool``, unbound as ``None``."""

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in ``kg/queries``: its name, first comment line, parameters and SPARQL text."""

    name: str
    description: str
    params: dict[str, str]
    sparql: str


def named_queries() -> dict[str, NamedQuery]:
    """The shipped queries by name.

    >>> sorted(named_queries())[:3]
    ['actors', 'events', 'find-actor']
    >>> named_queries()["timeline"].params
    {'actor': "the actor's Arabic or Latin label, one of its aliases, its IRI, or its id"}
    """
    queries = {}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        sparql = path.read_text(encoding="utf-8")
        first_comment = next((line for line in sparql.splitlines() if line.startswith("#")), "#")
        queries[path.stem] = NamedQuery(
            name=path.stem, description=first_comment.lstrip("# ").strip(),
            params={name: text.strip() for name, text in _PARAM_LINE.findall(sparql)}, sparql=sparql)
    return queries


def resolve_query(name_or_sparql_or_file: str | os.PathLike) -> str:
    """The SPARQL text of a named query, of a ``.rq`` file, or the argument itself if it is SPARQL.

    >>> resolve_query("SELECT * WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    >>> "kg:mentionCount" in resolve_query("actors")
    True
    >>> resolve_query("nosuchname")
    Traceback (most recent call last):
    ...
    kg.query.QueryError: no named query 'nosuchname'; the named queries are actors, events, find-actor, interactions, path, timeline, topic, who-met-whom (or give SPARQL text or a .rq file)
    """
    text = str(name_or_sparql_or_file)
    queries = named_queries()
    if text in queries:
        return queries[text].sparql
    if "\n" not in text and len(text) < 4096 and Path(text).is_file():
        return Path(text).read_text(encoding="utf-8")
    if _NAME.fullmatch(text):
        raise QueryError(f"no named query {text!r}; the named queries are {', '.join(sorted(queries))} "
                         "(or give SPARQL text or a .rq file)")
    return text


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL UPDATE request (its first keyword after the prologue).

    >>> is_update("PREFIX ex: <http://ex/> # comment\\nDELETE WHERE { ?s ?p ?o }")
    True
    >>> is_update("SELECT * WHERE { ?s <http://ex/DELETE> ?o }")
    False
    """
    return bool(_UPDATE_KEYWORD.match(sparql, _PROLOGUE.match(sparql).end()))


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` makes a federated ``SERVICE`` call, which fetches a URL.

    >>> uses_service("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }"), uses_service("SELECT ?service {}")
    (True, False)
    """
    return bool(_SERVICE.search(sparql))


def load_store(source: str | os.PathLike | ox.Store | Graph | KnowledgeGraph, writable: bool = False,
               trusted: bool = False) -> ox.Store:
    """A pyoxigraph store holding ``source``: a graph file (.ttl, .nt, .jsonld), a build store folder
    (its database opened read-only unless ``writable``), an rdflib graph, a ``KnowledgeGraph``, or a store
    (returned as is). Files and graphs are copied into a new in-memory store. A ``trusted`` file (one kg
    has just written) is parsed without checking its IRIs and language tags again, a quarter faster.

    >>> len(load_store(KnowledgeGraph()))
    0
    """
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, (Graph, KnowledgeGraph)):
        store = ox.Store()
        store.bulk_load(serialize(source, "nt"), format=ox.RdfFormat.N_TRIPLES)
        return store
    database = oxigraph_dir(source)
    if database is not None:
        if not (database / "CURRENT").is_file():  # RocksDB's marker: refuse to make a database anywhere
            raise QueryError(f"{source} is a folder but not a kg store (kg build --store) nor a graph database")
        return ox.Store(str(database)) if writable else ox.Store.read_only(str(database))
    path = Path(source)
    suffix = "jsonld" if path.suffix.lower() == ".json" else path.suffix.lower().lstrip(".") or "ttl"
    store = ox.Store()
    if trusted:
        store.load(path=path, format=ox.RdfFormat.from_extension(suffix), lenient=True)
    else:
        store.bulk_load(path=path, format=ox.RdfFormat.from_extension(suffix))
    return store


def _store_graph(store: ox.Store) -> Graph:
    graph = new_graph()
    graph.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8"),
                format="nt")
    return graph


def as_term(value) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A parameter value as an RDF term: terms pass through, ``http(s)://`` strings that are valid IRIs
    become IRIs, numbers and booleans typed literals, anything else a plain string literal.

    >>> as_term("https://w3id.org/arabic-news-kg/actor/x")
    <NamedNode value=https://w3id.org/arabic-news-kg/actor/x>
    >>> as_term('"} DROP ALL #').value
    '"} DROP ALL #'
    """
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, (bool, int, float)):
        return ox.Literal(value)
    text = str(value)
    if re.match(r"https?://", text):
        try:
            return ox.NamedNode(text)
        except ValueError:
            pass
    return ox.Literal(text)


def _python_value(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMERIC:
            try:
                return _NUMERIC[datatype](term.value)
            except ValueError:
                return term.value
        if datatype == "http://www.w3.org/2001/XMLSchema#boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _execute(store: ox.Store, sparql: str, params: dict | None, allow_update: bool,
             hidden: frozenset[str] = frozenset()) -> QueryResult:
    if is_update(sparql):
        if not allow_update:
            raise UpdateNotAllowed("SPARQL UPDATE is refused: queries are read-only (kg query --allow-update permits it)")
        try:
            store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as error:
            raise QueryError(f"invalid SPARQL UPDATE: {error}") from None
        return QueryResult(columns=[])
    substitutions = {ox.Variable(name): as_term(value) for name, value in (params or {}).items()}
    try:
        results = store.query(sparql, prefixes=PREFIXES, substitutions=substitutions)
        # solutions are computed as they are read: a failing SERVICE call raises here
        if isinstance(results, ox.QuerySolutions):
            columns = [variable.value for variable in results.variables if variable.value not in hidden]
            return QueryResult(columns, [tuple(_python_value(solution[c]) for c in columns) for solution in results])
        if isinstance(results, ox.QueryBoolean):
            return QueryResult(["ask"], [(bool(results),)])
        return QueryResult(["subject", "predicate", "object"],
                           [tuple(_python_value(term) for term in triple) for triple in results])
    except SyntaxError as error:
        raise QueryError(f"invalid SPARQL: {error}") from None
    except (RuntimeError, OSError) as error:  # a parameter that is not a variable of the query, a SERVICE
        raise QueryError(f"the query failed: {str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__}") from None


def _single_actor(store: ox.Store, reference: str) -> str:
    named = named_queries()["find-actor"]
    matches = _execute(store, named.sparql, {"actor": reference}, False, frozenset(named.params)).rows
    if not matches:
        raise QueryError(f"no actor matches {reference!r}")
    if len(matches) > 1:
        raise QueryError(f"{reference!r} matches several actors: {', '.join(row[0] for row in matches)}")
    return matches[0][0]


def shortest_path(store: ox.Store, source: str, target: str) -> QueryResult:
    """The shortest chain of interactions from actor ``source`` to actor ``target`` (labels, aliases, IRIs
    or ids): one row per step with the actor, its label and the interaction linking it to the previous
    step. Ties are broken by IRI order, so the answer is deterministic; no path gives no rows.

    >>> from kg.model import Actor, Evidence, Interaction, KnowledgeGraph
    >>> people = [Actor(i, "PER", i.upper(), i) for i in ("a", "b", "c")]
    >>> ev = [Evidence("d", 0, 0, 1, "t", "r", 1.0)]
    >>> kg = KnowledgeGraph(actors=people, interactions=[
    ...     Interaction("e1", "meeting", "043", "held", ["a", "b"], ev),
    ...     Interaction("e2", "call", "040", "held", ["b", "c"], ev)])
    >>> [row[2] for row in shortest_path(load_store(kg), "a", "C").rows]
    ['A', 'B', 'C']
    """
    import networkx as nx  # here, not at the top: it takes half of this module's import time

    start, end = _single_actor(store, source), _single_actor(store, target)
    edges = _execute(store, named_queries()["path"].sparql, None, False).rows
    network = nx.Graph()
    network.add_nodes_from(sorted({start, end}))
    for actor, other, event in edges:  # sorted by the query, so BFS visits neighbours in IRI order
        if network.has_edge(actor, other):
            network[actor][other]["events"].append(event)
        else:
            network.add_edge(actor, other, events=[event])
    labels = dict(_execute(store, "SELECT ?a ?l WHERE { ?a skos:prefLabel ?l FILTER(LANG(?l) = 'ar') }",
                           None, False).rows)
    try:
        steps = nx.shortest_path(network, start, end)
    except nx.NetworkXNoPath:
        steps = []
    rows = []
    for index, actor in enumerate(steps):
        via = min(network[steps[index - 1]][actor]["events"]) if index else None
        rows.append((index, actor, labels.get(actor), via))
    return QueryResult(["step", "actor", "label", "via"], rows)


def run_query(source: str | os.PathLike | ox.Store | Graph | KnowledgeGraph, query: str,
              params: dict | None = None, *, allow_update: bool = False, allow_service: bool = False,
              cache: ResultCache | None = None) -> QueryResult:
    """Run ``query`` (a named query, a ``.rq`` file or SPARQL text) on ``source`` (a graph file, a build
    store folder, a store, an rdflib graph or a ``KnowledgeGraph``), with ``params`` bound to the variables
    of the same name. Prefixes kg:, actor:, skos:, schema:, ... need no PREFIX line.

    With a ``cache``, the answer to a read query on a graph file is looked up there first (by the file's
    content, the query and the parameters) and stored there after it is computed.

    A federated ``SERVICE`` call, which makes kg fetch a URL, raises ``QueryError`` unless
    ``allow_service``. UPDATE requests raise ``UpdateNotAllowed`` unless ``allow_update``; an allowed update is saved back to
    a graph file or store folder (rewritten atomically), and changes a store in place. Every other problem
    with the query raises ``QueryError``.

    >>> from kg.model import KnowledgeGraph
    >>> run_query(KnowledgeGraph(), "ASK { ?s ?p ?o }").rows
    [(False,)]
    >>> run_query(KnowledgeGraph(), "DROP ALL")
    Traceback (most recent call last):
    ...
    kg.query.UpdateNotAllowed: SPARQL UPDATE is refused: queries are read-only (kg query --allow-update permits it)
    """
    sparql = resolve_query(query)
    update = is_update(sparql)
    if update and not allow_update:
        raise UpdateNotAllowed("SPARQL UPDATE is refused: queries are read-only (kg query --allow-update permits it)")
    if uses_service(sparql) and not allow_service:
        raise QueryError("federated queries (SERVICE) are refused: they fetch URLs (kg query --allow-service permits it)")
    named = _named_by_text(sparql)
    missing = sorted(set(named.params) - set(params or {})) if named else []
    if missing:
        raise QueryError(f"query {named.name!r} needs the parameter(s) {', '.join(missing)}")
    key = _cache_key(source, sparql, params, cache)
    if key is not None and (answer := cache.get(key)) is not None:
        return QueryResult(*answer)
    store = load_store(source, writable=update)
    result = _answer(store, sparql, named, params, allow_update)
    if update and _graph_file(source):
        write_graph(_store_graph(store), source)
    if key is not None:
        cache.put(key, (result.columns, result.rows))
    return result


def query_output(source: str | os.PathLike | ox.Store | Graph | KnowledgeGraph, query: str, fmt: str = "table",
                 params: dict | None = None, *, allow_update: bool = False, allow_service: bool = False,
                 cache: ResultCache | None = None) -> bytes:
    """The answer to ``query`` on ``source`` in the output format ``fmt`` (see :func:`format_result`), as
    the UTF-8 bytes ``kg query`` prints. With a ``cache``, these bytes are stored and reused, so a cached
    answer is printed without being rendered again (see :func:`run_query` for the other arguments).

    >>> from kg.model import KnowledgeGraph
    >>> query_output(KnowledgeGraph(), "ASK { ?s ?p ?o }", "csv")
    b'ask\\r\\nFalse\\r\\n'
    """
    key = _cache_key(source, resolve_query(query), params, cache)
    if key is not None and (output := cache.get_rendered(key, fmt)) is not None:
        return output
    result = run_query(source, query, params, allow_update=allow_update, allow_service=allow_service, cache=cache)
    output = format_result(result, fmt).encode("utf-8")
    if key is not None:
        cache.put_rendered(key, fmt, output)
    return output


def _graph_file(source) -> bool:
    return isinstance(source, (str, os.PathLike)) and oxigraph_dir(source) is None


def _cache_key(source, sparql: str, params: dict | None, cache: ResultCache | None) -> str | None:
    """The cache key of a read query on a graph file; ``None`` where answers are not cached."""
    if cache is None or is_update(sparql) or not _graph_file(source):
        return None
    return cache.key(source, sparql, params)


def warm_cache(graph: str | os.PathLike, cache: ResultCache) -> list[str]:
    """Answer every named query that takes no parameter on the graph file ``graph`` (one kg wrote, loaded
    once, as ``trusted``) and store the answers in ``cache``, as rows and as text in every output format,
    so that asking them later needs no loading and no rendering. Returns their names.

    >>> import tempfile; from pathlib import Path
    >>> graph = Path(tempfile.mkdtemp()) / "g.ttl"; _ = write_graph(new_graph(), graph)
    >>> warm_cache(graph, ResultCache(Path(tempfile.mkdtemp())))
    ['actors', 'events', 'interactions', 'who-met-whom']
    """
    store = load_store(graph, trusted=True)
    warmed = []
    for named in named_queries().values():
        if not named.params:
            result = _answer(store, named.sparql, named, None, allow_update=False)
            key = cache.key(graph, named.sparql)
            cache.put(key, (result.columns, result.rows))
            for fmt in OUTPUT_FORMATS:
                cache.put_rendered(key, fmt, format_result(result, fmt).encode("utf-8"))
            warmed.append(named.name)
    return warmed


def _named_by_text(sparql: str) -> NamedQuery | None:
    # Found by text, not name: callers may pass the resolved text of a named query.
    return next((named for named in named_queries().values() if named.sparql == sparql), None)


def _answer(store: ox.Store, sparql: str, named: NamedQuery | None, params: dict | None,
            allow_update: bool) -> QueryResult:
    if named is None:
        return _execute(store, sparql, params, allow_update)
    if named.name == "path":
        return shortest_path(store, str(params["from"]), str(params["to"]))
    return _execute(store, sparql, params, allow_update, frozenset(named.params))


def _cell(value) -> str:
    return "" if value is None else str(value)


def _short(value) -> str:
    """IRIs of the project's namespaces written with their prefix (``actor:jake-sullivan``), for reading."""
    text = _cell(value)
    for prefix in ("actor", "event", "doc", "topic", "itype", "kg"):
        if text.startswith(PREFIXES[prefix]):
            return f"{prefix}:{text[len(PREFIXES[prefix]):]}"
    return text


def to_csv(result: QueryResult) -> str:
    """``result`` as CSV with a header row (unbound cells empty).

    >>> to_csv(QueryResult(["a", "b"], [("x,y", None)]))
    'a,b\\r\\n"x,y",\\r\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(result.columns)
    writer.writerows(result.rows)  # the csv module writes None as an empty cell
    return buffer.getvalue()


def to_json(result: QueryResult) -> str:
    """``result`` as a JSON list of objects, one per row.

    >>> to_json(QueryResult(["a"], [(1,)]))
    '[\\n  {\\n    "a": 1\\n  }\\n]'
    """
    return json.dumps([dict(zip(result.columns, row)) for row in result.rows], ensure_ascii=False, indent=2)


def to_table(result: QueryResult) -> Table:
    """``result`` as a rich table, the project's IRIs shortened with their prefix (``actor:x``); cells are
    ``Text`` so that brackets in article text are not read as markup.

    >>> to_table(QueryResult(["a"], [("[bold]x",)])).row_count
    1
    """
    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(Text(_short(value)) for value in row))
    return table


def format_result(result: QueryResult, fmt: str = "table", width: int = 160, max_rows: int = TABLE_ROWS) -> str:
    """``result`` as text: ``table`` (rich, ``width`` columns, the first ``max_rows`` rows and a line
    counting the others), ``csv`` or ``json`` (all rows).

    >>> format_result(QueryResult(["n"], [(1,)]), "csv")
    'n\\r\\n1\\r\\n'
    >>> format_result(QueryResult(["n"], [(1,), (2,), (3,)]), "table", max_rows=2).splitlines()[-1]
    '… 1 more row (the csv and json formats give them all)'
    """
    if fmt == "csv":
        return to_csv(result)
    if fmt == "json":
        return to_json(result)
    if fmt == "table":
        console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False,
                          force_jupyter=False)
        console.print(to_table(QueryResult(result.columns, result.rows[:max_rows])))
        hidden = len(result.rows) - max_rows
        if hidden > 0:
            console.print(f"… {hidden:,} more row{'s' if hidden > 1 else ''} (the csv and json formats give them all)",
                          highlight=False)
        return console.file.getvalue()
    raise ValueError(f"unknown format {fmt!r}: use table, csv or json")
