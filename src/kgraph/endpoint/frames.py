"""The wire format between the endpoint and its workers: length-prefixed frames over the worker's stdin and stdout.

A job is one JSON frame ({"query", "accept"}); an answer is a JSON frame ({"status", "type", "retire"})
followed by a frame of body bytes. The first frames are the worker's settings and its "ready" reply.
"""

from __future__ import annotations

import asyncio
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


async def read_frame_async(reader: asyncio.StreamReader) -> bytes:
    """The next frame from an asyncio stream; asyncio.IncompleteReadError at its end."""
    (length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
    return await reader.readexactly(length)
