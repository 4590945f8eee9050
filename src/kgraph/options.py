"""Option values of the command line, checked as argparse reads them: a bad one is a usage error (exit 2)."""

from __future__ import annotations

import argparse
import math
import re

KIB, MIB, GIB = 1024, 1024**2, 1024**3
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:I?B)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "K": KIB, "M": MIB, "G": GIB}


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


def limit_seconds(text: str) -> float:
    """A finite number of seconds, 0 meaning no limit."""
    return 0.0 if _is_zero(text) else positive_seconds(text)


def limit_size(text: str) -> int:
    """A size in bytes (4G, 512M…), 0 meaning no limit."""
    return 0 if _is_zero(text) else positive_size(text)


def _is_zero(text: str) -> bool:
    try:
        return float(text) == 0
    except ValueError:
        return False


# kgraph push: seconds one request may take, and the whole push, retries included
PUSH_TIMEOUT = 60.0
PUSH_DEADLINE = 300.0
