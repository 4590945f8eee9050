"""Serve: a read-only SPARQL 1.1 Protocol endpoint over the build, with an offline query page.

Worker processes, forked from this one once it holds the graph, each answer HTTP (uvicorn's protocol on httptools,
Starlette for routing) on the connections this process accepts and hands them, and run each query themselves,
under a memory limit (`kgraph.endpoint`). This process, the supervisor, stops a query that runs past the time
limit and answers it 503, never a cut-off 200, and likewise a query whose worker died of its memory limit; then
it forks another worker. No query can make a network request (`sparql_guard` refuses SERVICE, FROM and updates
before a query runs).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kgraph.endpoint.app import endpoint_app, quick_answers
from kgraph.endpoint.busy import BusyRecord
from kgraph.endpoint.http import QuickAnswer, listening_socket
from kgraph.endpoint.limits import Limits
from kgraph.endpoint.pages import PageResponder
from kgraph.endpoint.supervisor import Supervisor, WorkerStartError
from kgraph.endpoint.worker import QueryRunner, run_worker

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
    store: ox.Store | None = None,
) -> None:
    """Run the endpoint until interrupted; `ready(host, port)` is called once it listens and its workers are up.
    `front_page` is served at `/`; `pages` answers GET on the graph's own IRIs. `store`, if given, holds
    `data_file` already (the pages' graph): the workers share it rather than a second copy.

    Raises OSError if the address cannot be had or `data_file` read, WorkerStartError if the workers cannot start
    (their memory limit is too small for the graph, most often).
    """
    limits = limits or Limits()
    _log_to_stderr()
    if store is None:
        store = ox.Store()
        try:
            store.bulk_load(path=str(data_file), format=ox.RdfFormat.from_extension(data_file.suffix[1:]))
        except (OSError, SyntaxError) as error:
            raise WorkerStartError(f"the graph in {data_file} cannot be read: {error}") from None

    def applications(runner: QueryRunner) -> tuple[Callable, QuickAnswer]:
        return endpoint_app(runner, front_page, graph_page, limits, pages), quick_answers(runner)

    def launch(channel, record: BusyRecord) -> None:
        runner = QueryRunner(store, prefixes, limits, record)
        run_worker(channel, runner, applications)

    _more_file_descriptors()
    listener = listening_socket(host, port)
    # What start-up made lives as long as the server: keep it out of the collector's full passes, which would
    # otherwise stall answers for tens of milliseconds (and, in the workers, copy the pages they share).
    gc.freeze()
    try:
        Supervisor(listener, limits, workers, launch).run(ready)
    finally:
        listener.close()


def _more_file_descriptors() -> None:
    """The supervisor holds a copy of every open connection: raise its file limit as far as it may go."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))


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
