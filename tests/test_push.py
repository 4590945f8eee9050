"""kgraph push against a real Oxigraph server on loopback: same answers remotely, failures leave no trace."""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.cli import EXIT_PUSH_FAILED, EXIT_USAGE, main
from kgraph.query import KnowledgeGraph, parse_value
from kgraph.store import to_oxigraph

from .conftest import REPO
from .engines import free_port, rows_from_json, rows_from_oxigraph, with_values

GRAPH = "https://kgraph.example.org/nagorno-karabakh/graph/all"


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    beside = Path(sys.executable).parent / "oxigraph"
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert binary, "the oxigraph server is a test dependency: pip install -e '.[test]'"
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxigraph")),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _remote(url: str, query: str) -> dict:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"{url}/query", data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _push(build_dir: Path, url: str, *extra: str) -> int:
    return main(
        [
            "--root",
            str(REPO),
            "-q",
            "push",
            "--endpoint",
            f"{url}/store",
            "--update-endpoint",
            f"{url}/update",
            "--build-dir",
            str(build_dir),
            "--chunk-size",
            "4000",
            *extra,
        ]
    )


def test_push_then_the_catalogue_gives_the_local_answers_remotely(build_dir: Path, oxigraph_server, catalogue, capsys):
    assert _push(build_dir, oxigraph_server, "--replace") == 0
    expected = sum(1 for line in (build_dir / "kgraph.nt").read_text(encoding="utf-8").splitlines() if line)
    assert f"the store now holds {expected} triples" in capsys.readouterr().out
    assert _push(build_dir, oxigraph_server, "--replace") == 0, "pushing again must not duplicate anything"
    assert f"the store now holds {expected} triples" in capsys.readouterr().out

    local = KnowledgeGraph.open(build_dir)
    differences = []
    for name, query in sorted(catalogue.items()):
        values = {k: parse_value(v, local.prefixes) for k, v in query.params.items()}
        mine = rows_from_oxigraph(
            local.store.query(query.text, substitutions={ox.Variable(k): to_oxigraph(v) for k, v in values.items()})
        )
        theirs = rows_from_json(_remote(oxigraph_server, with_values(query.text, values)))
        if mine != theirs:
            differences.append(name)
    assert differences == []


def test_a_failed_push_leaves_the_target_graph_as_it_was(build_dir: Path, oxigraph_server, tmp_path, capsys):
    assert _push(build_dir, oxigraph_server, "--replace") == 0
    before = _remote(oxigraph_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    broken = tmp_path / "build"
    shutil.copytree(build_dir, broken)
    lines = (broken / "kgraph.nt").read_text(encoding="utf-8").splitlines()
    lines.insert(6000, "<this is not N-Triples")  # in the second chunk: the first one has gone in already
    (broken / "kgraph.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert _push(broken, oxigraph_server, "--replace") == EXIT_PUSH_FAILED
    assert "left as it was" in capsys.readouterr().err
    after = _remote(oxigraph_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert after == before
    graphs = _remote(oxigraph_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert [b["g"]["value"] for b in graphs["results"]["bindings"]] == [GRAPH], "the staging graph was not removed"


# --- Bounded in time, and nothing pasted into an update --------------------------------------------------

TRIPLE = "<https://kgraph.example.org/test/a> <https://kgraph.example.org/test/p> <https://kgraph.example.org/test/b> ."


@pytest.fixture()
def tiny_build(tmp_path: Path) -> Path:
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "kgraph.nt").write_text(TRIPLE + "\n", encoding="utf-8")
    return folder


@pytest.fixture()
def silent_server():
    """A loopback server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", held
    stop.set()
    thread.join(timeout=5)
    for connection in held:
        connection.close()
    listener.close()


@pytest.fixture()
def recording_server():
    """A loopback Graph Store that answers 204 to everything and records each request line."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(f"{self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(204)
            self.end_headers()

        do_GET = do_PUT = do_POST = do_DELETE = _answer

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def _push_to(url: str, build_dir: Path, *extra: str) -> int:
    """`kgraph push` to `url`; options before '--' in `extra` go before the command (--base)."""
    before = list(extra[: extra.index("--")]) if "--" in extra else []
    after = list(extra[extra.index("--") + 1 :]) if "--" in extra else list(extra)
    arguments = ["--endpoint", f"{url}/store", "--build-dir", str(build_dir), *after]
    return main(["--root", str(REPO), "-q", *before, "push", *arguments])


def test_a_store_that_never_answers_fails_the_push_within_its_deadline(tiny_build, silent_server, capsys):
    """It took 16 minutes: 4 PUT and 4 DELETE attempts of 120 s each."""
    url, held = silent_server
    started = time.monotonic()
    code = _push_to(url, tiny_build, "--graph", "https://example.org/g", "--deadline", "1", "--timeout", "0.5")
    elapsed = time.monotonic() - started
    assert code == EXIT_PUSH_FAILED
    error = capsys.readouterr().err
    assert "deadline of 1 s" in error and "left as it was" in error
    assert held, "the push never reached the server"
    assert elapsed < 30, f"a 1 s deadline took {elapsed:.0f} s"


@pytest.mark.parametrize(
    "options",
    [
        ["--graph", "http://x/> ; DROP ALL ; <http://y/"],
        ["--graph", "http://x/a b"],
        ["--graph", "file:///etc/passwd"],
        ["--base", "https://kgraph.example.org/> ; DROP ALL ; <http://y/", "--"],
    ],
    ids=["injected-graph", "graph-with-space", "graph-not-http", "injected-base"],
)
def test_a_graph_iri_that_could_inject_an_update_is_refused_before_any_request(
    options, tiny_build, recording_server, capsys
):
    url, seen = recording_server
    code = _push_to(url, tiny_build, *options, "--update-endpoint", f"{url}/update", "--replace")
    assert code == EXIT_USAGE
    assert "IRI" in capsys.readouterr().err
    assert seen == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--chunk-size", "0"], "--chunk-size is the triples sent per request: a whole number of 1 or more, not 0"),
        (["--timeout", "-1"], "--timeout is a number of seconds greater than 0, not -1.0"),
        (["--deadline", "0"], "--deadline is a number of seconds greater than 0, not 0.0"),
        (["--deadline", "nan"], "--deadline is a number of seconds greater than 0, not nan"),
        (["--endpoint", "file:///etc/passwd"], "--endpoint 'file:///etc/passwd' is not a usable URL"),
    ],
)
def test_bad_push_options_are_usage_errors_with_a_sentence(options, message, tiny_build, recording_server, capsys):
    url, seen = recording_server
    code = _push_to(url, tiny_build, "--graph", "https://example.org/g", *options)
    assert code == EXIT_USAGE
    assert message in capsys.readouterr().err
    assert seen == []


def test_a_push_to_a_store_that_answers_sends_chunks_then_swaps_them_in(tiny_build, recording_server, capsys):
    url, seen = recording_server
    code = _push_to(url, tiny_build, "--graph", "https://example.org/g", "--update-endpoint", f"{url}/update")
    assert code == 0, capsys.readouterr().err
    assert [line.split()[0] for line in seen] == ["PUT", "POST", "DELETE", "GET"]
    assert seen[1] == "POST /update"
