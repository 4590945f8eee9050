"""Each SHACL shape and SPARQL check: the valid fixture conforms; each broken copy fails with its message."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kgraph.pipeline import Build
from kgraph.project import Project
from kgraph.validation import validate_graph

from .conftest import REPO, TEST_DATA

SHAPES = REPO / "ontology" / "shapes.ttl"
FIXTURES = TEST_DATA / "shapes"

EXPECTED = {
    "entity-without-label": "exactly one English rdfs:label",
    "entity-two-descriptions": "exactly one English schema:description",
    "direct-triple-without-statement": "has no asserted statement node",
    "direct-triple-of-alleged-statement": "has no asserted statement node",
    "quote-longer-than-its-offsets": "longer or shorter than the span",
    "statement-without-evidence": "exactly one kg:Evidence",
    "statement-with-unknown-status": "exactly one status",
    "statement-outside-range": "is not in the range",
    "statement-subject-outside-domain": "is not in the domain",
    "statement-with-non-relation-predicate": "is not a kgraph relation",
    "denied-without-denier": "has no kg:deniedBy",
    "time-with-wrong-datatype": "start time is one xsd:gYear",
    "point-and-period": "both a point in time and a period",
    "money-without-currency": "has no schema:currency",
    "quantity-without-value": "has no schema:value, schema:minValue or schema:maxValue",
    "evidence-without-quote": "exactly one text quote selector",
    "position-end-before-start": "ends before it starts",
    "source-without-licence": "dcterms:license",
}


CHECKS = REPO / "ontology" / "checks"


def _fixture(update: str | None = None) -> Graph:
    graph = Graph().parse(REPO / "ontology" / "kgraph.ttl")
    graph.parse(FIXTURES / "valid.ttl")
    if update:
        graph.update((FIXTURES / f"{update}.ru").read_text(encoding="utf-8"))
    return graph


def test_every_broken_fixture_has_an_expectation():
    assert {p.stem for p in FIXTURES.glob("*.ru")} == set(EXPECTED)


def test_the_valid_fixture_conforms():
    report = validate_graph(_fixture(), SHAPES, CHECKS)
    assert report.conforms, report.violations


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_a_broken_fixture_fails_with_its_message(case: str):
    report = validate_graph(_fixture(case), SHAPES, CHECKS)
    assert not report.conforms
    assert any(EXPECTED[case] in v.message for v in report.violations), report.violations


def test_the_nagorno_karabakh_build_conforms(project: Project, build: Build):
    report = validate_graph(build.union, project.shapes_file, project.checks_dir)
    assert report.conforms, "\n".join(map(str, report.violations[:20]))
