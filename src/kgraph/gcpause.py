"""Pausing Python's cyclic garbage collector around work that makes many long-lived objects and almost no
reference cycles (a build, the analytics' read-back): its full collections would scan the growing heap again
and again, a cost that grows faster than the data. Reference counting still frees everything else."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, then restore its state (whatever the block raises)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
