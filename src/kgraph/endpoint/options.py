"""Option values of `kgraph serve`, checked as argparse reads them: a bad one is a usage error (exit 2)."""

from __future__ import annotations

import argparse
import math

from kgraph.endpoint.limits import parse_size


def positive_int(text: str) -> int:
    """A whole number of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return value


def positive_seconds(text: str) -> float:
    """A finite number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, such as 10 or 2.5, not {text!r}")
    return value


def positive_size(text: str) -> int:
    """A size in bytes above 0: 4194304, 64K, 4M, 2G."""
    try:
        value = parse_size(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a size above 0, such as 65536, 64K, 4M or 2G, not {text!r}")
    return value


def port_number(text: str) -> int:
    """A TCP port, 0 meaning any free one."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535 (0 picks a free one), not {text!r}")
    return value
