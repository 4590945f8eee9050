"""What one request and one query may take, and how sizes are written on the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass

KIB, MIB, GIB = 1024, 1024**2, 1024**3
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:I?B)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "K": KIB, "M": MIB, "G": GIB}


@dataclass(frozen=True)
class Limits:
    """The endpoint's limits; the defaults are those of `kgraph serve`."""

    timeout: float = 10.0  # seconds a query may run before its worker is killed
    max_rows: int = 10_000  # rows (or triples) a result may have; more is refused, never cut
    max_memory: int = 2 * GIB  # address space of each worker process
    max_body: int = 4 * MIB  # bytes of a request body
    idle_timeout: float = 5.0  # seconds a connection may wait between requests or for a request's head


def parse_size(text: str) -> int:
    """Bytes for a size such as 4194304, 64K, 4M, 2G or 2GiB (binary units); ValueError if it is not one."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(f"not a size: {text!r}")
    return int(float(match[1]) * _UNITS[match[2].upper()])


def format_size(size: int) -> str:
    """A size in the largest binary unit that divides it: 512 MiB, 4 MiB, 65536 bytes."""
    for unit, factor in (("GiB", GIB), ("MiB", MIB)):
        if size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"
