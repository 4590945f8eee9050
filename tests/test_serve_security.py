"""The endpoint under hostile use: no request leaves the machine, limits answer before harm, bad HTTP gets a 4xx.

Every network peer here is on loopback: the endpoint, the raw-socket clients and the listener that stands in
for a service the endpoint must never reach.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgraph.serve import running_endpoint

from .conftest import REPO

MAX_BODY = 64 * 1024
AGAINST = "SELECT ?state WHERE { ?state kg:votedAgainst kgr:unga-resolution-62-243 } ORDER BY ?state"


def long_string_query(doublings: int) -> str:
    """A query that builds 40 characters repeated 8**doublings times and returns only the length."""
    names = "abcdefghij"[: doublings + 1]
    binds = " ".join(
        f"BIND(CONCAT({', '.join([f'?{previous}'] * 8)}) AS ?{name})" for previous, name in itertools.pairwise(names)
    )
    return (
        "SELECT (STRLEN(?" + names[-1] + ') AS ?n) WHERE { BIND(CONCAT("0123456789", "0123456789", "0123456789", '
        '"0123456789") AS ?a) ' + binds + " }"
    )


class Listener:
    """A loopback HTTP server that records every connection made to it and answers each with an empty result."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    request = connection.recv(65536)
                except OSError:
                    request = b""
                self.received.append(request or b"(connected, sent nothing)")
                body = b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[]}}'
                head = (
                    f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {len(body)}"
                )
                connection.sendall(head.encode() + b"\r\nConnection: close\r\n\r\n" + body)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        self.socket.close()


@pytest.fixture(scope="module")
def listening() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def listener(listening: Listener) -> Listener:
    """The listener, with nothing recorded yet: each test sees only the connections its own requests caused."""
    listening.received.clear()
    return listening


@pytest.fixture(scope="module")
def log_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-log") / "stderr.log"


@pytest.fixture(scope="module")
def endpoint(build_dir: Path, log_file: Path) -> Iterator[str]:
    options = ("--workers", "2", "--timeout", "20", "--max-body", "64K", "--idle-timeout", "1", "--max-memory", "512M")
    with running_endpoint(REPO, build_dir, *options, log=log_file) as url:
        yield url


def _request(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _get(endpoint: str, **fields: str) -> tuple[int, bytes]:
    return _request(f"{endpoint}/sparql?{urllib.parse.urlencode(fields)}", headers={"Accept": "application/json"})


def _post(endpoint: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    return _request(f"{endpoint}/sparql", body, {"Content-Type": content_type, "Accept": "application/json"})


def _raw(endpoint: str, *pieces: bytes, read_timeout: float = 30) -> bytes:
    """Send bytes over a fresh connection and read the reply until the server closes the connection."""
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=read_timeout) as connection:
        for piece in pieces:
            connection.sendall(piece)
        reply = b""
        # a TimeoutError here means the server kept the connection open past `read_timeout`
        try:
            while chunk := connection.recv(65536):
                reply += chunk
        except ConnectionResetError:
            pass  # closed with bytes of ours unread: what it answered first is in `reply`
        return reply


def _status(reply: bytes) -> int:
    assert reply.startswith(b"HTTP/1.1 "), reply[:200]
    return int(reply.split(b" ", 2)[1])


# 1. No request leaves the machine -------------------------------------------------------------------------------

SERVICE_QUERIES = {
    "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "service-silent": "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "service-escaped": "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "service-in-optional": (
        "SELECT * WHERE { ?s a kg:State OPTIONAL { SERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } } }"
    ),
}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("name", SERVICE_QUERIES)
def test_service_is_refused_with_400_and_the_listener_hears_nothing(endpoint, listener, name, method):
    query = SERVICE_QUERIES[name].replace("{port}", str(listener.port))
    if method == "GET":
        status, body = _get(endpoint, query=query)
    else:
        status, body = _post(endpoint, query.encode(), "application/sparql-query")
    assert (status, listener.received) == (400, [])
    assert b"SERVICE" in body and b"network" in body


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_a_remote_from_iri_is_never_fetched(endpoint, listener, clause):
    query = f"SELECT * {clause} <http://127.0.0.1:{listener.port}/data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 5"
    status, body = _post(endpoint, query.encode(), "application/sparql-query")
    # The endpoint answers from the union of its graphs, where FROM could only mislead: it is refused (use GRAPH),
    # and its IRI is never dereferenced.
    assert (status, listener.received) == (400, [])
    assert b"FROM" in body and b"GRAPH" in body


@pytest.mark.parametrize(
    ("how", "expected"),
    [("query", 400), ("get", 400), ("sparql-update", 403), ("form-update", 403)],
)
def test_load_is_refused_every_way_it_can_be_sent(endpoint, listener, how, expected):
    load = f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"
    if how == "query":
        status, _ = _post(endpoint, load.encode(), "application/sparql-query")
    elif how == "get":
        status, _ = _get(endpoint, query=load)
    elif how == "sparql-update":
        status, _ = _post(endpoint, load.encode(), "application/sparql-update")
    else:
        body = urllib.parse.urlencode({"update": load}).encode()
        status, _ = _post(endpoint, body, "application/x-www-form-urlencoded")
    assert (status, listener.received) == (expected, [])


