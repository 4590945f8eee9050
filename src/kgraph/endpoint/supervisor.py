"""The supervisor: accepts connections and hands each to a worker; stops queries past the time limit; answers
503 for a query whose worker died, and forks another worker.

It keeps a copy of every connection it hands over (the worker reports when it closes one). The workers write
which connection's query they run into a shared record (`busy`), so when a worker dies, of its memory limit or
because it was stopped at the time limit, the supervisor knows which client is owed an answer and gives it a
503 naming the reason, never a cut-off 200. A single thread with a selector: it never waits on a worker.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import selectors
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kgraph.endpoint.busy import BusyRecord, Running
from kgraph.endpoint.limits import Limits
from kgraph.endpoint.worker import CLOSED, FAILED, HANDED, READY
from kgraph.options import format_size

log = logging.getLogger("kgraph.serve")
# Signals a worker dies of when an allocation fails (Rust aborts) or the kernel's OOM killer steps in.
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS}
_START_SECONDS = 60  # for a worker to say it is ready


class WorkerStartError(Exception):
    """A worker could not start with the graph."""


# A function that runs in a forked child: makes the worker from its channel and busy record, never returns.
Launch = Callable[[socket.socket, BusyRecord], None]


@dataclass(eq=False)
class _Worker:
    pid: int
    channel: socket.socket
    record: BusyRecord
    connections: dict[int, socket.socket] = field(default_factory=dict)
    ready: bool = False
    stopped_at_time_limit: Running | None = None


class Supervisor:
    """Worker processes forked from this one, each answering HTTP on the connections this one accepts."""

    def __init__(self, listener: socket.socket, limits: Limits, size: int, launch: Launch):
        self.listener, self.limits, self.size, self.launch = listener, limits, size, launch
        self.workers: list[_Worker] = []
        self.selector = selectors.DefaultSelector()
        self.ids = itertools.count(1)
        self.failures = 0  # replacements in a row that did not start
        self.between: list[socket.socket] = []  # connections taken from a dead worker, not yet handed on

    def run(self, ready: Callable[[str, int], None] | None = None) -> None:
        """Start the workers (WorkerStartError if they cannot), call `ready(host, port)`, then serve until
        interrupted (KeyboardInterrupt, or SystemExit on SIGTERM); the workers are stopped on the way out."""
        previous = signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            for _ in range(self.size):
                self._fork()
            self._await_start()
            self.listener.setblocking(False)
            self.selector.register(self.listener, selectors.EVENT_READ)
            if ready:
                ready(*self.listener.getsockname()[:2])
            tick = min(0.1, self.limits.timeout / 10)
            while True:
                for key, _ in self.selector.select(tick):
                    if key.fileobj is self.listener:
                        self._accept()
                    else:
                        self._hear(key.data)
                self._stop_overruns()
        finally:
            signal.signal(signal.SIGTERM, previous)
            self.close()

    def close(self) -> None:
        """Kill every worker and close every connection."""
        for worker in self.workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(worker.pid, 0)
            self._drop(worker)
        self.workers.clear()
        for connection in self.between:
            connection.close()
        self.selector.close()

    def _fork(self) -> _Worker:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        record = BusyRecord()
        pid = os.fork()
        if pid == 0:  # the worker: nothing of the supervisor's but the graph and the application
            try:
                ours.close()
                self.listener.close()
                self.selector.close()
                for worker in self.workers:
                    self._drop(worker)
                for connection in self.between:
                    connection.close()
                self.launch(theirs, record)
            finally:
                os._exit(70)
        theirs.close()
        worker = _Worker(pid, ours, record)
        self.workers.append(worker)
        self.selector.register(ours, selectors.EVENT_READ, worker)
        return worker

    def _await_start(self) -> None:
        deadline = time.monotonic() + _START_SECONDS
        while not all(worker.ready for worker in self.workers):
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkerStartError(f"the query workers did not start within {_START_SECONDS} s")
            for key, _ in self.selector.select(left):
                worker = key.data
                for message in _messages(worker.channel):
                    if message == READY:
                        worker.ready = True
                    elif message.startswith(FAILED):
                        raise WorkerStartError(f"a query worker could not start: {message[1:].decode()}")
                    elif not message:
                        code = _reap(worker.pid)
                        raise WorkerStartError(f"a query worker stopped while starting (exit {code})")

    def _accept(self) -> None:
        for _ in range(64):  # at a time, so that the workers are heard between bursts
            try:
                connection, _ = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:  # out of file descriptors, most often: the client's connection waits
                log.warning("cannot accept a connection: %s", error)
                return
            self._hand_over(connection)

    def _hand_over(self, connection: socket.socket) -> None:
        """Give the connection to the worker with the fewest, preferring one that runs no query."""
        identifier = next(self.ids)  # increasing: a worker takes its connections in the order they were handed
        candidates = sorted(self.workers, key=lambda w: (w.record.running() is not None, len(w.connections)))
        for worker in candidates:
            try:
                socket.send_fds(worker.channel, [HANDED.pack(identifier)], [connection.fileno()], socket.MSG_DONTWAIT)
            except OSError:  # its queue is full (it runs a long query) or it is gone: try the next
                continue
            worker.connections[identifier] = connection
            return
        _answer_and_close(connection, 503, "All query workers are busy; try again shortly.", False)

    def _hear(self, worker: _Worker) -> None:
        for message in _messages(worker.channel):
            if message.startswith(b"C") and len(message) == CLOSED.size:
                _, identifier = CLOSED.unpack(message)
                connection = worker.connections.pop(identifier, None)
                if connection is not None:
                    connection.close()
            elif message == READY:
                worker.ready, self.failures = True, 0
            elif message.startswith(FAILED):
                log.error("a query worker could not start: %s", message[1:].decode(errors="replace"))
            elif not message:
                self._replace(worker)
                return

    def _stop_overruns(self) -> None:
        now = time.monotonic()
        for worker in self.workers:
            running = worker.record.running()
            if running and now - running.started > self.limits.timeout and not worker.stopped_at_time_limit:
                worker.stopped_at_time_limit = running
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.pid, signal.SIGKILL)

    def _replace(self, worker: _Worker) -> None:
        """The worker has ended: answer the query it was running, close its connections, fork another."""
        code = _reap(worker.pid)
        running = worker.record.running()
        if running is not None and running.connection in worker.connections:
            connection = worker.connections.pop(running.connection)
            if running == worker.stopped_at_time_limit:
                message = f"The query ran past the time limit of {self.limits.timeout:g} s (--timeout) and was stopped."
            else:
                message = self._death_message(code)
            _answer_and_close(connection, 503, message, running.from_page)
        if not worker.stopped_at_time_limit:
            log.warning("a query worker stopped (exit %s); starting another", code)
        # Connections it never took from its channel are untouched: another worker can answer them. The others
        # may hold a request it had read, or part of an answer: they are closed (by _drop).
        taken = worker.record.last_received()
        self.between = [c for i, c in sorted(worker.connections.items()) if i > taken]
        worker.connections = {i: c for i, c in worker.connections.items() if i <= taken}
        self.workers.remove(worker)
        self._drop(worker)
        if not worker.ready:
            self.failures += 1
        if self.failures >= 3:
            log.error("three query workers in a row did not start; %d left", len(self.workers))
            if not self.workers:
                raise WorkerStartError("no query worker could be started")
        else:
            self._fork()
        between, self.between = self.between, []
        for connection in between:
            self._hand_over(connection)

    def _drop(self, worker: _Worker) -> None:
        with contextlib.suppress(KeyError, ValueError, RuntimeError):
            self.selector.unregister(worker.channel)
        worker.channel.close()
        for connection in worker.connections.values():
            connection.close()
        worker.connections.clear()
        worker.record.close()

    def _death_message(self, code: int) -> str:
        limit = format_size(self.limits.max_memory)
        if -code in _MEMORY_SIGNALS:
            cause = f"most likely it reached the memory limit of {limit} per worker (--max-memory)"
        else:
            cause = f"it exited with code {code}; the memory limit is {limit} per worker (--max-memory)"
        return f"The query stopped its worker process: {cause}. Simplify the query; the worker has been replaced."


def _messages(channel: socket.socket) -> list[bytes]:
    """The messages waiting on a channel; an empty one last if the other end has gone."""
    messages = []
    while True:
        try:
            message = channel.recv(4096, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return messages
        except OSError:
            message = b""
        messages.append(message)
        if not message:
            return messages


def _reap(pid: int) -> int:
    """Wait for the process to end; its exit code, negative for a signal."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return 0
    return os.waitstatus_to_exitcode(status)


def _answer_and_close(connection: socket.socket, status: int, message: str, from_page: bool) -> None:
    body = f"{message}\n".encode()
    reason = {503: "Service Unavailable"}.get(status, "Error")
    head = f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {len(body)}\r\n"
    head += "x-content-type-options: nosniff\r\n" + ("access-control-allow-origin: *\r\n" if from_page else "")
    with contextlib.suppress(OSError):
        connection.settimeout(1)
        connection.sendall(f"{head}connection: close\r\n\r\n".encode() + body)
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
