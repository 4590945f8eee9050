"""The pool of query workers: one query per worker at a time, a time limit on each, a replacement for each lost one.

A query that runs past the time limit has its worker killed, and the client gets 503 with the reason: never a
cut-off 200. A worker that dies (most often at its memory limit) is replaced the same way.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kgraph.endpoint.frames import FrameBuffer, json_frame
from kgraph.endpoint.limits import Limits
from kgraph.options import format_size

log = logging.getLogger("kgraph.serve")
TEXT = "text/plain; charset=utf-8"
# Signals a worker dies of when an allocation fails (Rust aborts) or the kernel's OOM killer steps in.
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV}


@dataclass(frozen=True)
class Answer:
    """What the endpoint sends back for one query."""

    status: int
    content_type: str
    body: bytes


class WorkerStartError(Exception):
    """A worker could not load the graph."""


class WorkerLost(Exception):
    """The worker process ended before it answered."""


class QueryTimedOut(Exception):
    """The query ran past the time limit; its worker was killed."""


class _Worker(asyncio.SubprocessProtocol):
    """The parent's end of one worker process: frames out on its stdin, frames in from its stdout.

    A protocol rather than asyncio streams and wait_for: a query costs two callbacks and one timer, which
    keeps the endpoint's own overhead per query well under Oxigraph's time for a simple query.
    """

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.frames = FrameBuffer()
        self.waiter: asyncio.Future[list[bytes]] | None = None
        self.wanted = 0
        self.exited: asyncio.Future[int] = self.loop.create_future()
        self.transport: asyncio.SubprocessTransport | None = None

    @classmethod
    async def start(cls, settings: dict) -> _Worker:
        loop = asyncio.get_running_loop()
        command = (sys.executable, "-m", "kgraph.endpoint.worker")
        # RLIMIT_AS counts address space reserved, not used: glibc reserves 64 MiB per malloc arena and makes an
        # arena per thread (Oxigraph's bulk loader runs several), so cap the arenas or a many-core machine
        # would reach --max-memory while loading.
        environment = {**os.environ, "MALLOC_ARENA_MAX": "2"}
        _, worker = await loop.subprocess_exec(
            cls, *command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None, env=environment
        )
        try:
            (reply,) = await worker.exchange(json_frame(settings), 1)
        except WorkerLost as error:
            code = await worker.stop()
            raise WorkerStartError(
                f"a query worker stopped while loading the graph (exit {code}); is --max-memory too small?"
            ) from error
        except BaseException:
            # interrupted while loading (Ctrl-C at start): reap the process before the loop closes
            worker.kill()
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(worker.stop(), 5)
            raise
        message = json.loads(reply)
        if "error" in message:
            await worker.stop()
            raise WorkerStartError(f"a query worker could not load the graph: {message['error']}")
        return worker

    def exchange(self, message: bytes, frames: int) -> asyncio.Future[list[bytes]]:
        """Send one message; the future of the next `frames` frames the worker sends back."""
        self.waiter, self.wanted = self.loop.create_future(), frames
        if self.transport is None or self.exited.done():
            self.waiter.set_exception(WorkerLost())
        else:
            self.transport.get_pipe_transport(0).write(message)  # type: ignore[union-attr]
        return self.waiter

    async def ask(self, query: str, accept: str, timeout: float) -> tuple[dict, bytes]:
        """The worker's answer to one query: QueryTimedOut past `timeout`, WorkerLost if it dies first."""
        answer = self.exchange(json_frame({"query": query, "accept": accept}), 2)
        timer = self.loop.call_later(timeout, self._time_out)
        try:
            head, body = await answer
        finally:
            timer.cancel()
        return json.loads(head), body

    def _time_out(self) -> None:
        self._fail(QueryTimedOut())
        self.kill()

    def _fail(self, error: Exception) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(error)

    def kill(self) -> None:
        if self.transport is not None and self.transport.get_returncode() is None:
            with contextlib.suppress(ProcessLookupError):
                self.transport.kill()

    async def stop(self) -> int:
        """Kill the process (if it still runs) and wait for it; its exit code, negative for a signal."""
        self.kill()
        code = await asyncio.shield(self.exited)
        if self.transport is not None:
            self.transport.close()
        return code

    # asyncio.SubprocessProtocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def pipe_data_received(self, fd: int, data: bytes | str) -> None:
        self.frames.feed(data)  # type: ignore[arg-type]
        if self.waiter is not None and not self.waiter.done():
            frames = self.frames.take(self.wanted)
            if frames is not None:
                self.waiter.set_result(frames)

    def pipe_connection_lost(self, fd: int, exc: Exception | None) -> None:
        if fd == 1:
            self._fail(WorkerLost())

    def process_exited(self) -> None:
        self._fail(WorkerLost())
        if not self.exited.done():
            self.exited.set_result(self.transport.get_returncode())  # type: ignore[union-attr, arg-type]


