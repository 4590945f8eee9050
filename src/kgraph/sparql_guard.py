"""Queries that stay on this machine: SPARQL that could reach the network or change data is refused.

Oxigraph sends an HTTP request for every `SERVICE` pattern (`SILENT` or not), and a `FROM` clause names
a dataset kgraph will not fetch. kgraph answers from its own graph only, so every query from the CLI,
the Python API and the endpoint passes `check_local_query` first. The check reads the query's tokens
the way a SPARQL parser does (codepoint escapes decoded; comments, strings and IRIs skipped), so a
keyword hidden in a literal is not refused and one spelled `\\u0053ERVICE` is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

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


class Token(NamedTuple):
    """One lexical token of a query: its kind (comment, string, iri, variable, langtag, name, other),
    its text and where it starts and ends in the query."""

    kind: str
    text: str
    start: int
    end: int


def has_codepoint_escapes(text: str) -> bool:
    """Whether the text has \\u or \\U escapes, which a SPARQL parser decodes before reading tokens."""
    return _ESCAPE.search(text) is not None


def tokens(text: str) -> Iterator[Token]:
    """The query's tokens as a SPARQL parser reads them, with offsets into `text` as given (codepoint
    escapes are not decoded here: check `has_codepoint_escapes` first where offsets matter)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        yield Token(kind, match[kind], match.start(), match.end())


class RefusedQuery(Exception):
    """A query kgraph will not run: it would reach the network or change the data."""


def keywords(text: str) -> list[str]:
    """The query's bare words (keywords and function names) in order, lower-cased, prefixed names excluded."""
    text = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)
    return [
        token.text.lower()
        for token in tokens(text)
        if token.kind == "name" and ":" not in token.text and not token.text[0].isdigit()
    ]


def check_local_query(text: str) -> None:
    """Raise RefusedQuery if the query has a SERVICE pattern, a FROM clause or is an update; otherwise return."""
    refusal = _refusal(text)
    if refusal:
        raise RefusedQuery(refusal)


@lru_cache(maxsize=512)
def _refusal(text: str) -> str:
    """Why the query is refused, or "" (read once per query text)."""
    words = keywords(text)
    if "service" in words:
        return (
            "SERVICE (federated query) is refused: kgraph answers from its own graph and never makes network requests"
        )
    if "from" in words:
        return (
            "FROM and FROM NAMED are refused: kgraph answers from its own graph and never fetches a dataset "
            "(use GRAPH <iri> { ... } to query one of its named graphs)"
        )
    first = next((w for w in words if w not in _PROLOGUE), "")
    if first in _UPDATES:
        return f"{first.upper()} is a SPARQL update, and kgraph is read-only: updates are refused"
    return ""
