"""Validation: SHACL shapes (ontology/shapes.ttl) with pySHACL, and SPARQL checks
(ontology/checks/*-violation.rq) on Oxigraph that must return no rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from kgraph.graph import shacl_sparql
from kgraph.store import oxigraph_store

_VIOLATION = re.compile(r"^#\s*violation:\s*(?P<message>.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Violation:
    """One broken rule, readable."""

    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of the SHACL shapes and the SPARQL checks."""

    conforms: bool
    violations: tuple[Violation, ...]


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs of a dataset in one graph."""
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, replace=True)
    for graph in dataset.graphs():
        for triple in graph:
            union.add(triple)
    return union


def validate_graph(graph: Graph, shapes_file: Path, checks_dir: Path | None = None) -> ValidationReport:
    """Validate a graph (ontology, data and provenance together) against the shapes and the checks."""
    violations = shacl_violations(graph, shapes_file)
    if checks_dir is not None:
        violations += check_violations(graph, checks_dir)
    return ValidationReport(not violations, tuple(sorted(violations, key=str)))


def shacl_violations(graph: Graph, shapes_file: Path) -> list[Violation]:
    from pyshacl import validate  # imported here: it is slow to import and only builds need it

    shapes = Graph().parse(shapes_file, format="turtle")
    _, results, _ = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=False)
    return [
        Violation(
            focus=str(results.value(result, SH.focusNode)),
            path=str(results.value(result, SH.resultPath) or ""),
            message=str(results.value(result, SH.resultMessage) or "constraint violated"),
        )
        for result in results.subjects(SH.resultSeverity, SH.Violation)
    ]


def check_violations(graph: Graph, checks_dir: Path) -> list[Violation]:
    """Run every *-violation.rq; each row it returns is a violation."""
    return store_check_violations(oxigraph_store(graph), checks_dir)


def validate_quads(
    store: ox.Store,
    quads: list[ox.Quad],
    union: Callable[[], Graph],
    shapes_file: Path,
    checks_dir: Path | None = None,
) -> ValidationReport:
    """Validate a build held in an Oxigraph store (named graphs queried as one): the shapes, translated to SPARQL,
    and the SPARQL checks run on the store. If a shape uses SHACL this translation does not cover, pySHACL
    validates the rdflib graph that `union` makes instead, against every shape."""
    shapes = Graph().parse(shapes_file, format="turtle")
    queries, untranslated = shacl_sparql.translate(shapes)
    if untranslated:
        violations = shacl_violations(union(), shapes_file)
    else:
        violations = [Violation(*found) for found in shacl_sparql.run(store, queries, quads)]
    if checks_dir is not None:
        violations += store_check_violations(store, checks_dir)
    return ValidationReport(not violations, tuple(sorted(violations, key=str)))


def store_check_violations(store: ox.Store, checks_dir: Path) -> list[Violation]:
    """Run every *-violation.rq on an Oxigraph store, its named graphs as one default graph."""
    return run_checks(store, read_checks(checks_dir))


@dataclass(frozen=True)
class Check:
    """One SPARQL check: the query and the message of each row it returns."""

    name: str
    message: str
    text: str


def read_checks(checks_dir: Path) -> list[Check]:
    """The *-violation.rq files of a folder, in name order."""
    checks = []
    for check in sorted(checks_dir.glob("*-violation.rq")):
        text = check.read_text(encoding="utf-8")
        header = _VIOLATION.search(text)
        checks.append(Check(check.stem, header["message"] if header else check.stem, text))
    return checks


def run_checks(store: ox.Store, checks: list[Check]) -> list[Violation]:
    """The rows of every check on a store, its named graphs queried as one default graph."""
    violations = []
    for check in checks:
        solutions = store.query(check.text, use_default_graph_as_union=True)
        has_value = "value" in [v.value for v in solutions.variables]
        for row in solutions:
            value = row["value"] if has_value else None
            detail = f" [{value.value}]" if value is not None else ""
            violations.append(Violation(str(row["focus"].value), check.name, f"{check.message}{detail}"))
    return violations


def part_violations(
    quads: list[ox.Quad], queries: list[shacl_sparql.ShapeQuery], checks: list[Check], keep: Callable[[str], bool]
) -> list[Violation]:
    """The violations of the translated shapes and the checks on a part of a graph, kept where `keep(focus)`.

    A build validated in parts (kgraph.graph.units) gives each part the context its nodes' rules read
    (the ontology, the entities and sources it refers to) and keeps the violations of the nodes it alone has;
    the shared nodes (entities, sources) are validated once, with every triple about them."""
    store = ox.Store()
    store.bulk_extend(quads)
    found = [Violation(*row) for row in shacl_sparql.run(store, queries, quads, keep)]
    found += run_checks(store, checks)
    return [v for v in found if keep(v.focus)]
