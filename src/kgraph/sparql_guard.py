"""Queries that stay on this machine: SPARQL that could reach the network or change data is refused.

Oxigraph sends an HTTP request for every `SERVICE` pattern (`SILENT` or not). kgraph answers from its
own graph only, so every query from the CLI, the Python API and the endpoint passes `check_local_query`
first. The check reads the query's tokens the way a SPARQL parser does (codepoint escapes decoded;
comments, strings and IRIs skipped), so a keyword hidden in a literal is not refused and one spelled
`\\u0053ERVICE` is.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$]\w+)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<name>[^\W\d]\w*(?:[\w.\-]*\w)?(?::[\w.\-:%\\]*)?|:[\w.\-:%\\]*|\d\w*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_UPDATES = frozenset({"load", "insert", "delete", "clear", "drop", "create", "add", "move", "copy", "with"})
_PROLOGUE = frozenset({"base", "prefix"})


class RefusedQuery(Exception):
    """A query kgraph will not run: it would reach the network or change the data."""


def keywords(text: str) -> list[str]:
    """The query's bare words (keywords and function names) in order, lower-cased, prefixed names excluded."""
    text = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)
    return [
        match["name"].lower()
        for match in _TOKEN.finditer(text)
        if match["name"] and ":" not in match["name"] and not match["name"][0].isdigit()
    ]


def check_local_query(text: str) -> None:
    """Raise RefusedQuery if the query has a SERVICE pattern or is an update; otherwise return."""
    words = keywords(text)
    if "service" in words:
        raise RefusedQuery(
            "SERVICE (federated query) is refused: kgraph answers from its own graph and never makes network requests"
        )
    first = next((w for w in words if w not in _PROLOGUE), "")
    if first in _UPDATES:
        raise RefusedQuery(f"{first.upper()} is a SPARQL update, and kgraph is read-only: updates are refused")
