"""Query: the catalogue of competency questions in queries/*.rq, run with bound parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

_HEADER = re.compile(r"^#\s*(?P<key>question|param):\s*(?P<value>.+?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<default>\S+)$")


@dataclass(frozen=True)
class CatalogueQuery:
    """A query of the catalogue: its name, the question it answers, its parameters and text."""

    name: str
    question: str
    text: str
    params: dict[str, str] = field(default_factory=dict)


def read_query(path: Path) -> CatalogueQuery:
    """Read one .rq file and its `# question:` and `# param:` header."""
    text = path.read_text(encoding="utf-8")
    question, params = "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match and match["key"] == "question":
            question = match["value"]
        elif match and (param := _PARAM.match(match["value"])):
            params[param["name"]] = param["default"]
    if not question:
        raise ValueError(f"{path}: the query has no '# question:' header line")
    return CatalogueQuery(path.stem, question, text, params)


def read_catalogue_queries(folder: Path) -> dict[str, CatalogueQuery]:
    """Every query of the catalogue, by name."""
    return {q.name: q for q in map(read_query, sorted(folder.glob("*.rq")))}


def expand(curie_or_iri: str, prefixes: dict[str, str]) -> URIRef:
    """A CURIE such as kgr:russia, or a full IRI in angle brackets, as an IRI."""
    if curie_or_iri.startswith("<") and curie_or_iri.endswith(">"):
        return URIRef(curie_or_iri[1:-1])
    prefix, _, local = curie_or_iri.partition(":")
    if prefix not in prefixes:
        raise ValueError(f"unknown prefix in {curie_or_iri!r}")
    return URIRef(prefixes[prefix] + local)


def select(
    graph: Graph,
    query: CatalogueQuery,
    prefixes: dict[str, str],
    bindings: dict[str, Node] | None = None,
) -> list[dict[str, Any]]:
    """Run a SELECT query with its parameters bound; rows map variable names to Python values."""
    values = {name: expand(default, prefixes) for name, default in query.params.items()}
    values.update(bindings or {})
    result = graph.query(query.text, initBindings=values)
    return [{str(var): plain(row[var]) for var in result.vars} for row in result]


def plain(term: Node | None) -> Any:
    """A term as plain Python: IRIs and untyped values as str, numbers as numbers, None if unbound."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)
