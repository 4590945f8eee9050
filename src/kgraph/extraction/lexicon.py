"""Word lists read from the package's assets/ (titles, offices, markers, infobox keys, given names)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def lines(name: str) -> tuple[str, ...]:
    """The entries of assets/`name`: one per line, blank lines and `#` comments left out."""
    text = resources.files("kgraph").joinpath(f"assets/{name}").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def table(name: str) -> dict[str, str]:
    """assets/`name` read as `key: value` lines."""
    found = {}
    for line in lines(name):
        key, _, value = line.partition(":")
        found[key.strip()] = value.strip()
    return found


def alternatives(name: str) -> str:
    """The entries of assets/`name` as one regular-expression alternation, longest first."""
    return "|".join(re.escape(entry) for entry in sorted(lines(name), key=len, reverse=True))


@cache
def title_pattern() -> str:
    """One or more titles, ranks or capitalised offices (assets/titles.txt, offices.txt), each followed by spaces:
    "Lt. Gen. ", "Gen ", "President "."""
    entries = set(lines("titles.txt")) | {office.title() for office in lines("offices.txt")}
    words = "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))
    return rf"(?:(?:Deputy |Vice |Acting )?(?:{words})(?:(?<=\.)\s*|\s+))+"


@cache
def office_pattern() -> str:
    """An office whose holder leads (assets/offices.txt), case-insensitive."""
    return rf"(?i:{alternatives('offices.txt')})"


@cache
def marker_pattern() -> re.Pattern[str]:
    """Markers glued to names (assets/markers.txt)."""
    return re.compile(rf"\s*(?:{alternatives('markers.txt')})(?![a-z])")
