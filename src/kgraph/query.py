"""Query: the catalogue of competency questions (queries/*.rq), run on Oxigraph with bound parameters.

rdflib's SPARQL engine turns ordinary joins into cross products on graphs of this size, so queries
run on pyoxigraph. Parameters are passed as SPARQL substitutions, never pasted into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.store import oxigraph_store, plain, to_oxigraph

_HEADER = re.compile(r"^#\s*(?P<key>question|param):\s*(?P<value>.+?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<default>.+)$")


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


def parse_value(text: str, prefixes: dict[str, str]) -> Node:
    """A parameter value: "quoted text" or a number as a literal, <iri> or a CURIE such as kgr:russia as an IRI."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return Literal(text[1:-1])
    if re.fullmatch(r"-?\d+", text):
        return Literal(int(text))
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    prefix, colon, local = text.partition(":")
    if not colon or prefix not in prefixes:
        raise ValueError(f'cannot read {text!r} as a value: use "text", a number, <iri> or a known prefix')
    return URIRef(prefixes[prefix] + local)


class KnowledgeGraph:
    """A built graph in an in-memory Oxigraph store, with the project's prefixes predeclared."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str]):
        self.store = store
        self.prefixes = dict(prefixes)

    @classmethod
    def from_rdflib(cls, graph: Graph | Dataset, prefixes: dict[str, str]) -> KnowledgeGraph:
        """Load an rdflib graph or dataset; named graphs are queried as one union default graph."""
        return cls(oxigraph_store(graph), prefixes)

    @classmethod
    def from_file(cls, path: Path, prefixes: dict[str, str]) -> KnowledgeGraph:
        """Load an export (Turtle, N-Triples, TriG or JSON-LD) from a file."""
        formats = {
            ".ttl": ox.RdfFormat.TURTLE,
            ".nt": ox.RdfFormat.N_TRIPLES,
            ".trig": ox.RdfFormat.TRIG,
            ".jsonld": ox.RdfFormat.JSON_LD,
        }
        store = ox.Store()
        store.bulk_load(path=str(path), format=formats[path.suffix])
        return cls(store, prefixes)

    def select(self, query: CatalogueQuery | str, bindings: dict[str, Node] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT query; parameters not given take their catalogue default. Rows are plain Python."""
        text = query.text if isinstance(query, CatalogueQuery) else query
        defaults = query.params if isinstance(query, CatalogueQuery) else {}
        values = {name: parse_value(default, self.prefixes) for name, default in defaults.items()}
        values.update(bindings or {})
        solutions = self.store.query(
            text,
            prefixes=self.prefixes,
            use_default_graph_as_union=True,
            substitutions={ox.Variable(name): to_oxigraph(term) for name, term in values.items()},
        )
        names = [v.value for v in solutions.variables]
        return [{name: plain(solution[name]) for name in names} for solution in solutions]
