"""No query through `kgraph query` or `KnowledgeGraph` makes a network request, and none runs away.

A loopback listener (127.0.0.1, a free port) stands in for a service on the user's machine: every query
that names it must be refused before Oxigraph sees it, and the listener must receive no connection.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.cli import EXIT_QUERY_ERROR, main
from kgraph.query import KnowledgeGraph, QueryError

from .conftest import REPO


class Listener:
    """A loopback TCP listener that accepts and closes every connection (so a client fails fast) and counts them."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            if select.select([self.server], [], [], 0.05)[0]:
                connection, _ = self.server.accept()
                connection.close()
                self.connections += 1

    def received(self) -> int:
        """Connections received so far, pending ones included."""
        time.sleep(0.2)  # let a connection already on its way be accepted
        return self.connections

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def _queries(port: int) -> dict[str, tuple[str, str]]:
    """Each outbound attempt and the reason its refusal must name."""
    address = f"http://127.0.0.1:{port}/sparql"
    return {
        "service": (f"SELECT * WHERE {{ SERVICE <{address}> {{ ?s ?p ?o }} }}", "SERVICE"),
        "service silent": (f"SELECT * WHERE {{ SERVICE SILENT <{address}> {{ ?s ?p ?o }} }}", "SERVICE"),
        "escaped service": (f"SELECT * WHERE {{ \\u0053ERVICE <{address}> {{ ?s ?p ?o }} }}", "SERVICE"),
        "from": (f"SELECT * FROM <{address}> WHERE {{ ?s ?p ?o }}", "FROM"),
        "from named": (f"SELECT * FROM NAMED <{address}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "FROM"),
        "load": (f"LOAD <{address}>", "LOAD"),
        "load silent": (f"LOAD SILENT <{address}> INTO GRAPH <http://e.org/g>", "LOAD"),
    }


CASES = list(_queries(0))


def test_the_listener_would_see_a_request_oxigraph_makes_on_its_own(listener):
    # Without kgraph's guard, Oxigraph does send the request: the listener is a fair witness.
    address = f"http://127.0.0.1:{listener.port}/sparql"
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{address}> {{ ?s ?p ?o }} }}"))
    assert listener.received() >= 1


@pytest.mark.parametrize("case", CASES)
def test_the_python_api_refuses_and_sends_nothing(knowledge_graph: KnowledgeGraph, listener, case):
    text, reason = _queries(listener.port)[case]
    with pytest.raises(QueryError, match=reason):
        result = knowledge_graph.query(text)
        list(result) if isinstance(result, ox.QuerySolutions) else None
    assert listener.received() == 0


@pytest.mark.parametrize("case", CASES)
def test_the_cli_refuses_with_exit_5_and_sends_nothing(build_dir, capfdbinary, listener, case):
    text, reason = _queries(listener.port)[case]
    code = main(["--root", str(REPO), "-q", "query", "--build-dir", str(build_dir), text, "--format", "csv"])
    err = capfdbinary.readouterr().err.decode()
    assert code == EXIT_QUERY_ERROR
    assert reason in err and "refused" in err
    assert listener.received() == 0


def test_a_runaway_cross_product_is_stopped_at_the_time_limit(build_dir, capfdbinary):
    # 23,885 triples cubed: hours of rows. Output is streamed, so rows arrive before the limit.
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    code = main(
        ["--root", str(REPO), "-q", "query", "--build-dir", str(build_dir), query, "--format", "tsv", "--timeout", "2"]
    )
    elapsed = time.monotonic() - started
    captured = capfdbinary.readouterr()
    assert code == EXIT_QUERY_ERROR
    assert "time limit of 2 s" in captured.err.decode()
    assert captured.out.startswith(b"?a\t?b\t?c\t?d\t?e\t?f\t?g\t?h\t?i\n") and captured.out.count(b"\n") > 1000
    assert elapsed < 60, "the query was not stopped"  # generous: unstopped, it runs for hours


def _address_space_mb() -> int:
    for line in Path(f"/proc/{os.getpid()}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize")


def test_a_query_past_the_memory_limit_is_stopped_with_the_reason(build_dir, capfdbinary):
    # Sorting a cross product holds every row in memory; the limit leaves 300 MB above what is loaded.
    limit = _address_space_mb() + 300
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c"
    args = [query, "--format", "csv", "--max-memory", f"{limit}M", "--timeout", "600"]
    code = main(["--root", str(REPO), "-q", "query", "--build-dir", str(build_dir), *args])
    err = capfdbinary.readouterr().err.decode()
    assert code == EXIT_QUERY_ERROR
    assert f"memory limit of {limit} MiB" in err


def test_the_table_shows_a_capped_number_of_rows_and_says_so(build_dir, capfdbinary):
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    code = main(["--root", str(REPO), "-q", "query", "--build-dir", str(build_dir), query, "--width", "80"])
    out = capfdbinary.readouterr().out.decode()
    assert code == 0
    assert "the first 10000 rows; there are more" in out
    assert out.count("\n") == 10000 + 3  # header, rule, rows, note
