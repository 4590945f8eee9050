"""The HTTP server: uvicorn (h11) on a socket bound here, with a deadline for each request's head.

uvicorn parses requests (a malformed one gets 400 and one line in the log), closes keep-alive connections
idle for `idle_timeout` seconds and answers 503 past `MAX_CONNECTIONS`. Its keep-alive timer stops at a
connection's first byte, though, and never starts on a connection that sends nothing; `HeadDeadlineH11Protocol`
closes such connections too: a request's head must arrive whole within `idle_timeout` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

BACKLOG = 1024  # connections the kernel queues before the server accepts them (capped by net.core.somaxconn)
MAX_CONNECTIONS = 1024  # open connections (or requests in progress) past which requests get 503
MAX_HEAD = 64 * 1024  # bytes of a request line and headers (a long GET query lives there)
_TIMEOUT_REPLY = b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"


class HeadDeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, plus a deadline for the head of each request, counted from the connection's start
    or the end of the previous answer, whatever the client sends meanwhile."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_deadline: asyncio.TimerHandle | None = None
        self._arm_head_deadline()

    def data_received(self, data: bytes) -> None:
        waiting_for = self.cycle
        super().data_received(data)
        if self.cycle is not waiting_for:  # a new request's head has arrived
            self._disarm_head_deadline()

    def on_response_complete(self) -> None:
        answered = self.cycle
        super().on_response_complete()
        if self.cycle is answered and not self.transport.is_closing():
            self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_deadline()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        self._disarm_head_deadline()
        self._head_deadline = self.loop.call_later(self.timeout_keep_alive, self._head_too_late)

    def _disarm_head_deadline(self) -> None:
        if getattr(self, "_head_deadline", None) is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_late(self) -> None:
        self._head_deadline = None
        if self.transport.is_closing():
            return
        message = f"No complete request within {self.timeout_keep_alive:g} s.\n".encode()
        self.transport.write(_TIMEOUT_REPLY + b"content-length: %d\r\n\r\n" % len(message) + message)
        self.transport.close()


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


def http_server(app: Callable, idle_timeout: float) -> uvicorn.Server:
    """A uvicorn server for `app`: h11 with head deadlines, no access log, warnings only."""
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    config = uvicorn.Config(
        app,
        http=HeadDeadlineH11Protocol,
        lifespan="on",
        log_config=None,
        log_level="warning",
        access_log=False,
        backlog=BACKLOG,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=idle_timeout,  # type: ignore[arg-type]
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=MAX_HEAD,
        server_header=False,
    )
    return uvicorn.Server(config)
