"""The build: determinism, atomic output, provenance of every statement, and the dataset description."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kgraph.cli import main
from kgraph.namespaces import KG, OA, VOID
from kgraph.pipeline import Build
from kgraph.project import Project

from .conftest import REPO


def _build_with_hash_seed(root: Path, output: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "kgraph", "--root", str(root), "-q", "build", "-o", str(output)],
        check=True,
        env=env,
        capture_output=True,
    )
    return {p.name: p.read_bytes() for p in sorted(output.iterdir())}


def test_same_input_gives_byte_identical_files(project: Project, tmp_path: Path):
    first = _build_with_hash_seed(project.root, tmp_path / "one", "1")
    second = _build_with_hash_seed(project.root, tmp_path / "two", "2")
    assert sorted(first) == [
        "context.jsonld",
        "graph.html",
        "kgraph.jsonld",
        "kgraph.nt",
        "kgraph.trig",
        "kgraph.ttl",
        "void.ttl",
    ]
    assert first == second


def test_build_writes_into_a_fresh_folder_and_replaces_it_whole(mini_project: Project):
    out = mini_project.root / "build"
    (out.parent / "build").mkdir()
    (out / "stale.txt").write_text("left from an old build")
    assert main(["--root", str(mini_project.root), "-q", "build"]) == 0
    assert not (out / "stale.txt").exists()
    assert (out / "kgraph.ttl").stat().st_size > 0


def test_every_statement_has_evidence_quoting_the_source_at_its_offsets(build: Build, article: str):
    graph = build.union
    statements = set(graph.subjects(RDF.type, KG.Statement))
    assert len(statements) == len(build.statements) > 0
    for statement in statements:
        evidence = graph.value(statement, KG.evidence)
        selectors = set(graph.objects(evidence, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        start = int(graph.value(position, OA.start))
        end = int(graph.value(position, OA.end))
        assert article[start:end] == str(graph.value(quote, OA.exact)), statement
        assert graph.value(evidence, KG.inSection) is not None


def test_every_direct_triple_has_an_asserted_statement_node(build: Build):
    graph = build.union
    relations = {r.iri for r in build.ontology.relations.values()}
    direct = [(s, p, o) for s, p, o in graph if p in relations]
    assert direct
    for s, p, o in direct:
        carriers = [
            n
            for n in graph.subjects(RDF.subject, s)
            if (n, RDF.predicate, p) in graph
            and (n, RDF.object, o) in graph
            and (n, KG.status, KG.Asserted) in graph
            and graph.value(n, KG.evidence) is not None
        ]
        assert carriers, (s, p, o)


def test_contested_statements_are_not_direct_triples(build: Build):
    graph = build.union
    contested = [s for s in build.statements if s.status != "asserted"]
    assert contested, "the article reports denied and alleged claims"
    iris = build.iris
    for statement in contested:
        triple = (
            iris.entity(statement.subject),
            build.ontology.relations[statement.relation].iri,
            iris.entity(statement.object),
        )
        key = (statement.subject, statement.relation, statement.object)
        backed = any(s.status == "asserted" and (s.subject, s.relation, s.object) == key for s in build.statements)
        assert (triple in graph) == backed, statement.id


def test_no_blank_nodes_and_valid_literals(build: Build):
    for triple in build.union:
        assert not any(isinstance(term, BNode) for term in triple), triple
        obj = triple[2]
        if isinstance(obj, Literal):
            assert obj.ill_typed is not True, triple
            assert not any(ord(c) < 32 and c not in "\n\t" for c in str(obj)), triple
            if obj.datatype == XSD.integer:
                assert -(2**63) <= int(obj) < 2**63, triple


def test_dataset_description_counts_the_triples_and_names_licence_and_source(build: Build, outputs: dict[str, bytes]):
    description = Graph().parse(data=outputs["void.ttl"], format="turtle")
    dataset = build.iris.dataset()
    assert int(description.value(dataset, VOID.triples)) == len(build.union)
    assert description.value(dataset, URIRef("http://purl.org/dc/terms/license")) == URIRef(
        "https://creativecommons.org/licenses/by-sa/4.0/"
    )
    source = description.value(dataset, URIRef("http://purl.org/dc/terms/source"))
    assert "Wikipedia" in str(description.value(source, URIRef("https://schema.org/creditText")))
    classes = {description.value(p, VOID["class"]) for p in description.objects(dataset, VOID.classPartition)}
    assert KG.Statement in classes and KG.RecognisedState in classes


def test_the_readme_states_the_triple_counts_a_user_will_see(build: Build):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    stated = int(re.search(r"hold \*\*([\d,]+) triples\*\*", readme).group(1).replace(",", ""))
    assert stated == len(build.union)
    for name in ("ontology", "data", "provenance"):
        count = len(build.dataset.graph(build.iris.graph(name)))
        assert re.search(rf"`…/graph/{name}` \({count:,} triples", readme), f"README: the {name} graph has {count:,}"
