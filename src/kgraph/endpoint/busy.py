"""What a worker is doing, in memory it shares with the supervisor: the connection whose query it runs, since when.

The worker writes it around each query (two stores into shared memory, no message, no system call); the
supervisor reads it to stop a query past the time limit and, when a worker dies, to answer that connection 503.
"""

from __future__ import annotations

import mmap
import struct
import time
from typing import NamedTuple

# start (time.monotonic, the same clock in every process), connection id (0: no query running), from a page (CORS)
_RECORD = struct.Struct("=dQ?")
# the last connection id the worker has taken from its channel (the supervisor hands them over in increasing order)
_RECEIVED = struct.Struct("=Q")


class Running(NamedTuple):
    """The query a worker runs: on which connection, since when, and whether the request came from a web page."""

    connection: int
    started: float
    from_page: bool


class BusyRecord:
    """One worker's record; made before the worker is forked, so that both processes see the same memory."""

    def __init__(self) -> None:
        self.memory = mmap.mmap(-1, _RECORD.size + _RECEIVED.size)

    def start(self, connection: int, from_page: bool) -> None:
        """The worker starts a query for `connection`."""
        _RECORD.pack_into(self.memory, 0, time.monotonic(), connection, from_page)

    def finish(self) -> None:
        """The worker has its answer: from here on, dying would not leave a client without one."""
        _RECORD.pack_into(self.memory, 0, 0.0, 0, False)

    def receive(self, connection: int) -> None:
        """The worker has taken `connection` from its channel: from here on it may have read from it."""
        _RECEIVED.pack_into(self.memory, _RECORD.size, connection)

    def last_received(self) -> int:
        """The last connection the worker took; the ones handed to it after were never touched (read by the
        supervisor once the worker has ended)."""
        return _RECEIVED.unpack_from(self.memory, _RECORD.size)[0]

    def running(self) -> Running | None:
        """The query running now, if any. Read twice: the worker may be writing the record meanwhile, and a
        record read half before and half after a write is not the same twice."""
        first = _RECORD.unpack_from(self.memory, 0)
        started, connection, from_page = first
        if not connection or not started or _RECORD.unpack_from(self.memory, 0) != first:
            return None
        return Running(connection, started, from_page)

    def close(self) -> None:
        self.memory.close()
