"""HTTP in the workers: uvicorn's protocol on httptools (llhttp, in C) for each connection handed over, with a
deadline for request heads; and the listening socket, bound here.

uvicorn parses requests (a malformed one gets 400 and one line in the log), closes keep-alive connections
idle for `idle_timeout` seconds and answers 503 past `MAX_CONNECTIONS`. Its keep-alive timer stops at a
connection's first byte, though, and never starts on a connection that sends nothing, and httptools puts no
bound on a request's head: `HeadDeadline` adds both, a head must arrive whole within `idle_timeout` seconds
and within `MAX_HEAD` bytes. httptools rather than h11 (pure Python): it halves the front's CPU time per query.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from email.utils import formatdate

import httptools
import uvicorn
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

BACKLOG = 1024  # connections the kernel queues before the server accepts them (capped by net.core.somaxconn)
MAX_CONNECTIONS = 1024  # open connections (or requests in progress) past which requests get 503
MAX_HEAD = 64 * 1024  # bytes of a request line and headers (a long GET query lives there)


class HeadDeadline:
    """A deadline and a size cap for the head of each request, counted from the connection's start or the end of
    the previous answer, whatever the client sends meanwhile; mixed into uvicorn's HTTP protocols."""

    _head_deadline: asyncio.TimerHandle | None = None
    _head_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)  # type: ignore[misc]
        self._arm_head_deadline()

    def data_received(self, data: bytes) -> None:
        waiting_for, deadline = self.cycle, self._head_deadline
        super().data_received(data)  # type: ignore[misc]
        if self.cycle is not waiting_for:  # a new request's head has arrived
            self._disarm_head_deadline()
        elif self._head_deadline is not None and self._head_deadline is deadline:  # (not one answered meanwhile)
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD:
                self._refuse(431, "Request Header Fields Too Large", f"The request head is over {MAX_HEAD} bytes.")

    def on_headers_complete(self) -> None:
        self._check_head_size()
        super().on_headers_complete()  # type: ignore[misc]

    def _check_head_size(self) -> None:
        if len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers) > MAX_HEAD:
            # raised inside the parser's callback: httptools reports a parse error, uvicorn answers 400 and closes
            raise ValueError(f"request head over {MAX_HEAD} bytes")

    def on_response_complete(self) -> None:
        answered = self.cycle
        super().on_response_complete()  # type: ignore[misc]
        if self.cycle is answered and not self.transport.is_closing():
            self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_deadline()
        super().connection_lost(exc)  # type: ignore[misc]

    def _arm_head_deadline(self) -> None:
        self._disarm_head_deadline()
        self._head_bytes = 0
        self._head_deadline = self.loop.call_later(self.timeout_keep_alive, self._head_too_late)

    def _disarm_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_late(self) -> None:
        self._head_deadline = None
        self._refuse(408, "Request Timeout", f"No complete request within {self.timeout_keep_alive:g} s.")

    def _refuse(self, status: int, reason: str, message: str) -> None:
        self._disarm_head_deadline()
        if self.transport.is_closing():
            return
        body = f"{message}\n".encode()
        head = f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
        self.transport.write(f"{head}content-length: {len(body)}\r\n\r\n".encode() + body)
        self.transport.close()