# 2. Request bodies and malformed headers --------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_from_its_declared_length_before_it_is_sent(endpoint):
    head = (
        "POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
        "Content-Length: 104857600\r\n\r\n"
    )
    # Only the head is sent: a server that tried to read 100 MB would wait, not answer.
    reply = _raw(endpoint, head.encode())
    assert _status(reply) == 413
    assert b"65536 bytes" in reply and b"--max-body" in reply


def test_a_chunked_body_is_cut_off_at_the_limit(endpoint):
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"# " + b"x" * 16_380 + b"\n"
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(head)
        reply = b""
        # 100 chunks (1.6 MB) at most; the server must answer well before the last one.
        for _ in range(100):
            try:
                connection.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            connection.settimeout(0.5)  # time for the server to answer before more is sent
            try:
                reply += connection.recv(65536)
            except TimeoutError:
                continue
            if reply:
                break
        connection.settimeout(30)
        try:
            while chunk_in := connection.recv(65536):
                reply += chunk_in
        except (TimeoutError, ConnectionResetError):
            pass
    assert _status(reply) == 413


def test_a_body_under_the_limit_is_answered(endpoint):
    query = AGAINST + "\n# padding\n" * 3000  # about 33 KB
    assert len(query) < MAX_BODY
    status, body = _post(endpoint, query.encode(), "application/sparql-query")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 7


@pytest.mark.parametrize("length", ["abc", "-1", "12345678901234567890", "1e3", ""])
def test_a_malformed_content_length_gets_400_and_no_traceback(endpoint, log_file, length):
    head = (
        "POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {length}\r\n\r\n"
    )
    reply = _raw(endpoint, head.encode(), b"SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert _status(reply) == 400
    assert "Traceback" not in log_file.read_text(encoding="utf-8", errors="replace")
    # and the endpoint still answers
    assert _get(endpoint, query="ASK { ?s ?p ?o }")[0] == 200


def test_a_connection_that_sends_nothing_is_closed(endpoint):
    # --idle-timeout 1: the server gives up on the silent client; the socket timeout only bounds the test.
    reply = _raw(endpoint, read_timeout=30)
    assert reply == b"" or _status(reply) == 408


def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(endpoint):
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    head = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
    closed = False
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        # 0.1 s a byte: the whole head would take over 20 s; the server must not wait for it.
        for byte in head:
            try:
                connection.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            time.sleep(0.1)
            connection.setblocking(False)
            try:
                data = connection.recv(65536)
                closed = data == b"" or data.startswith(b"HTTP/1.1 408")
            except BlockingIOError:
                pass
            except ConnectionResetError:
                closed = True
            connection.setblocking(True)
            if closed:
                break
    assert closed, "the server waited for a request head sent over 20 seconds"


def test_a_request_head_over_64_kb_is_refused(endpoint):
    head = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"
    try:
        reply = _raw(endpoint, head)
    except (BrokenPipeError, ConnectionResetError):
        return  # closed while the head was still being sent: refused too
    assert _status(reply) in (400, 431)


def test_an_idle_keep_alive_connection_is_closed(endpoint):
    request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n"
    reply = _raw(endpoint, request)
    # the one answer, then the server closed the connection (the client never did)
    assert _status(reply) == 200 and reply.count(b"HTTP/1.1") == 1


def test_the_listen_backlog_fits_a_busy_client(endpoint):
    if not shutil.which("ss"):
        pytest.skip("ss (iproute2) is not installed")
    port = urllib.parse.urlsplit(endpoint).port
    listing = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True)
    # For a listening socket, ss shows the backlog in the Send-Q column.
    backlogs = [int(line.split()[2]) for line in listing.stdout.splitlines() if line.strip()]
    assert backlogs and min(backlogs) >= 1024


# 3. Option values -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "sentence"),
    [
        ("--workers", "0", "a whole number of 1 or more"),
        ("--workers", "-3", "a whole number of 1 or more"),
        ("--timeout", "0", "a number of seconds above 0"),
        ("--timeout", "nan", "a number of seconds above 0"),
        ("--max-rows", "0", "a whole number of 1 or more"),
        ("--max-body", "0", "a size above 0"),
        ("--max-body", "lots", "a size above 0"),
        ("--max-memory", "-1G", "a size above 0"),
        ("--idle-timeout", "-1", "a number of seconds above 0"),
        ("--port", "70000", "a port number from 0 to 65535"),
    ],
)
def test_bad_option_values_are_usage_errors(build_dir, option, value, sentence):
    command = [sys.executable, "-m", "kgraph", "--root", str(REPO), "serve", "--build-dir", str(build_dir)]
    command += [f"{option}={value}"] if option == "--port" else ["--port", "0", f"{option}={value}"]
    # The timeout only ends the test if a server starts instead of refusing the option.
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"argument {option}: " in result.stderr and sentence in result.stderr
    assert "Traceback" not in result.stderr


