"""Every export re-parses, in rdflib and in pyoxigraph, to exactly the triples of the build."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kgraph.cli import main
from kgraph.pipeline import Build
from kgraph.project import Project

RDFLIB_FORMATS = {"kgraph.ttl": "turtle", "kgraph.nt": "nt", "kgraph.jsonld": "json-ld", "kgraph.trig": "trig"}
OX_FORMATS = {
    "kgraph.ttl": ox.RdfFormat.TURTLE,
    "kgraph.nt": ox.RdfFormat.N_TRIPLES,
    "kgraph.jsonld": ox.RdfFormat.JSON_LD,
    "kgraph.trig": ox.RdfFormat.TRIG,
}


def _canonical(graph: Graph) -> set[str]:
    return {line for line in graph.serialize(format="nt").splitlines() if line.strip()}


@pytest.fixture(scope="module")
def expected(build: Build) -> set[str]:
    return _canonical(build.union)


@pytest.mark.parametrize("name", sorted(RDFLIB_FORMATS))
def test_rdflib_reads_back_the_same_triples(name: str, outputs: dict[str, bytes], expected: set[str]):
    if name == "kgraph.trig":
        dataset = Dataset()
        dataset.parse(data=outputs[name], format="trig")
        graph = Graph()
        for named in dataset.graphs():
            for triple in named:
                graph.add(triple)
    else:
        graph = Graph().parse(data=outputs[name], format=RDFLIB_FORMATS[name])
    assert _canonical(graph) == expected


@pytest.mark.parametrize("name", sorted(OX_FORMATS))
def test_pyoxigraph_reads_back_the_same_triples(name: str, outputs: dict[str, bytes], expected: set[str]):
    quads = ox.parse(outputs[name], format=OX_FORMATS[name])
    triples = {f"{q.subject} {q.predicate} {q.object} ." for q in quads}
    assert triples == expected


def test_trig_keeps_the_three_named_graphs(build: Build, outputs: dict[str, bytes]):
    quads = list(ox.parse(outputs["kgraph.trig"], format=ox.RdfFormat.TRIG))
    graphs = {str(q.graph_name.value) for q in quads}
    assert graphs == {str(build.iris.graph(n)) for n in ("ontology", "data", "provenance")}


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig"])
def test_export_command_writes_the_same_bytes_as_the_build(fmt: str, mini_project: Project, tmp_path):
    root = str(mini_project.root)
    assert main(["--root", root, "-q", "build"]) == 0
    target = tmp_path / f"export.{fmt}"
    assert main(["--root", root, "-q", "export", "--format", fmt, "-o", str(target)]) == 0
    names = {"turtle": "kgraph.ttl", "nt": "kgraph.nt", "jsonld": "kgraph.jsonld", "trig": "kgraph.trig"}
    assert target.read_bytes() == (mini_project.root / "build" / names[fmt]).read_bytes()
