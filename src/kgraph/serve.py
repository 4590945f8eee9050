"""Serve: a read-only SPARQL 1.1 Protocol endpoint over the build, with an offline query page.

Starlette on uvicorn answers HTTP; each query runs in a worker process that holds the graph in Oxigraph
(`kgraph.endpoint`). A query that runs past the time limit has its worker killed and replaced, and the client
gets 503, never a cut-off 200; the other workers keep answering meanwhile. No query can make a network
request (`sparql_guard` refuses SERVICE and updates before a worker sees them).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import re
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

from kgraph.endpoint.app import endpoint_app
from kgraph.endpoint.http import http_server, listening_socket
from kgraph.endpoint.limits import Limits
from kgraph.endpoint.pages import PageResponder
from kgraph.endpoint.pool import WorkerPool, WorkerStartError

__all__ = ["Limits", "PageResponder", "WorkerStartError", "running_endpoint", "serve"]


def serve(
    data_file: Path,
    prefixes: dict[str, str],
    front_page: bytes,
    host: str = "127.0.0.1",
    port: int = 7878,
    limits: Limits | None = None,
    workers: int = 2,
    graph_page: Path | None = None,
    ready: Callable[[str, int], None] | None = None,
    pages: PageResponder | None = None,
) -> None:
    """Run the endpoint until interrupted; `ready(host, port)` is called once it listens and its workers are up.
    `front_page` is served at `/`; `pages` answers GET on the graph's own IRIs.

    Raises OSError if the address cannot be had, WorkerStartError if the workers cannot load the graph.
    """
    limits = limits or Limits()
    _log_to_stderr()
    listener = listening_socket(host, port)
    try:
        asyncio.run(_serve(listener, data_file, prefixes, front_page, limits, workers, graph_page, ready, pages))
    finally:
        listener.close()


async def _serve(
    listener,
    data_file: Path,
    prefixes: dict[str, str],
    front_page: bytes,
    limits: Limits,
    workers: int,
    graph_page: Path | None,
    ready: Callable[[str, int], None] | None,
    pages: PageResponder | None,
) -> None:
    pool = await WorkerPool.start(data_file, prefixes, limits, workers)

    @contextlib.asynccontextmanager
    async def lifespan(app) -> AsyncIterator[None]:
        # What start-up made (all of kgraph and rdflib are imported) lives as long as the server: keep it out of
        # the garbage collector's full passes, which would otherwise stall answers for tens of milliseconds.
        gc.freeze()
        if ready:
            ready(*listener.getsockname()[:2])
        try:
            yield
        finally:
            # before uvicorn re-raises the signal that stopped it
            await pool.close()

    app = endpoint_app(pool, front_page, graph_page, limits, lifespan, pages)
    try:
        await http_server(app, limits.idle_timeout).serve(sockets=[listener])
    finally:
        await pool.close()


def _log_to_stderr() -> None:
    for name in ("uvicorn", "kgraph.serve"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("kgraph serve: %(message)s"))
            logger.addHandler(handler)
            logger.propagate = False


@contextlib.contextmanager
def running_endpoint(root: Path, build_dir: Path, *options: str, log: Path | None = None) -> Iterator[str]:
    """Start `kgraph serve` in a child process on a free loopback port; yield its base URL, then stop it.

    The server's stderr goes to `log` (a temporary file if not given), so that a chatty server never blocks on
    a full pipe.
    """
    command = [sys.executable, "-m", "kgraph", "--root", str(root), "-q", "serve", "--build-dir", str(build_dir)]
    command += ["--port", "0", *options]
    with contextlib.ExitStack() as stack:
        if log is None:
            log = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "serve.log"
        errors = stack.enter_context(log.open("wb"))
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
        try:
            line = process.stdout.readline() if process.stdout else ""
            match = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", line)
            if not match:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
                raise RuntimeError(f"the endpoint did not start: {line}{log.read_text(errors='replace')}")
            yield match.group(1)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout:
                process.stdout.close()