def test_a_memory_limit_too_small_to_load_the_graph_is_named(build_dir):
    command = [sys.executable, "-m", "kgraph", "--root", str(REPO), "serve", "--build-dir", str(build_dir)]
    result = subprocess.run(
        [*command, "--port", "0", "--max-memory", "20M"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "the endpoint cannot start" in result.stderr and "--max-memory" in result.stderr
    assert "Traceback" not in result.stderr


# 4. Memory --------------------------------------------------------------------------------------------------------


def test_a_query_under_the_memory_limit_is_answered(endpoint):
    status, body = _post(endpoint, long_string_query(3).encode(), "application/sparql-query")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(40 * 8**3)


def test_a_query_past_the_memory_limit_gets_503_naming_it_and_the_next_query_is_answered(endpoint):
    # 40 * 8**8 characters: a 671 MB string, over the 512 MiB the endpoint gives each worker
    status, body = _post(endpoint, long_string_query(8).encode(), "application/sparql-query")
    assert status == 503 and b"memory limit of 512 MiB" in body
    status, body = _post(endpoint, AGAINST.encode(), "application/sparql-query")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 7


# 5. Protocol details kept from before -----------------------------------------------------------------------------


def test_dataset_parameters_are_refused(endpoint):
    status, body = _get(endpoint, query=AGAINST, **{"default-graph-uri": "http://example.org/g"})
    assert status == 400 and b"default-graph-uri" in body


def test_cors_preflight_and_allow_origin_on_answers(endpoint):
    request = urllib.request.Request(
        f"{endpoint}/sparql",
        method="OPTIONS",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]
    request = urllib.request.Request(
        f"{endpoint}/sparql?{urllib.parse.urlencode({'query': AGAINST})}", headers={"Origin": "https://example.org"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


# 6. HTTP on the workers' own connections (GET /sparql is answered in the HTTP protocol itself) -------------------


def _get_request(query: str, version: str = "1.1") -> bytes:
    target = f"/sparql?{urllib.parse.urlencode({'query': query})}"
    return f"GET {target} HTTP/{version}\r\nHost: localhost\r\nAccept: application/json\r\n\r\n".encode()


def _answers(reply: bytes) -> list[tuple[int, bytes]]:
    """The answers in a reply, in order: (status, body), each cut by its Content-Length."""
    answers = []
    while reply:
        head, rest = reply.split(b"\r\n\r\n", 1)
        length = int(re.search(rb"(?im)^content-length: *(\d+)", head)[1])
        answers.append((_status(head), rest[:length]))
        reply = rest[length:]
    return answers


def test_pipelined_requests_are_answered_in_order(endpoint):
    post = (
        f"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
        f"Accept: application/json\r\nContent-Length: {len(b'ASK { FILTER(false) }')}\r\n\r\nASK {{ FILTER(false) }}"
    ).encode()
    # one write: a GET, a POST, a GET with a syntax error, a GET; the server reads them together
    pieces = [_get_request("ASK {}"), post, _get_request("ASK {"), _get_request("ASK { FILTER(false) }")]
    reply = _raw(endpoint, b"".join(pieces))
    answers = _answers(reply)
    assert [status for status, _ in answers] == [200, 200, 400, 200]
    assert [json.loads(body)["boolean"] for status, body in answers if status == 200] == [True, False, False]


def test_an_http_1_0_get_is_answered_and_its_connection_closed(endpoint):
    reply = _raw(endpoint, _get_request("ASK {}", "1.0"))
    (answer,) = _answers(reply)
    assert answer[0] == 200 and json.loads(answer[1])["boolean"] is True
    assert b"\r\nconnection: close" in reply.split(b"\r\n\r\n", 1)[0].lower()


def test_the_head_limit_counts_each_request_on_a_keep_alive_connection_afresh(endpoint):
    # two GET heads of about 40 KB each: together over the 64 KB a head may take, each one under it
    long_query = "ASK {} # " + "x" * 40_000
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        statuses = []
        request = _get_request(long_query)
        # the first request at once; the second in two pieces, apart, so that the server counts its head as it
        # arrives: from the end of the first answer, not from the first request's bytes
        for pieces in ([request], [request[:30_000], request[30_000:]]):
            for piece in pieces:
                connection.sendall(piece)
                time.sleep(0.2)
            reply = b""
            while b"\r\n\r\n" not in reply or len(_answers_so_far(reply)) < 1:
                reply += connection.recv(65536)
            statuses.append(_answers(reply)[0][0])
    assert statuses == [200, 200]


def _answers_so_far(reply: bytes) -> list[tuple[int, bytes]]:
    head, rest = reply.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?im)^content-length: *(\d+)", head)[1])
    return _answers(reply) if len(rest) >= length else []
