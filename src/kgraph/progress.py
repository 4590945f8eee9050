"""Progress of a command: each step and its duration, printed as it goes (a module of its own, so that the
command line can report progress without importing the pipeline)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Prints each step and its duration to a stream (stderr by default), or nothing."""

    def __init__(self, stream: TextIO | None = sys.stderr):
        self.stream = stream

    def note(self, message: str) -> None:
        if self.stream:
            print(f"  {message}", file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        """A warning: printed to stderr even when progress is not (-q silences progress, not warnings)."""
        print(f"  {message}" if self.stream else message, file=self.stream or sys.stderr, flush=True)

    @contextmanager
    def step(self, message: str) -> Iterator[None]:
        started = time.perf_counter()
        if self.stream:
            print(f"{message}…", end="", file=self.stream, flush=True)
        try:
            yield
        except BaseException:
            if self.stream:
                print(" failed", file=self.stream, flush=True)
            raise
        if self.stream:
            print(f" done ({time.perf_counter() - started:.1f}s)", file=self.stream, flush=True)