class _WorkersBusy(Exception):
    """No worker came free within the time limit."""


def _give_up(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_exception(_WorkersBusy())


class WorkerPool:
    """Worker processes holding the graph; `run` gives a query to an idle one, within the time limit."""

    def __init__(self, settings: dict, limits: Limits, workers: list[_Worker]):
        self.settings, self.limits = settings, limits
        self.idle: list[_Worker] = []
        # Queries waiting for a worker, first come first served: a worker that comes free goes straight to the
        # longest waiting one (asyncio.Queue would let a newcomer take it first, and the tail latency grows).
        self.waiting: collections.deque[asyncio.Future[_Worker]] = collections.deque()
        self.all = set(workers)
        self.replacing: set[asyncio.Task] = set()
        self.closed = False
        for worker in workers:
            self._release(worker)

    @classmethod
    async def start(cls, data_file: Path, prefixes: dict[str, str], limits: Limits, size: int) -> WorkerPool:
        """Start `size` workers, each loading `data_file`; WorkerStartError if one cannot."""
        settings = {
            "data_file": str(data_file),
            "prefixes": prefixes,
            "max_rows": limits.max_rows,
            "max_memory": limits.max_memory,
        }
        started = await asyncio.gather(*(_Worker.start(settings) for _ in range(size)), return_exceptions=True)
        workers = [w for w in started if isinstance(w, _Worker)]
        failures = [e for e in started if isinstance(e, BaseException)]
        if failures:
            for worker in workers:
                await worker.stop()
            raise failures[0]
        return cls(settings, limits, workers)

    async def run(self, query: str, accept: str) -> Answer:
        """The answer to one query: the worker's, or 503 if none was free or it ran out of time or memory."""
        try:
            worker = await self._acquire()
        except _WorkersBusy:
            return Answer(503, TEXT, b"All query workers are busy; try again shortly.\n")
        try:
            head, body = await worker.ask(query, accept, self.limits.timeout)
        except QueryTimedOut:
            self._replace(worker)
            message = f"The query ran past the time limit of {self.limits.timeout:g} s (--timeout) and was stopped.\n"
            return Answer(503, TEXT, message.encode())
        except WorkerLost:
            code = await worker.stop()
            self._replace(worker)
            return Answer(503, TEXT, self._death_message(code).encode())
        except BaseException:
            # cancelled mid-query: the worker's next reply would be this query's, so it cannot be reused
            self._replace(worker)
            raise
        if head["retire"]:
            self._replace(worker)
        else:
            self._release(worker)
        return Answer(head["status"], head["type"], body)

    async def _acquire(self) -> _Worker:
        """An idle worker, or the first to come free; _WorkersBusy if none does within the time limit."""
        if self.idle:
            return self.idle.pop()
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[_Worker] = loop.create_future()
        self.waiting.append(waiter)
        timer = loop.call_later(self.limits.timeout, _give_up, waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())  # handed over just as the request was cancelled
            raise
        finally:
            timer.cancel()

    def _release(self, worker: _Worker) -> None:
        while self.waiting:
            waiter = self.waiting.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self.idle.append(worker)

    def _death_message(self, code: int) -> str:
        limit = format_size(self.limits.max_memory)
        if -code in _MEMORY_SIGNALS:
            cause = f"most likely it reached the memory limit of {limit} per worker (--max-memory)"
        else:
            cause = f"it exited with code {code}, perhaps at the memory limit of {limit} per worker (--max-memory)"
        log.warning("a query worker stopped (exit %s); starting another", code)
        return f"The query stopped its worker process: {cause}. Simplify the query; the worker has been replaced.\n"

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self.all.discard(worker)
        task = asyncio.get_running_loop().create_task(self._start_replacement(worker))
        self.replacing.add(task)
        task.add_done_callback(self.replacing.discard)

    async def _start_replacement(self, old: _Worker) -> None:
        await old.stop()
        for attempt in range(1, 4):
            if self.closed:
                return
            try:
                worker = await _Worker.start(self.settings)
            except WorkerStartError as error:
                log.error("replacing a query worker, attempt %d of 3: %s", attempt, error)
                await asyncio.sleep(attempt)
                continue
            if self.closed:
                await worker.stop()
                return
            self.all.add(worker)
            self._release(worker)
            return

    async def close(self) -> None:
        """Stop every worker, including those being started."""
        self.closed = True
        for task in list(self.replacing):
            task.cancel()
        for worker in list(self.all):
            await worker.stop()
        self.all.clear()
