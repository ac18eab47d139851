"""kg.serve: the SPARQL protocol over HTTP on an ephemeral loopback port, queried with urllib."""

import csv
import io
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from conftest import HOSTILE

from kg.graph import write_turtle
from kg.serve import make_server

ACTORS = "SELECT ?a ?label WHERE { ?a kg:mentionCount ?n ; skos:prefLabel ?label FILTER(LANG(?label) = 'ar') } ORDER BY ?a"


@pytest.fixture
def endpoint(tmp_path, sample_graph):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    server = make_server(path, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql", server
    server.shutdown()
    server.server_close()
    thread.join()


def request(url, data=None, headers=None, method=None):
    """(status, headers, body) of an HTTP request; errors are returned, not raised."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers or {}, method=method), timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_get_returns_sparql_json(endpoint, sample_graph):
    url, _ = endpoint
    status, headers, body = request(url + "?" + urllib.parse.urlencode({"query": ACTORS}))
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert "Access-Control-Allow-Origin" not in headers  # no web page may read the graph unless allowed
    results = json.loads(body)
    assert results["head"]["vars"] == ["a", "label"]
    labels = [binding["label"]["value"] for binding in results["results"]["bindings"]]
    assert labels[0] == HOSTILE  # hostile text comes back as data, exactly
    assert sorted(labels) == sorted(a.label for a in sample_graph.actors)


def test_post_form_with_csv_accept(endpoint, sample_graph):
    url, _ = endpoint
    data = urllib.parse.urlencode({"query": ACTORS}).encode()
    status, headers, body = request(url, data, {"Content-Type": "application/x-www-form-urlencoded",
                                                "Accept": "text/csv;q=0.9, application/xml;q=0.1"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["a", "label"] and len(rows) == 1 + len(sample_graph.actors)


def test_post_sparql_query_body_and_construct(endpoint):
    url, _ = endpoint
    status, _, body = request(url, b"ASK { ?e a kg:Interaction }", {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = "CONSTRUCT { ?e a kg:Interaction } WHERE { ?e a kg:Interaction }"
    status, headers, body = request(url, construct.encode(), {"Content-Type": "application/sparql-query",
                                                              "Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 2


def test_updates_are_refused(endpoint):
    url, server = endpoint
    size = len(server.store)
    attempts = [
        (url, b"DROP ALL", {"Content-Type": "application/sparql-update"}),
        (url, urllib.parse.urlencode({"update": "DROP ALL"}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
        (url, b"# sneaky\nDELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-query"}),
        (url + "?" + urllib.parse.urlencode({"query": "CLEAR DEFAULT"}), None, {}),
    ]
    for target, data, headers in attempts:
        status, _, body = request(target, data, headers)
        assert status == 403, body
    assert len(server.store) == size


def test_service_syntax_errors_and_unknown_paths(endpoint):
    url, _ = endpoint
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    assert request(url + "?" + urllib.parse.urlencode({"query": service}))[0] == 403
    # a variable named ?service is not a SERVICE call
    ok = "SELECT ?service WHERE { ?service a kg:Interaction }"
    assert request(url + "?" + urllib.parse.urlencode({"query": ok}))[0] == 200
    status, _, body = request(url + "?" + urllib.parse.urlencode({"query": "SELECT WHERE {"}))
    assert status == 400 and b"syntax" in body
    assert request(url)[0] == 400
    assert request(url.replace("/sparql", "/admin"))[0] == 404


def serving(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    return thread, f"http://{'[' + host + ']' if ':' in host else host}:{port}/sparql"


def test_cors_only_for_the_allowed_origin(sample_graph, tmp_path):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    server = make_server(path, port=0, quiet=True, allow_origin="https://yasgui.triply.cc")
    thread, url = serving(server)
    try:
        status, headers, _ = request(url, method="OPTIONS", headers={"Origin": "https://yasgui.triply.cc",
                                                                     "Access-Control-Request-Method": "POST"})
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == "https://yasgui.triply.cc"
        assert "POST" in headers["Access-Control-Allow-Methods"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?p }"


def busy_children(but=()):
    """The pids of this process's children (but ``but``) that use a CPU now."""
    import psutil

    busy = []
    for child in psutil.Process().children():
        try:
            if child.pid not in but and child.cpu_percent(0.5) > 10:
                busy.append(child.pid)
        except psutil.NoSuchProcess:  # it ended meanwhile
            continue
    return busy


def test_a_heavy_query_is_stopped_at_the_time_limit(sample_graph, tmp_path):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    server = make_server(path, port=0, quiet=True, timeout=1)
    thread, url = serving(server)
    try:
        status, _, body = request(url + "?" + urllib.parse.urlencode({"query": HEAVY}))
        assert status == 503 and b"stopped" in body
        assert not busy_children()  # the stopped query uses no CPU
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


#: A client, in its own process, that sends a query and waits for the answer until it is killed.
HANGING_CLIENT = """
import socket, sys, time
connection = socket.create_connection((sys.argv[1], int(sys.argv[2])))
connection.sendall(f"GET {sys.argv[3]} HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n".encode())
print("sent", flush=True)
time.sleep(600)
"""


def test_a_query_is_stopped_when_its_client_hangs_up(sample_graph, tmp_path):
    import psutil

    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    server = make_server(path, port=0, quiet=True, timeout=600)  # only the hang-up can stop it in time
    thread, _ = serving(server)
    host, port = server.server_address[:2]
    before = {child.pid for child in psutil.Process().children()}
    target = "/sparql?" + urllib.parse.urlencode({"query": HEAVY})
    client = subprocess.Popen([sys.executable, "-c", HANGING_CLIENT, host, str(port), target],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert client.stdout.readline() == "sent\n"
        deadline = time.monotonic() + 30
        queries: list = []
        while not queries and time.monotonic() < deadline:
            time.sleep(0.1)
            queries = [child for child in psutil.Process().children()
                       if child.pid not in before and child.pid != client.pid]
        assert queries, "the server never started the query"
        time.sleep(0.5)
        assert queries[0].is_running()  # still working on the heavy query
        client.kill()
        client.wait()
        _, alive = psutil.wait_procs(queries, timeout=5)
        assert not alive, "the query ran on after its client hung up"
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
        server.shutdown()
        server.server_close()
        thread.join()


def test_listens_on_ipv6_loopback(sample_graph, tmp_path):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    try:
        server = make_server(path, host="::1", port=0, quiet=True)
    except ValueError as error:
        pytest.skip(f"no IPv6 loopback here: {error}")
    thread, url = serving(server)
    try:
        assert request(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}))[0] == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::"])
def test_refuses_non_loopback_hosts(sample_graph, tmp_path, host):
    path = tmp_path / "graph.ttl"
    write_turtle(sample_graph, path)
    with pytest.raises(ValueError, match="loopback"):
        make_server(path, host=host, port=0)


def test_docstring_examples():
    import doctest

    import kg.serve

    result = doctest.testmod(kg.serve, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
