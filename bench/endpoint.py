"""Benchmark `kgraph serve` side by side with `oxigraph serve-read-only` on the same data, in one run.

1. Every catalogue query on kgraph: p50 and p95 latency.
2. A simple SELECT, sequentially, on both servers (rounds interleaved so both see the same machine load):
   p50 and p99, and the ratio kgraph / oxigraph (target: within 2x).
3. The same SELECT from 16 and 32 concurrent keep-alive clients, --seconds each (default 20), on both:
   requests/s, p50, p99 and errors (target for kgraph at 32 clients: 0 errors, p99 under 3x p50).

Only loopback addresses; every loop stops by itself (a count or a deadline). Prints figures; asserts nothing.
The machine may be shared: read the ratios, measured in the same run, rather than the absolute figures.

    python bench/endpoint.py [--build-dir build] [--repeat 10] [--sequential 1000] [--seconds 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.project import Project
from kgraph.publish.build_page import build_project
from kgraph.query import KnowledgeGraph, read_catalogue_queries
from kgraph.serve import running_endpoint
from kgraph.tables import format_table

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Russia's label: one triple pattern, one row. Prefixes are written out: oxigraph has no predeclared ones.
SIMPLE = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE {{ <{russia}> rdfs:label ?label }}"


@dataclass
class Server:
    name: str
    port: int
    path: str  # the query URL's path, without the query string
    pid: int  # the server process; its children (kgraph's workers) count with it

    def target(self, query: str) -> str:
        return f"{self.path}?{urllib.parse.urlencode({'query': query})}"

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the server process and its children so far (Linux /proc)."""
        pids = [self.pid] + [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _parent(int(entry.name)) == self.pid
        ]
        total = 0
        for pid in pids:
            with contextlib.suppress(OSError):
                fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")


