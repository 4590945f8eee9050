"""Validation: SHACL shapes (ontology/shapes.ttl) checked with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate
from rdflib import Dataset, Graph
from rdflib.namespace import SH


@dataclass(frozen=True)
class Violation:
    """One SHACL result, readable."""

    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a SHACL run."""

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


def validate_graph(graph: Graph, shapes_file: Path) -> ValidationReport:
    """Validate a graph (data, provenance and ontology together) against the SHACL shapes."""
    shapes = Graph().parse(shapes_file, format="turtle")
    conforms, results, _ = validate(graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False)
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        violations.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=str(results.value(result, SH.resultPath) or ""),
                message=str(results.value(result, SH.resultMessage) or "constraint violated"),
            )
        )
    return ValidationReport(bool(conforms), tuple(sorted(violations, key=str)))
