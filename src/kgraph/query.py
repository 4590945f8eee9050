"""Query: the catalogue of competency questions (queries/*.rq), run on Oxigraph with bound parameters.

rdflib's SPARQL engine turns ordinary joins into cross products on graphs of this size, so queries
run on pyoxigraph. Parameters are bound by sparql_binding (a VALUES block of checked, re-serialised
terms), never pasted into the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.errors import InputError, Problem
from kgraph.graph.layout import CONTEXT_FILE, DRAFTS_GRAPH, EXPORT_FILES, verify_build
from kgraph.iri import iri_problem
from kgraph.sparql_binding import BoundQuery, UnsafeValue, bind_parameters, parameter_term
from kgraph.sparql_guard import RefusedQuery, check_local_query
from kgraph.store import oxigraph_store, plain

Term = ox.NamedNode | ox.Literal
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
    """Read one .rq file and its `# question:` and `# param:` header lines, where it has them."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text (byte {exc.start}); a query is a SPARQL text file"
        raise InputError([Problem(path, "", message)]) from None
    question, params = "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match and match["key"] == "question":
            question = match["value"]
        elif match and (param := _PARAM.match(match["value"])):
            params[param["name"]] = param["default"]
    return CatalogueQuery(path.stem, question, text, params)


def read_catalogue_queries(folder: Path | Sequence[Path]) -> dict[str, CatalogueQuery]:
    """Every query of the catalogue, by name; of several folders, a later one's query replaces one of its name."""
    folders = [folder] if isinstance(folder, Path) else list(folder)
    return {q.name: q for f in folders for q in map(read_query, sorted(f.glob("*.rq")))}