def _parent(pid: int) -> int | None:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def kgraph_pid(port: int) -> int:
    """The `kgraph serve` child of this process (started by running_endpoint on `port`)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _parent(int(entry.name)) == os.getpid():
            with contextlib.suppress(OSError):
                command = (entry / "cmdline").read_bytes().split(b"\0")
                if b"serve" in command:
                    return int(entry.name)
    raise SystemExit(f"no kgraph serve process found for port {port}")


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)  # seconds, answered requests only
    errors: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # CPU seconds the server spent meanwhile


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 response (Content-Length or chunked); its status and whether the server keeps the
    connection open."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
    status = int(head.split(" ", 2)[1])
    headers = dict(line.split(":", 1) for line in head.split("\r\n")[1:] if ":" in line)
    if "chunked" in headers.get("transfer-encoding", ""):
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return status, "close" not in headers.get("connection", "")


async def _client(server: Server, request: bytes, run: Run, until: float, count: int) -> None:
    """One keep-alive client: ask until the deadline or `count` answers, whichever comes first."""
    reader = writer = None
    asked = 0
    while asked < count and time.perf_counter() < until:
        asked += 1
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, server.port)
            writer.write(request)
            status, keep = await asyncio.wait_for(_read_answer(reader), 60)
            if status == 200:
                run.latencies.append(time.perf_counter() - started)
            else:
                run.errors += 1
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError):
            run.errors += 1
            keep = False
        if not keep and writer is not None:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def load(server: Server, query: str, clients: int, seconds: float = 1e9, count: int = 10**9) -> Run:
    """`clients` concurrent keep-alive clients asking `query` for `seconds` or `count` answers each."""
    request = f"GET {server.target(query)} HTTP/1.1\r\nHost: {HOST}:{server.port}\r\n"
    request += "Accept: application/sparql-results+json\r\n\r\n"

    async def main() -> Run:
        run = Run()
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(*(_client(server, request.encode(), run, until, count) for _ in range(clients)))
        run.seconds = time.perf_counter() - started
        return run

    return asyncio.run(main())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(data_file: Path) -> Iterator[Server]:
    """`oxigraph serve-read-only` on a store loaded from `data_file`, on a free loopback port."""
    command = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not command:
        raise SystemExit("the oxigraph command is missing: pip install oxigraph (a test extra of kgraph)")
    with tempfile.TemporaryDirectory() as store:
        subprocess.run(
            [command, "load", "--location", store, "--file", str(data_file)], check=True, capture_output=True
        )
        port = free_port()
        process = subprocess.Popen(
            [command, "serve-read-only", "--location", store, "--bind", f"{HOST}:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):  # up to 10 s
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(f"http://{HOST}:{port}/query?query=ASK%7B%7D", timeout=1).close()
                    break
                time.sleep(0.1)
            else:
                raise SystemExit("oxigraph serve-read-only did not start")
            yield Server("oxigraph", port, "/query", process.pid)
        finally:
            process.terminate()
            process.wait(timeout=10)


def catalogue_latency(server: Server, catalogue: dict, repeat: int) -> None:
    rows = []
    for name, query in sorted(catalogue.items()):
        run = load(server, query.text, clients=1, count=repeat + 1)
        times = [t * 1000 for t in run.latencies[1:]]  # the first run warms up
        if run.errors or not times:
            rows.append((name, "error", ""))
        else:
            rows.append((name, f"{statistics.median(times):.1f}", f"{percentile(times, 0.95):.1f}"))
    print(format_table(("catalogue query", "p50 ms", "p95 ms"), rows, f"kgraph: latency over {repeat} runs each"))


def sequential(servers: list[Server], query: str, total: int) -> dict[str, Run]:
    """`total` requests one after another on each server, in 10 interleaved rounds."""
    runs = {s.name: Run() for s in servers}
    for server in servers:
        load(server, query, clients=1, count=20)  # warm-up
    for _ in range(10):
        for server in servers:
            cpu = server.cpu_seconds()
            run = load(server, query, clients=1, count=max(1, total // 10))
            runs[server.name].cpu += server.cpu_seconds() - cpu
            runs[server.name].latencies += run.latencies
            runs[server.name].errors += run.errors
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, help="an existing build to serve (default: build one afresh)")
    parser.add_argument(
        "--repeat", type=int, default=10, help="runs of each catalogue query (default 10; 0 skips them)"
    )
    parser.add_argument("--sequential", type=int, default=1000, help="sequential requests per server (default 1000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each concurrent run (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="kgraph endpoint workers (default 2)")
    args = parser.parse_args()

    project = Project(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        build_dir = args.build_dir
        if build_dir is None:
            build_dir = Path(folder) / "build"
            build_project(project, build_dir)
        graph = KnowledgeGraph.open(build_dir, project.queries_dir)
        simple = SIMPLE.format(russia=graph.prefixes["kgr"] + "russia")
        started = time.perf_counter()
        with (
            running_endpoint(ROOT, build_dir, "--workers", str(args.workers)) as url,
            oxigraph_server(build_dir / "kgraph.nt") as reference,
        ):
            print(f"both servers up in {time.perf_counter() - started:.1f} s; kgraph with {args.workers} workers\n")
            port = urllib.parse.urlsplit(url).port or 0
            kgraph = Server("kgraph", port, "/sparql", kgraph_pid(port))
            if args.repeat > 0:
                catalogue_latency(kgraph, read_catalogue_queries(project.queries_dir), args.repeat)

            runs = sequential([kgraph, reference], simple, args.sequential)
            rows = [
                (
                    name,
                    len(run.latencies),
                    run.errors,
                    f"{statistics.median(run.latencies) * 1000:.2f}",
                    f"{percentile(run.latencies, 0.99) * 1000:.2f}",
                    f"{run.cpu / max(1, len(run.latencies)) * 1000:.3f}",
                )
                for name, run in runs.items()
            ]
            print()
            columns = ("server", "requests", "errors", "p50 ms", "p99 ms", "server CPU ms/query")
            print(format_table(columns, rows, "Simple SELECT, sequential"))
            ratio = statistics.median(runs["kgraph"].latencies) / statistics.median(runs["oxigraph"].latencies)
            cpu_ratio = (runs["kgraph"].cpu / len(runs["kgraph"].latencies)) / max(
                1e-9, runs["oxigraph"].cpu / len(runs["oxigraph"].latencies)
            )
            print(f"kgraph / oxigraph p50: {ratio:.2f}x (target: at most 2x); server CPU per query: {cpu_ratio:.2f}x")
            print(f"machine load average meanwhile: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")

            rows = []
            for clients in (16, 32):
                for server in (kgraph, reference):
                    run = load(server, simple, clients, seconds=args.seconds)
                    p50, p99 = statistics.median(run.latencies), percentile(run.latencies, 0.99)
                    rows.append(
                        (
                            server.name,
                            clients,
                            f"{len(run.latencies) / run.seconds:.0f}",
                            f"{p50 * 1000:.2f}",
                            f"{p99 * 1000:.2f}",
                            f"{p99 / p50:.2f}",
                            run.errors,
                        )
                    )
            title = f"Simple SELECT, concurrent keep-alive clients, {args.seconds:g} s each"
            print(format_table(("server", "clients", "req/s", "p50 ms", "p99 ms", "p99/p50", "errors"), rows, title))
            print("target for kgraph at 32 clients: 0 errors and p99/p50 under 3")
            print(f"machine load average meanwhile: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
