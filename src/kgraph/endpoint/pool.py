"""The pool of query workers: one query per worker at a time, a time limit on each, a replacement for each lost one.

A query that runs past the time limit has its worker killed, and the client gets 503 with the reason: never a
cut-off 200. A worker that dies (most often at its memory limit) is replaced the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from kgraph.endpoint.frames import json_frame, read_frame_async
from kgraph.endpoint.limits import Limits, format_size

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


class _Worker:
    """The parent's handle on one worker process."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.stdin: asyncio.StreamWriter = process.stdin  # type: ignore[assignment]
        self.stdout: asyncio.StreamReader = process.stdout  # type: ignore[assignment]

    @classmethod
    async def start(cls, settings: dict) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kgraph.endpoint.worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        worker = cls(process)
        try:
            worker.stdin.write(json_frame(settings))
            await worker.stdin.drain()
            reply = json.loads(await read_frame_async(worker.stdout))
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            code = await worker.stop()
            raise WorkerStartError(
                f"a query worker stopped while loading the graph (exit {code}); is --max-memory too small?"
            ) from error
        except BaseException:
            worker.kill()
            raise
        if "error" in reply:
            await worker.stop()
            raise WorkerStartError(f"a query worker could not load the graph: {reply['error']}")
        return worker

    async def ask(self, query: str, accept: str) -> tuple[dict, bytes]:
        self.stdin.write(json_frame({"query": query, "accept": accept}))
        await self.stdin.drain()
        head = json.loads(await read_frame_async(self.stdout))
        return head, await read_frame_async(self.stdout)

    def kill(self) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()

    async def stop(self) -> int:
        """Kill the process (if it still runs) and reap it; its exit code, negative for a signal."""
        self.kill()
        return await self.process.wait()


class WorkerPool:
    """Worker processes holding the graph; `run` gives a query to an idle one, within the time limit."""

    def __init__(self, settings: dict, limits: Limits, workers: list[_Worker]):
        self.settings, self.limits = settings, limits
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.all = set(workers)
        self.replacing: set[asyncio.Task] = set()
        self.closed = False
        for worker in workers:
            self.idle.put_nowait(worker)

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
            worker = await asyncio.wait_for(self.idle.get(), self.limits.timeout)
        except asyncio.TimeoutError:
            return Answer(503, TEXT, b"All query workers are busy; try again shortly.\n")
        try:
            head, body = await asyncio.wait_for(worker.ask(query, accept), self.limits.timeout)
        except asyncio.TimeoutError:
            self._replace(worker)
            message = f"The query ran past the time limit of {self.limits.timeout:g} s (--timeout) and was stopped.\n"
            return Answer(503, TEXT, message.encode())
        except (asyncio.IncompleteReadError, ConnectionError):
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
            self.idle.put_nowait(worker)
        return Answer(head["status"], head["type"], body)

    def _death_message(self, code: int) -> str:
        limit = format_size(self.limits.max_memory)
        if -code in _MEMORY_SIGNALS:
            cause = f"most likely it reached the memory limit of {limit} per worker (--max-memory)"
        else:
            cause = f"it exited with code {code}; the memory limit is {limit} per worker (--max-memory)"
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
            self.idle.put_nowait(worker)
            return

    async def close(self) -> None:
        """Stop every worker, including those being started."""
        self.closed = True
        for task in list(self.replacing):
            task.cancel()
        for worker in list(self.all):
            await worker.stop()
        self.all.clear()
