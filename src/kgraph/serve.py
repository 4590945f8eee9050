"""Serve: a read-only SPARQL 1.1 Protocol endpoint over the build, with an offline query page.

Each query runs in a worker process that holds the graph in Oxigraph. A query that runs past the
time limit has its worker killed and replaced, and the client gets an error, never a cut-off 200;
the other workers keep answering meanwhile.
"""

from __future__ import annotations

import html
import multiprocessing as mp
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kgraph.query import CatalogueQuery
from kgraph.results import GRAPH_FORMATS, MEDIA_TYPES, TooManyResults, serialize_capped
from kgraph.sparql_guard import RefusedQuery, check_local_query
from kgraph.webpage import script_json

_ACCEPT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
}


@dataclass(frozen=True)
class Limits:
    """What one query may take."""

    timeout: float = 10.0
    max_rows: int = 10_000


def _negotiate(accept: str, is_graph: bool) -> str:
    """The result format for an Accept header: the first listed type that fits the result."""
    ranked = []
    for index, part in enumerate(accept.split(",")):
        media, *options = [p.strip() for p in part.split(";")]
        quality = next((float(o[2:]) for o in options if o.startswith("q=") and _is_number(o[2:])), 1.0)
        ranked.append((-quality, index, media.lower()))
    for _, _, media in sorted(ranked):
        fmt = _ACCEPT.get(media)
        if fmt and (fmt in GRAPH_FORMATS) == is_graph:
            return fmt
    return "turtle" if is_graph else "json"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _worker(data_file: str, prefixes: dict[str, str], limits: Limits, connection) -> None:
    """A worker process: load the graph once, then answer (query, accept) jobs until told to stop."""
    store = ox.Store()
    store.bulk_load(path=data_file, format=ox.RdfFormat.N_TRIPLES)
    connection.send(("ready", len(store)))
    while True:
        job = connection.recv()
        if job is None:
            return
        text, accept = job
        try:
            check_local_query(text)
            result = store.query(text, prefixes=prefixes, use_default_graph_as_union=True)
            fmt = _negotiate(accept, isinstance(result, ox.QueryTriples))
            body = serialize_capped(result, fmt, limits.max_rows)
            connection.send((200, MEDIA_TYPES[fmt], body))
        except SyntaxError as error:
            connection.send((400, "text/plain; charset=utf-8", f"Query syntax error: {error}\n".encode()))
        except RefusedQuery as error:
            connection.send((400, "text/plain; charset=utf-8", f"Query refused: {error}\n".encode()))
        except TooManyResults as error:
            connection.send((413, "text/plain; charset=utf-8", f"{error}\n".encode()))
        except Exception as error:
            connection.send((500, "text/plain; charset=utf-8", f"Query failed: {error}\n".encode()))


