"""The build: determinism, atomic output, provenance of every statement, and the dataset description."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kgraph.cli import EXIT_NO_BUILD, main
from kgraph.graph import shacl_sparql
from kgraph.graph.layout import verify_build
from kgraph.graph.readback import StoredBuild, canonical_records
from kgraph.graph.swap import PAUSE_VARIABLE, STEPS
from kgraph.graph_builder import to_ox
from kgraph.namespaces import KG, OA, VOID
from kgraph.pipeline import Build
from kgraph.project import Project
from kgraph.query import KnowledgeGraph
from kgraph.validation import shacl_violations

from .conftest import REPO, TEST_DATA

SHAPES_FILE = REPO / "ontology" / "shapes.ttl"


def _build_with_hash_seed(root: Path, output: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "kgraph", "--root", str(root), "-q", "build", "-o", str(output)],
        check=True,
        env=env,
        capture_output=True,
    )
    return {p.name: p.read_bytes() for p in sorted(output.iterdir())}


def test_same_input_gives_byte_identical_files(project: Project, build_dir: Path, tmp_path: Path):
    # The session's build (made in this process) against one made in another process with another hash seed.
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    other = _build_with_hash_seed(project.root, tmp_path / "other", seed)
    assert sorted(other) == [
        "context.jsonld",
        "graph.html",
        "kgraph.jsonld",
        "kgraph.nt",
        "kgraph.trig",
        "kgraph.ttl",
        "manifest.json",
        "void.ttl",
    ]
    assert other == {p.name: p.read_bytes() for p in sorted(build_dir.iterdir())}


def test_build_writes_into_a_fresh_folder_and_replaces_it_whole(mini_project: Project):
    out = mini_project.root / "build"
    (out.parent / "build").mkdir()
    (out / "stale.txt").write_text("left from an old build")
    assert main(["--root", str(mini_project.root), "-q", "build"]) == 0
    assert not (out / "stale.txt").exists()
    assert (out / "kgraph.ttl").stat().st_size > 0
    assert out.is_symlink(), "build/ is now a link to the current version"
    assert [p.name for p in out.parent.glob(".build.*") if p.is_dir()] == [os.readlink(out)]


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


def test_the_outputs_are_the_triples_of_the_build_and_nt_and_jsonld_are_sorted(build: Build, outputs):
    lines = outputs["kgraph.nt"].decode("utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert len(lines) == build.triple_count == len(build.union)
    document = json.loads(outputs["kgraph.jsonld"])
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == sorted(ids)


def test_the_catalogue_and_statements_read_back_from_the_build_are_the_curated_ones(build: Build, build_dir: Path):
    stored = StoredBuild.load(build_dir)
    entities, statements = canonical_records(build.catalogue, build.statements)

    def entity(e):
        return (e.id, e.types, e.label, e.aliases, e.description, e.wikidata)

    def statement(s):
        return replace(s, path=None, line=None, evidence=replace(s.evidence, section=s.evidence.section.path))

    assert [entity(e) for e in stored.catalogue.values()] == [entity(e) for e in entities.values()]
    assert [statement(s) for s in stored.statements] == [statement(s) for s in statements]
    assert set(stored.ontology.relations) == set(build.ontology.relations)


def test_a_missing_damaged_or_stale_build_exits_6_and_says_run_kgraph_build(mini_project: Project, capsys):
    root = mini_project.root
    assert main(["--root", str(root), "-q", "stats"]) == EXIT_NO_BUILD
    assert "run 'kgraph build'" in capsys.readouterr().err
    assert main(["--root", str(root), "-q", "build"]) == 0
    assert main(["--root", str(root), "-q", "stats"]) == 0
    capsys.readouterr()
    nt = root / "build" / "kgraph.nt"
    content = nt.read_bytes()

    nt.write_bytes(content[: len(content) // 2])  # truncated
    for command in (["stats"], ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], ["export", "--format", "nt"]):
        assert main(["--root", str(root), "-q", *command]) == EXIT_NO_BUILD, command
        err = capsys.readouterr().err
        assert "damaged" in err and "kgraph.nt" in err and "run 'kgraph build'" in err and "Traceback" not in err

    nt.write_bytes(content.replace(b"Veldor", b"Veldar", 1))  # same size, other bytes
    assert main(["--root", str(root), "-q", "stats"]) == EXIT_NO_BUILD
    assert "checksum" in capsys.readouterr().err

    nt.write_bytes(content)
    (root / "build" / "context.jsonld").unlink()
    assert main(["--root", str(root), "-q", "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"]) == EXIT_NO_BUILD
    assert "context.jsonld is missing" in capsys.readouterr().err

    assert main(["--root", str(root), "-q", "build"]) == 0
    statements = sorted((root / "data").rglob("*.yaml"))[-1]
    statements.write_text(statements.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert main(["--root", str(root), "-q", "analyze"]) == EXIT_NO_BUILD
    err = capsys.readouterr().err
    assert "older than its inputs" in err and statements.name in err


def _readers_see_one_whole_build(root: Path) -> bytes:
    """What a reader sees: a build that passes its manifest, loaded; returns its N-Triples."""
    layout = verify_build(root / "build")
    graph = KnowledgeGraph.open(root / "build")
    assert len(graph) == len((layout.folder / "kgraph.nt").read_bytes().splitlines())
    return layout.ntriples.read_bytes()


@pytest.mark.parametrize("step", STEPS)
def test_a_build_killed_at_any_step_leaves_a_whole_build_and_the_next_build_cleans_up(mini_project: Project, step):
    root = mini_project.root
    assert main(["--root", str(root), "-q", "build"]) == 0
    old = _readers_see_one_whole_build(root)
    entity_file = root / "data" / "entities" / "entities.yaml"
    entity_file.write_text(entity_file.read_text(encoding="utf-8").replace("An invented valley.", "A valley (edited)."))
    process = subprocess.Popen(
        [sys.executable, "-m", "kgraph", "--root", str(root), "-q", "build"],
        env={**os.environ, PAUSE_VARIABLE: step},
        stderr=subprocess.PIPE,
        text=True,
    )
    swapped = step == "swapped"
    try:
        assert process.stderr.readline().strip() == f"paused at {step}"
        assert (_readers_see_one_whole_build(root) != old) == swapped
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert (_readers_see_one_whole_build(root) != old) == swapped, "killed: the old build, or the whole new one"
    assert main(["--root", str(root), "-q", "build"]) == 0
    new = _readers_see_one_whole_build(root)
    assert new != old and b"A valley (edited)." in new
    left = sorted(p.name for p in root.glob(".build.*"))
    assert left == sorted([".build.lock", os.readlink(root / "build"), *_retired(root, left)])


def _retired(root: Path, names: list[str]) -> list[str]:
    """The version the last swap replaced, kept for readers still reading it (at most one)."""
    current = os.readlink(root / "build")
    versions = [n for n in names if n.startswith(".build.v-") and n != current]
    assert len(versions) <= 1, names
    return versions


SHAPE_CASES = sorted(p.stem for p in (TEST_DATA / "shapes").glob("*.ru"))
EXTRA_CASES = sorted(p.stem for p in (TEST_DATA / "shapes-as-sparql").glob("*.ru"))


def _shape_fixture(folder: str | None, case: str | None) -> Graph:
    graph = Graph().parse(REPO / "ontology" / "kgraph.ttl")
    graph.parse(TEST_DATA / "shapes" / "valid.ttl")
    if case:
        graph.update((TEST_DATA / folder / f"{case}.ru").read_text(encoding="utf-8"))
    return graph


def _as_found(focus: str, path: str, message: str, blanks: set[str]) -> tuple[str, str, str]:
    # Blank nodes get different labels in each library; a node-level rule without sh:message, its own wording.
    return ("_:blank" if focus in blanks else focus, path, message if path else "")


@pytest.mark.parametrize(
    ("folder", "case"),
    [("shapes", None)] + [("shapes", c) for c in SHAPE_CASES] + [("shapes-as-sparql", c) for c in EXTRA_CASES],
)
def test_the_shapes_run_as_sparql_find_what_pyshacl_finds(folder: str, case: str | None):
    graph = _shape_fixture(folder, case)
    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl")
    queries, untranslated = shacl_sparql.translate(shapes)
    assert untranslated == [], "every shape of ontology/shapes.ttl is translated"
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
    store = ox.Store()
    store.extend(quads)
    blanks = {str(t) for triple in graph for t in triple if isinstance(t, BNode)}
    expected = {_as_found(v.focus, v.path, v.message, blanks) for v in shacl_violations(graph, SHAPES_FILE)}
    found = {_as_found(*v, _ox_blanks(quads)) for v in shacl_sparql.run(store, queries, quads)}
    assert found == expected
    if folder == "shapes-as-sparql":
        assert found, f"{case} breaks a shape"


def test_the_shapes_run_as_sparql_on_the_focus_nodes_kept_find_those_nodes_violations_alone():
    # Every broken record of the shape cases at once: violations on entities, sources, statements, evidence.
    graph = _shape_fixture(None, None)
    for case in SHAPE_CASES + EXTRA_CASES:
        folder = "shapes" if case in SHAPE_CASES else "shapes-as-sparql"
        graph.update((TEST_DATA / folder / f"{case}.ru").read_text(encoding="utf-8"))
    queries, _ = shacl_sparql.translate(Graph().parse(REPO / "ontology" / "shapes.ttl"))
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
    store = ox.Store()
    store.extend(quads)
    every = shacl_sparql.run(store, queries, quads)
    entities = {focus for focus, _, _ in every if "/entity/" in focus}
    assert entities and {focus for focus, _, _ in every} - entities, "violations on entities and on other nodes"
    kept = shacl_sparql.run(store, queries, quads, keep=lambda focus: focus not in entities)
    assert sorted(kept) == sorted(v for v in every if v[0] not in entities)
    assert len(store) == len(quads) and not list(store.named_graphs()), "the store is left as it was"


def _ox_blanks(quads: list[ox.Quad]) -> set[str]:
    return {t.value for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}


def test_the_core_of_the_build_imports_nothing_that_draws():
    program = (
        "import sys, kgraph.pipeline, kgraph.graph_builder, kgraph.validation, kgraph.export;"
        "print(sorted(m for m in sys.modules if m.split('.')[-1] in {'viz', 'network', 'analyze', 'pyvis'}))"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_viz_into_build_makes_a_new_whole_version(mini_project: Project, capsys):
    root = mini_project.root
    assert main(["--root", str(root), "-q", "build"]) == 0
    before, page = os.readlink(root / "build"), (root / "build" / "graph.html").read_bytes()
    assert main(["--root", str(root), "-q", "viz", "--title", "Another title"]) == 0
    assert os.readlink(root / "build") != before
    assert (root / "build" / "graph.html").read_bytes() != page
    verify_build(root / "build", project_root=root)
    assert main(["--root", str(root), "-q", "stats"]) == 0