def parse_value(text: str, prefixes: dict[str, str]) -> Node:
    """A parameter value: "quoted text" or a number as a literal, <iri> or a CURIE such as kgr:russia as an IRI."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return Literal(text[1:-1])
    if re.fullmatch(r"-?\d+", text):
        return Literal(int(text))
    if text.startswith("<") and text.endswith(">"):
        if problem := iri_problem(text[1:-1]):
            raise QueryError(f"{text!r} is not an IRI: {problem}")
        return URIRef(text[1:-1])
    prefix, colon, local = text.partition(":")
    if not colon or prefix not in prefixes:
        raise ValueError(f'cannot read {text!r} as a value: use "text", a number, <iri> or a known prefix')
    return URIRef(prefixes[prefix] + local)


class QueryError(Exception):
    """A query that cannot run: a syntax error (with line and column) or a bad parameter."""

    def __init__(self, message: str, text: str = "", line: int | None = None, column: int | None = None):
        self.message, self.text, self.line, self.column = message, text, line, column
        super().__init__(self.describe())

    def describe(self) -> str:
        if self.line is None:
            return self.message
        lines = self.text.splitlines()
        shown = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        caret = " " * max((self.column or 1) - 1, 0) + "^"
        return f"line {self.line}, column {self.column}: {self.message}\n  {shown}\n  {caret}"


_SYNTAX = re.compile(r"error at (?P<line>\d+):(?P<column>\d+): (?P<message>.*)", re.DOTALL)
_LABEL_LOOKUP = """
SELECT DISTINCT ?entity ?name WHERE {
  ?entity <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?label .
  FILTER (LCASE(STR(?label)) = LCASE(STR(?name)))
  FILTER EXISTS {
    ?entity a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <https://kgraph.example.org/ontology#Entity>
  }
}
ORDER BY ?entity
"""


class KnowledgeGraph:
    """A built graph in an in-memory Oxigraph store, with the project's prefixes predeclared.

    Queries see the curated graph only; with `drafts=True` they see the drafts graph too (its statements carry
    `kg:origin "extracted"` and a `kg:confidence`; `GRAPH <…/graph/drafts> { … }` selects them alone).

    >>> graph = KnowledgeGraph.open(Path("build"))                        # doctest: +SKIP
    >>> graph.select("arms-suppliers", recipient="Armenia")[0]["supplierLabel"]  # doctest: +SKIP
    'China'
    """

    def __init__(
        self,
        store: ox.Store,
        prefixes: dict[str, str],
        catalogue: dict[str, CatalogueQuery] | None = None,
        drafts: bool = False,
    ):
        self.store = store
        self.prefixes = dict(prefixes)
        self.catalogue = dict(catalogue or {})
        self.drafts = drafts
        self._dataset = _dataset_options(store, drafts)
        self._defaults_read: dict[tuple[tuple[str, str], ...], tuple[tuple[str, Term], ...]] = {}

    @classmethod
    def open(
        cls, build_dir: Path, queries_dir: Path | Sequence[Path] | None = None, drafts: bool = False
    ) -> KnowledgeGraph:
        """Load the build in `build_dir` (the curated graph of kgraph.nt, or with `drafts` the named graphs of
        kgraph.trig, and the prefixes of context.jsonld) and the query catalogue."""
        export = EXPORT_FILES["trig" if drafts else "nt"]
        layout = verify_build(build_dir, [export, CONTEXT_FILE])
        graph = cls.from_file(layout.folder / export, layout.prefixes(), drafts)
        folders = [queries_dir] if isinstance(queries_dir, Path) else list(queries_dir or [])
        if any(f.is_dir() for f in folders):
            graph.catalogue = read_catalogue_queries([f for f in folders if f.is_dir()])
        return graph

    @classmethod
    def from_rdflib(cls, graph: Graph | Dataset, prefixes: dict[str, str], drafts: bool = False) -> KnowledgeGraph:
        """Load an rdflib graph or dataset; named graphs are queried as one union default graph (the drafts graph
        only with `drafts`)."""
        return cls(oxigraph_store(graph), prefixes, drafts=drafts)

    @classmethod
    def from_file(cls, path: Path, prefixes: dict[str, str], drafts: bool = False) -> KnowledgeGraph:
        """Load an export (Turtle, N-Triples, TriG or JSON-LD) from a file (the drafts graph of a TriG file is
        queried only with `drafts`)."""
        formats = {
            ".ttl": ox.RdfFormat.TURTLE,
            ".nt": ox.RdfFormat.N_TRIPLES,
            ".trig": ox.RdfFormat.TRIG,
            ".jsonld": ox.RdfFormat.JSON_LD,
        }
        store = ox.Store()
        store.bulk_load(path=str(path), format=formats[path.suffix])
        return cls(store, prefixes, drafts=drafts)

    def __len__(self) -> int:
        return len(self.store)

    def to_rdflib(self) -> Graph:
        """The whole graph as an rdflib Graph, for code that expects rdflib."""
        graph = Graph()
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, replace=True)
        quads = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", **self._dataset)
        graph.parse(data=quads.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        return graph

    def query(self, query: CatalogueQuery | str, bindings: dict[str, Node] | None = None, **params: Any):
        """Run any query: a catalogue name, a CatalogueQuery or SPARQL text.

        Parameters come as `bindings` (rdflib terms) or keyword arguments (labels, CURIEs or values,
        see `resolve`). Unbound catalogue parameters take their defaults. Returns pyoxigraph's result:
        solutions, a boolean or triples.
        """
        if isinstance(query, str) and query in self.catalogue:
            query = self.catalogue[query]
        text = query.text if isinstance(query, CatalogueQuery) else query
        defaults = query.params if isinstance(query, CatalogueQuery) else {}
        try:
            terms = dict(self._default_terms(tuple(defaults.items())))
            values = dict(bindings or {})
            values.update({name: self.resolve(value) for name, value in params.items()})
            terms.update({name: parameter_term(term) for name, term in values.items()})
            check_local_query(text)
            # The VALUES block holds only checked, escaped terms, so the bound text needs no second check.
            bound = bind_parameters(text, terms)
        except (UnsafeValue, RefusedQuery) as error:
            raise QueryError(str(error), text) from None
        try:
            try:
                return self._run(bound)
            except SyntaxError:
                if bound.text == text:
                    raise
                # The VALUES block clashes with the query (a BIND to a parameter, say): bind as before.
                return self._run(BoundQuery(text, {ox.Variable(name): term for name, term in terms.items()}))
        except SyntaxError as error:
            match = _SYNTAX.match(str(error))
            if match:
                raise QueryError(match["message"], text, int(match["line"]), int(match["column"])) from None
            raise QueryError(str(error), text) from None
        except RuntimeError as error:
            raise QueryError(str(error), text) from None

    def _default_terms(
        self, defaults: tuple[tuple[str, str], ...]
    ) -> tuple[tuple[str, ox.NamedNode | ox.Literal], ...]:
        """A catalogue query's default parameters as checked terms, read once per query (they are asked often)."""
        cache = self.__dict__.setdefault("_defaults_read", {})
        if defaults not in cache:
            cache[defaults] = tuple((name, parameter_term(parse_value(text, self.prefixes))) for name, text in defaults)
        return cache[defaults]

    def _run(self, bound: BoundQuery):
        return self.store.query(bound.text, prefixes=self.prefixes, substitutions=bound.substitutions, **self._dataset)

    def select(
        self, query: CatalogueQuery | str, bindings: dict[str, Node] | None = None, **params: Any
    ) -> list[dict[str, Any]]:
        """Run a SELECT query; rows map variable names to plain Python values."""
        solutions = self.query(query, bindings, **params)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("select() needs a SELECT query")
        names = [v.value for v in solutions.variables]
        return [{name: plain(solution[name]) for name in names} for solution in solutions]

    def dataframe(self, query: CatalogueQuery | str, bindings: dict[str, Node] | None = None, **params: Any):
        """Run a SELECT query into a pandas DataFrame (pandas is optional and needed only here)."""
        try:
            import pandas as pd
        except ImportError as error:
            raise ImportError("dataframe() needs pandas: pip install pandas") from error
        solutions = self.query(query, bindings, **params)
        names = [v.value for v in solutions.variables]
        return pd.DataFrame([[plain(s[n]) for n in names] for s in solutions], columns=names)

    def resolve(self, value: Any) -> Node:
        """A parameter value as an RDF term: rdflib terms as they are; "quoted" text, numbers, <iri> and
        CURIEs as parse_value reads them; any other text as the one entity with that label or alias."""
        if isinstance(value, (URIRef, Literal)):
            return value
        if isinstance(value, bool | int | float):
            return Literal(value)
        text = str(value)
        try:
            return parse_value(text, self.prefixes)
        except ValueError:
            pass
        rows = self.store.query(_LABEL_LOOKUP, substitutions={ox.Variable("name"): ox.Literal(text)}, **self._dataset)
        matches = [row["entity"].value for row in rows]
        if len(matches) == 1:
            return URIRef(matches[0])
        if not matches:
            raise QueryError(f"no entity is labelled {text!r}; to pass it as text, quote it: '\"{text}\"'")
        raise QueryError(f"{text!r} names {len(matches)} entities: {', '.join(matches)}; pass one as <iri>")

    def compact(self, iri: str) -> str:
        """An IRI as prefix:local where a prefix fits."""
        best = max((ns for ns in self.prefixes.values() if iri.startswith(ns)), key=len, default=None)
        if best is None:
            return iri
        prefix = next(p for p, ns in self.prefixes.items() if ns == best)
        return f"{prefix}:{iri[len(best) :]}"


def _dataset_options(store: ox.Store, drafts: bool) -> dict[str, Any]:
    """How queries see the store: every graph as one default graph, but the drafts graph only when asked for.
    A store without a drafts graph (the curated N-Triples) is queried as one union, as it always was."""
    if drafts:
        return {"use_default_graph_as_union": True}
    named = sorted(store.named_graphs(), key=str)
    curated = [g for g in named if not g.value.endswith(f"/graph/{DRAFTS_GRAPH}")]
    if len(curated) == len(named):
        return {"use_default_graph_as_union": True}
    return {"default_graph": [ox.DefaultGraph(), *curated]}