class WorkerPool:
    """Worker processes that run queries; a worker past its time limit is killed and replaced."""

    def __init__(self, data_file: Path, prefixes: dict[str, str], limits: Limits, size: int):
        self.data_file, self.prefixes, self.limits = str(data_file), prefixes, limits
        self.context = mp.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        self.processes: set = set()
        self.lock = threading.Lock()
        for _ in range(size):
            self._start()

    def _start(self) -> None:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_worker, args=(self.data_file, self.prefixes, self.limits, child), daemon=True
        )
        process.start()
        child.close()
        status, _ = parent.recv()
        assert status == "ready"
        with self.lock:
            self.processes.add(process)
        self.idle.put((process, parent))

    def run(self, text: str, accept: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for one query."""
        try:
            process, connection = self.idle.get(timeout=self.limits.timeout)
        except queue.Empty:
            return 503, "text/plain; charset=utf-8", b"All query workers are busy; try again shortly.\n"
        connection.send((text, accept))
        if connection.poll(self.limits.timeout):
            answer = connection.recv()
            self.idle.put((process, connection))
            return answer
        process.kill()
        process.join()
        with self.lock:
            self.processes.discard(process)
        threading.Thread(target=self._start, daemon=True).start()
        message = f"The query ran past the time limit of {self.limits.timeout:g} s and was stopped.\n"
        return 503, "text/plain; charset=utf-8", message.encode()

    def close(self) -> None:
        with self.lock:
            processes = list(self.processes)
        for process in processes:
            process.kill()
            process.join()


def query_page(catalogue: dict[str, CatalogueQuery], prefixes: dict[str, str]) -> bytes:
    """The offline query page, with the catalogue as examples and the prefixes (embedded as escaped JSON)."""
    template = resources.files("kgraph").joinpath("assets/query-page.html").read_text("utf-8")
    examples = [{"name": q.name, "question": q.question, "text": q.text} for q in catalogue.values()]
    return (
        template.replace("__EXAMPLES__", script_json(examples))
        .replace("__PREFIXES__", script_json(prefixes))
        .replace("__COUNT__", html.escape(str(len(examples))))
        .encode("utf-8")
    )


def make_handler(pool: WorkerPool, page: bytes, graph_page: Path | None):
    class Handler(BaseHTTPRequestHandler):
        server_version = "kgraph"

        def log_message(self, format: str, *args) -> None:
            pass

        def _send(self, status: int, content_type: str, body: bytes, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            if self.headers.get("Origin"):
                self.send_header("Access-Control-Allow-Origin", "*")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _text(self, status: int, message: str) -> None:
            self._send(status, "text/plain; charset=utf-8", f"{message}\n".encode())

        def do_OPTIONS(self) -> None:
            self._send(
                204,
                "text/plain",
                b"",
                {
                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                    "Access-Control-Max-Age": "86400",
                },
            )

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/":
                self._send(200, "text/html; charset=utf-8", page)
            elif url.path == "/graph":
                if graph_page and graph_page.is_file():
                    self._send(200, "text/html; charset=utf-8", graph_page.read_bytes())
                else:
                    self._text(404, "No network view in this build yet: run 'kgraph viz' first.")
            elif url.path == "/sparql":
                self._protocol(parse_qs(url.query))
            else:
                self._text(404, "Not found. The SPARQL endpoint is /sparql; the query page is /.")

        do_HEAD = do_GET

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            if url.path != "/sparql":
                self._text(404, "Not found. POST queries to /sparql.")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                self._text(403, "This endpoint is read-only: SPARQL updates are refused.")
            elif content_type == "application/sparql-query":
                self._run(body)
            elif content_type == "application/x-www-form-urlencoded":
                self._protocol(parse_qs(body))
            else:
                self._text(415, "Send application/sparql-query or application/x-www-form-urlencoded.")

        def _protocol(self, fields: dict[str, list[str]]) -> None:
            if "update" in fields:
                self._text(403, "This endpoint is read-only: SPARQL updates are refused.")
            elif len(fields.get("query", [])) != 1:
                self._text(400, "Give exactly one 'query' parameter.")
            elif fields.get("default-graph-uri") or fields.get("named-graph-uri"):
                self._text(
                    400,
                    "This endpoint queries the union of its graphs; default-graph-uri and "
                    "named-graph-uri are not supported. Use GRAPH in the query.",
                )
            else:
                self._run(fields["query"][0])

        def _run(self, text: str) -> None:
            status, content_type, body = pool.run(text, self.headers.get("Accept") or "")
            self._send(status, content_type, body)

    return Handler


def serve(
    data_file: Path,
    prefixes: dict[str, str],
    catalogue: dict[str, CatalogueQuery],
    host: str = "127.0.0.1",
    port: int = 7878,
    limits: Limits | None = None,
    workers: int = 2,
    graph_page: Path | None = None,
    ready=None,
) -> None:
    """Run the endpoint until interrupted; `ready(server)` is called once it listens."""
    pool = WorkerPool(data_file, prefixes, limits or Limits(), workers)
    server = ThreadingHTTPServer((host, port), make_handler(pool, query_page(catalogue, prefixes), graph_page))
    server.daemon_threads = True
    try:
        if ready:
            ready(server)
        server.serve_forever()
    finally:
        server.server_close()
        pool.close()


@contextmanager
def running_endpoint(root: Path, build_dir: Path, *options: str) -> Iterator[str]:
    """Start `kgraph serve` in a child process on a free loopback port; yield its base URL, then stop it."""
    command = [
        sys.executable,
        "-m",
        "kgraph",
        "--root",
        str(root),
        "-q",
        "serve",
        "--build-dir",
        str(build_dir),
        "--port",
        "0",
        *options,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", line)
        if not match:
            raise RuntimeError(f"the endpoint did not start: {line}{process.stderr.read()}")
        yield match.group(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