class WorkerHttpProtocol(HeadDeadline, HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol on httptools with head deadlines, for one connection the supervisor handed over:
    its requests carry the connection's id (`CONNECTION` in the ASGI scope), and its end is reported to `closed`."""

    connection_id = 0
    closed: Callable[[int], None] = staticmethod(lambda connection: None)  # type: ignore[assignment]
    quick: QuickAnswer | None = None
    answered = False  # the request being parsed has been answered by `quick`

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(CoalescedWrites(transport, self.loop))  # type: ignore[arg-type]

    def on_message_begin(self) -> None:
        self.answered = False
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        if self._answer_quickly():
            return
        super().on_headers_complete()
        self.scope[CONNECTION] = self.connection_id  # type: ignore[literal-required]

    def on_body(self, body: bytes) -> None:
        if not self.answered:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self.answered:
            super().on_message_complete()

    def _answer_quickly(self) -> bool:
        """Answer a plain GET that `quick` knows here, in the parser's callback, as uvicorn would through an ASGI
        task and its request-response cycle (they cost more than the query). Anything else is left to uvicorn: a
        request with a body, while an answer is in progress (pipelining), past the connection limit, an upgrade."""
        if (
            self.quick is None
            or self.parser.get_method() != b"GET"
            or (self.cycle is not None and not self.cycle.response_complete)
            or any(name in (b"content-length", b"transfer-encoding") for name, _ in self.headers)
            or self.parser.should_upgrade()
            or (self.limit_concurrency is not None and len(self.connections) >= self.limit_concurrency)
        ):
            return False
        self._check_head_size()
        url = httptools.parse_url(self.url)
        answer = self.quick(url.path, url.query or b"", self.headers, self.connection_id)
        if answer is None:
            return False
        status, headers, body = answer
        self.answered = True
        self._disarm_head_deadline()
        close = self.parser.get_http_version() == "1.0" or not self.parser.should_keep_alive()
        close = close or (b"connection", b"close") in headers
        content = [STATUS_LINE[status]]
        for name, value in (*self.server_state.default_headers, *headers):
            content += [name, b": ", value, b"\r\n"]
        if close and (b"connection", b"close") not in headers:
            content.append(b"connection: close\r\n")
        content += [b"\r\n", body]
        self.transport.flush()  # type: ignore[attr-defined]  (an answer to a request before this one, if any)
        self.transport.transport.write(b"".join(content))  # type: ignore[attr-defined]  (whole: nothing to coalesce)
        if close:
            self.transport.close()
        self.on_response_complete()
        return True

    def on_response_complete(self) -> None:
        self.transport.flush()  # type: ignore[attr-defined]
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        # The supervisor holds a copy of the socket: end the connection now rather than when it closes its copy.
        with contextlib.suppress(OSError, ValueError):
            fd = self.transport.get_extra_info("socket").fileno()
            with socket.socket(fileno=os.dup(fd)) as copy:  # a copy: uvloop's socket object cannot shut down
                copy.shutdown(socket.SHUT_RDWR)
        self.closed(self.connection_id)


CONNECTION = "kgraph.connection"
# (path, query string, headers, connection id) -> (status, headers, body), or None if it is not one to answer
Headers = list[tuple[bytes, bytes]]
QuickAnswer = Callable[[bytes, bytes, Headers, int], tuple[int, Headers, bytes] | None]


class CoalescedWrites:
    """A connection's transport that sends what is written in one turn of the event loop together: uvicorn writes
    an answer's head and its body separately, which would otherwise cost two system calls and two packets."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop):
        self.transport, self.loop = transport, loop
        self.pending: list[bytes] = []
        self.later: asyncio.Handle | None = None

    def write(self, data: bytes) -> None:
        if not self.pending:
            self.later = self.loop.call_soon(self.flush)
        self.pending.append(data)

    def flush(self) -> None:
        """Send what is pending now (the protocol calls this as an answer completes)."""
        if self.pending:
            data, self.pending = b"".join(self.pending), []
            self.later.cancel()  # type: ignore[union-attr]
            self.transport.write(data)

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def __getattr__(self, name: str) -> object:
        return getattr(self.transport, name)


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port and listening with BACKLOG; OSError if the address cannot be had."""
    family, kind, protocol, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = socket.socket(family, kind, protocol)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
        listener.listen(BACKLOG)
    except OSError:
        listener.close()
        raise
    return listener


def connection_protocols(
    app: Callable, idle_timeout: float, closed: Callable[[int], None], quick: QuickAnswer | None = None
) -> Callable[[int], asyncio.Protocol]:
    """A maker of protocols for `app`, one per connection id: httptools with head deadlines, no access log,
    warnings only, a Date header on every answer. Call it in the worker's running event loop."""
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    config = uvicorn.Config(
        app,
        http=WorkerHttpProtocol,
        lifespan="off",
        log_config=None,
        log_level="warning",
        access_log=False,
        proxy_headers=False,  # nothing here reads the client's address
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=idle_timeout,  # type: ignore[arg-type]
        server_header=False,
    )
    config.load()
    state = ServerState()
    loop = asyncio.get_running_loop()

    def date() -> None:  # as uvicorn's server does: once a second, not on every answer
        state.default_headers = [(b"date", formatdate(time.time(), usegmt=True).encode()), *config.encoded_headers]
        loop.call_later(1, date)

    date()

    def protocol(connection: int) -> asyncio.Protocol:
        made = WorkerHttpProtocol(config=config, server_state=state, app_state={}, _loop=loop)
        made.connection_id, made.closed, made.quick = connection, closed, quick
        return made

    return protocol
