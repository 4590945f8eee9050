"""The wire format between the endpoint and its workers: length-prefixed frames over the worker's stdin and stdout.

A job is one JSON frame ({"query", "accept"}); an answer is a JSON frame ({"status", "type", "retire"})
followed by a frame of body bytes. The first frames are the worker's settings and its "ready" reply.
"""

from __future__ import annotations

import json
import struct
from typing import BinaryIO

_LENGTH = struct.Struct(">Q")


def frame(payload: bytes) -> bytes:
    """`payload` with its length in front."""
    return _LENGTH.pack(len(payload)) + payload


def json_frame(value: object) -> bytes:
    return frame(json.dumps(value).encode("utf-8"))


def read_frame(stream: BinaryIO) -> bytes | None:
    """The next frame from a blocking stream, or None at its end."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    payload = stream.read(length)
    return payload if len(payload) == length else None


class FrameBuffer:
    """Bytes as they arrive from a pipe, cut into whole frames."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.frames: list[bytes] = []

    def feed(self, data: bytes) -> None:
        self.data += data
        while len(self.data) >= _LENGTH.size:
            (length,) = _LENGTH.unpack_from(self.data)
            end = _LENGTH.size + length
            if len(self.data) < end:
                return
            self.frames.append(bytes(self.data[_LENGTH.size : end]))
            del self.data[:end]

    def take(self, count: int) -> list[bytes] | None:
        """The first `count` whole frames, removed, or None if fewer have arrived."""
        if len(self.frames) < count:
            return None
        taken, self.frames = self.frames[:count], self.frames[count:]
        return taken
