"""What one request and one query may take."""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.options import GIB, MIB


@dataclass(frozen=True)
class Limits:
    """The endpoint's limits; the defaults are those of `kgraph serve`."""

    timeout: float = 10.0  # seconds a query may run before its worker is killed (and replaced)
    max_rows: int = 10_000  # rows (or triples) a result may have; more is refused, never cut
    max_memory: int = 2 * GIB  # address space of each worker process
    max_body: int = 4 * MIB  # bytes of a request body
    idle_timeout: float = 5.0  # seconds a connection may wait between requests or for a request's head
