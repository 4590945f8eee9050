"""The per-source work of a build, as one function of plain values: a statement file (or a list of drafted
statements) in, its statements, its share of the graph serialised in every format, its counts and its own
validation out. Being a pure function of its task and the build's context, its result can be cached under
a content hash, and it can run in-process, in a process pool or on a Dask cluster (kgraph.graph.executors).

The graph is cut at subjects. The shared part (the ontology, the entities, the sources and their sections:
`context_quads`) is made once per build; a unit's part is every quad its statements make. Statement nodes,
their evidence, selectors and quantities are minted from the statement's id and belong to the unit alone;
a direct triple (entity, relation, entity) is about a shared subject and is handed back for the shared part.
Each unit validates its own nodes with the context their rules read (the ontology, and the entities,
sources and sections it refers to); the shared nodes are validated once per build (kgraph.graph.incremental).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF

from kgraph.catalogue import Entity
from kgraph.curation.schema import Vocabulary
from kgraph.description import Counts, count_quads
from kgraph.errors import InputError, Problem
from kgraph.graph import rdfwrite
from kgraph.graph.shacl_sparql import ShapeQuery
from kgraph.graph_builder import statement_quads
from kgraph.namespaces import KG
from kgraph.ontology import Ontology
from kgraph.source import Document
from kgraph.statements import Statement, read_statements, statement_vocabularies
from kgraph.validation import Check, Violation, part_violations

# A statement's reification: what a rule about an entity reads of the statements that name it (today the
# check that every direct triple has an asserted statement).
LINK_PREDICATES = frozenset(str(p) for p in (RDF.subject, RDF.predicate, RDF.object, KG.status))


def term_key(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """The text a validation focus has for a node: an IRI's value, a blank node as _:id."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)


@dataclass
class UnitContext:
    """What every unit of one build reads; made once per build and shipped once to each worker."""

    base: str
    ontology: Ontology
    catalogue: dict[str, Entity]  # the curated catalogue statements are checked against
    labels: dict[str, str]  # every entity's label by id (drafted entities included), for statement labels
    documents: dict[str, Document]
    shared: dict[str, list[ox.Quad]]  # the shared part's quads by subject (term_key), ontology aside
    ontology_quads: list[ox.Quad]
    shared_keys: frozenset[str]  # every subject of the shared part, the ontology's included
    shapes: list[ShapeQuery]
    checks: list[Check]
    prefixes: dict[str, str]
    graph_names: dict[str, str]  # named graph IRI -> name

    @cached_property
    def vocabularies(self) -> dict[str, Vocabulary]:
        """What statement fields may name, made once per process rather than once per unit (it lists the
        whole catalogue)."""
        return statement_vocabularies(self.ontology, self.catalogue, self.documents)


@dataclass(frozen=True)
class UnitTask:
    """One unit of work: a statement file (with the SHA-256 of the bytes its key was made from), or
    statements already made (the drafts of the extractors)."""

    name: str
    path: Path | None = None
    sha256: str | None = None
    statements: tuple[Statement, ...] = ()


@dataclass
class UnitResult:
    """What a unit gives the build. Results with problems are never cached."""

    statements: list[Statement]
    problems: list[Problem] = field(default_factory=list)
    chunk: rdfwrite.Chunk | None = None
    counts: Counts | None = None
    # N-Quads (text: it loads far faster than pickled terms) of its quads about shared subjects (direct
    # triples), and of its statements' reification, which the rules about shared nodes read.
    shared: str = ""
    links: str = ""
    subjects: list[str] = field(default_factory=list)  # the subjects it alone has
    violations: list[Violation] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # the sources its statements quote


def run_unit(task: UnitTask, context: UnitContext) -> UnitResult:
    """Read, check, build, serialise and validate one unit."""
    if task.path is not None:
        try:
            statements = read_statements(
                [task.path], context.ontology, context.catalogue, context.documents, context.vocabularies
            )
        except InputError as error:
            return UnitResult([], list(error.problems))
        if hashlib.sha256(task.path.read_bytes()).hexdigest() != task.sha256:
            message = "changed while the build was reading it; build again"
            return UnitResult([], [Problem(task.path, "", message)])
    else:
        statements = list(task.statements)
    quads = statement_quads(context.base, context.ontology, context.labels, statements).distinct().quads
    own, shared, subjects = [], [], set()
    for quad in quads:
        key = term_key(quad.subject)
        if key in context.shared_keys:
            shared.append(quad)
        else:
            own.append(quad)
            subjects.add(key)
    counts = count_quads(own, context.graph_names) if own else _no_counts(context.graph_names)
    return UnitResult(
        statements=statements,
        chunk=rdfwrite.chunk(own, context.prefixes),
        counts=counts,
        shared=_nquads(shared),
        links=_nquads([q for q in own if q.predicate.value in LINK_PREDICATES]),
        subjects=sorted(subjects),
        violations=_own_violations(quads, context),
        cited=sorted({s.evidence.source_id for s in statements}),
    )


def _nquads(quads: list[ox.Quad]) -> str:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")


def read_nquads(texts: list[str]) -> list[ox.Quad]:
    """The quads of N-Quads texts made by units."""
    return list(ox.parse("".join(texts).encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def _own_violations(quads: list[ox.Quad], context: UnitContext) -> list[Violation]:
    """The unit's nodes validated with the shared quads they refer to; the shared nodes' violations are left
    to the build's shared step (they are found there with every triple about them)."""
    referred = {term_key(t) for q in quads for t in (q.subject, q.object)} & context.shared.keys()
    part = list(context.ontology_quads)
    for key in sorted(referred):
        part += context.shared[key]
    part += quads
    return part_violations(part, context.shapes, context.checks, lambda focus: focus not in context.shared_keys)


def _no_counts(graph_names: dict[str, str]) -> Counts:
    return Counts(0, 0, Counter(), Counter(), {name: 0 for name in graph_names.values()})


def add_counts(counts: list[Counts], graph_names: dict[str, str]) -> Counts:
    """The counts of parts with disjoint subjects added up: the counts of the whole."""
    classes: Counter = Counter()
    properties: Counter = Counter()
    graphs: Counter = Counter()
    for part in counts:
        classes.update(part.classes)
        properties.update(part.properties)
        graphs.update(part.graphs)
    names = list(graph_names.values())
    return Counts(
        sum(c.triples for c in counts),
        sum(c.subjects for c in counts),
        classes,
        properties,
        {name: graphs[name] for name in names},
    )


def subtract_counts(whole: Counts, part: Counts) -> Counts:
    """The counts of the rest of a graph once a part (subjects of its own) is taken out."""
    return Counts(
        whole.triples - part.triples,
        whole.subjects - part.subjects,
        whole.classes - part.classes,
        whole.properties - part.properties,
        {name: size - part.graphs.get(name, 0) for name, size in whole.graphs.items()},
    )
