"""A query worker: a process forked from the server with the graph in memory. It answers HTTP on the connections
the supervisor hands it and runs each query itself, so a query costs no trip between processes.

Its address space is capped (RLIMIT_AS): a query that would take the machine's memory makes the worker fail
instead, and the supervisor, which holds a copy of every connection, answers that query 503 and forks another.
A query runs on the worker's event loop, one at a time; the supervisor stops one past the time limit (`busy`).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
import socket
import struct
from collections.abc import Callable
from typing import NoReturn

import pyoxigraph as ox

from kgraph.endpoint.busy import BusyRecord
from kgraph.endpoint.http import QuickAnswer, connection_protocols
from kgraph.endpoint.limits import Limits
from kgraph.endpoint.negotiation import negotiate
from kgraph.options import MIB, format_size
from kgraph.results import MEDIA_TYPES, TooManyResults, serialize_capped
from kgraph.sparql_guard import RefusedQuery, check_local_query

TEXT = "text/plain; charset=utf-8"
log = logging.getLogger("kgraph.serve")

# Messages on the channel between the supervisor and a worker (a SOCK_SEQPACKET pair: one message per send).
READY = b"R"  # worker -> supervisor: taking connections
FAILED = b"E"  # worker -> supervisor: could not start; the reason follows
CLOSED = struct.Struct("=cQ")  # worker -> supervisor: b"C" and the id of a connection it closed
HANDED = struct.Struct("=Q")  # supervisor -> worker: a connection's id, its socket in the message's SCM_RIGHTS


class QueryRunner:
    """Runs queries on the graph within the limits, recording each in the worker's busy record."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str], limits: Limits, record: BusyRecord):
        self.store, self.prefixes, self.limits, self.record = store, prefixes, limits, record
        self.retire: Callable[[], None] = lambda: None

    def answer(self, query: str, accept: str, connection: int, from_page: bool) -> tuple[int, str, bytes, bool]:
        """(status, content type, body, close) for one query; `close` ends the connection and then this worker.
        A refused query (SERVICE, FROM, an update) gets 400 before it runs."""
        try:
            check_local_query(query)
        except RefusedQuery as error:
            return 400, TEXT, f"Query refused: {error}\n".encode(), False
        self.record.start(connection, from_page)
        try:
            result = self.store.query(query, prefixes=self.prefixes, use_default_graph_as_union=True)
            fmt = negotiate(accept, isinstance(result, ox.QueryTriples))
            return 200, MEDIA_TYPES[fmt], serialize_capped(result, fmt, self.limits.max_rows), False
        except SyntaxError as error:
            return 400, TEXT, f"Query syntax error: {error}\n".encode(), False
        except TooManyResults as error:
            return 413, TEXT, f"{error}\n".encode(), False
        except MemoryError:
            self.retire()
            limit = format_size(self.limits.max_memory)
            message = f"The query needed more than the memory limit of {limit} per worker (--max-memory)"
            return 503, TEXT, f"{message} and was stopped.\n".encode(), True
        except Exception as error:
            return 500, TEXT, f"Query failed: {error}\n".encode(), False
        finally:
            self.record.finish()


# The worker's ASGI application and what its HTTP protocol answers itself, for the worker's QueryRunner.
MakeApp = Callable[["QueryRunner"], tuple[Callable, QuickAnswer]]


def run_worker(channel: socket.socket, runner: QueryRunner, make_app: MakeApp) -> NoReturn:
    """The forked worker's whole life: cap its memory, answer on the connections handed to it until the
    supervisor goes away (or a query leaves it short of memory), then exit."""
    code = 0
    try:
        # Ctrl-C in a terminal reaches the whole process group: the supervisor stops its workers itself.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.dup2(2, 1)  # anything a library prints goes to stderr, never into the server's own output
        problem = _limit_memory(runner.limits.max_memory)
        if problem:
            channel.send(FAILED + problem.encode())
            code = 2
        else:
            _event_loop_run()(_serve_connections(channel, runner, make_app))
    except MemoryError:
        with contextlib.suppress(OSError):
            limit = format_size(runner.limits.max_memory)
            channel.send(FAILED + f"it ran out of memory while starting, under the limit of {limit}".encode())
        code = 2
    except BaseException as error:  # a worker must always end in os._exit
        with contextlib.suppress(BaseException):
            log.error("a query worker failed: %s: %s", type(error).__name__, error)
        code = 1
    finally:
        os._exit(code)


async def _serve_connections(channel: socket.socket, runner: QueryRunner, make_app: MakeApp) -> None:
    loop = asyncio.get_running_loop()
    finished: asyncio.Future[None] = loop.create_future()

    def stop() -> None:
        if not finished.done():
            finished.set_result(None)

    # after a MemoryError: let the answer go out, then make way for a fresh process
    runner.retire = lambda: loop.call_later(0.2, stop)

    def closed(connection: int) -> None:
        with contextlib.suppress(OSError):
            channel.send(CLOSED.pack(b"C", connection))

    app, quick = make_app(runner)
    protocol_for = connection_protocols(app, runner.limits.idle_timeout, closed, quick)
    opening: set[asyncio.Task] = set()

    def receive() -> None:
        while True:
            try:
                # recvmsg, not socket.recv_fds: that one drops its flags before Python 3.12
                message, ancillary, _, _ = channel.recvmsg(HANDED.size, _FD_SPACE, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return
            except OSError:
                message, ancillary = b"", []
            fds = [fd for level, kind, data in ancillary if kind == socket.SCM_RIGHTS for fd in _ints(data)]
            if not message:  # the supervisor has gone
                loop.remove_reader(channel.fileno())
                stop()
                return
            (connection,) = HANDED.unpack(message)
            runner.record.receive(connection)
            sock = socket.socket(fileno=fds[0])
            task = loop.create_task(loop.connect_accepted_socket(lambda c=connection: protocol_for(c), sock))
            opening.add(task)
            task.add_done_callback(opening.discard)

    loop.add_reader(channel.fileno(), receive)
    channel.send(READY)
    await finished


def _event_loop_run() -> Callable:
    """uvloop's `run` where it is installed (its loop costs less per request), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    return uvloop.run


_FD_SPACE = socket.CMSG_SPACE(struct.calcsize("i"))


def _ints(data: bytes) -> list[int]:
    return list(struct.unpack(f"{len(data) // 4}i", data[: len(data) - len(data) % 4]))


def _limit_memory(max_bytes: int) -> str | None:
    """Cap this process's address space (on POSIX systems; elsewhere there is no such limit); the reason it
    cannot be had if the process already takes more."""
    try:
        import resource
    except ImportError:
        return None
    taken = _address_space()
    if taken is not None and taken >= max_bytes:
        return (
            f"the graph and the server already take {taken / MIB:.0f} MiB of address space, over the memory "
            f"limit of {format_size(max_bytes)} per worker (--max-memory)"
        )
    # glibc reserves 64 MiB of address space per malloc arena, and makes one per thread (the page handlers run
    # in threads): cap the arenas, or a many-core machine reaches the limit with memory to spare.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(-8, 2)  # M_ARENA_MAX
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))
    return None


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None
