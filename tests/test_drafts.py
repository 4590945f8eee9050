"""Drafts kept apart: a second, drafted article adds a drafts graph and changes nothing curated.

The repository's own dataset gets a real article about another war (Georgian–Ossetian conflict, English
Wikipedia, CC BY-SA 4.0; tests/data/corpus/SOURCES.md) as a source with `extract: true`, and nothing else.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kgraph.cli import main
from kgraph.graph.readback import StoredBuild
from kgraph.graph_builder import Drafts, build_quads
from kgraph.namespaces import KG
from kgraph.network import statement_network
from kgraph.pipeline import Build, as_accepted, assemble, check_shapes, keep_apart
from kgraph.project import Project
from kgraph.query import KnowledgeGraph, QueryError
from kgraph.serve import running_endpoint

from .browser import offline_page
from .conftest import REPO, TEST_DATA

ARTICLE = TEST_DATA / "corpus" / "articles" / "georgian-ossetian-conflict.txt"
SOURCE_ID = "wikipedia-georgian-ossetian-conflict"
BASE = "https://kgraph.example.org/nagorno-karabakh/"
DRAFTS = URIRef(BASE + "graph/drafts")
ENTITY = BASE + "entity/"
SOURCE_ENTRY = f"""  - id: {SOURCE_ID}
    file: sources/{ARTICLE.name}
    title: Georgian–Ossetian conflict
    publisher: English Wikipedia
    creator: Wikipedia contributors
    license: https://creativecommons.org/licenses/by-sa/4.0/
    attribution: >-
      Text of the English Wikipedia article "Georgian–Ossetian conflict" by Wikipedia contributors,
      used under CC BY-SA 4.0.
    extract: true
"""


def _with_drafted_article(root: Path) -> Path:
    """A copy of the project whose dataset lists the article as a second, drafted source: the one edit."""
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(ARTICLE, root / "data" / "sources" / ARTICLE.name)
    dataset = root / "data" / "dataset.yaml"
    text = dataset.read_text(encoding="utf-8")
    assert "\nentities: entities\n" in text
    dataset.write_text(text.replace("\nentities: entities\n", "\n" + SOURCE_ENTRY + "entities: entities\n", 1))
    return root


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Path:
    """The project with the drafted article, built by `kgraph build`."""
    root = _with_drafted_article(tmp_path_factory.mktemp("drafted"))
    assert main(["--root", str(root), "-q", "build"]) == 0
    return root


@pytest.fixture(scope="module")
def drafted_build(drafted: Path) -> Build:
    return assemble(Project(drafted))


def _graphs(build_dir: Path) -> Dataset:
    return Dataset().parse(build_dir / "kgraph.trig", format="trig")


def _curated_triples(build_dir: Path) -> set:
    """The triples of every named graph of the TriG export but the drafts graph."""
    return {t for g in _graphs(build_dir).graphs() if g.identifier != DRAFTS for t in g}


def _drafts_graph(build_dir: Path) -> Graph:
    return _graphs(build_dir).graph(DRAFTS)


def _rows(graph: KnowledgeGraph, name: str) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in graph.select(name))


def test_the_drafted_article_builds_with_no_edit_to_existing_records(drafted: Path):
    for folder in ("entities", "statements"):
        for path in sorted((REPO / "data" / folder).glob("*.yaml")):
            copy = drafted / "data" / folder / path.name
            assert copy.read_bytes() == path.read_bytes(), f"{copy} was edited"
    drafts = _drafts_graph(drafted / "build")
    statements = set(drafts.subjects(RDF.type, KG.Statement))
    assert statements, "the article's infobox names belligerents: something is drafted"
    source = URIRef(BASE + "source/" + SOURCE_ID)
    for statement in statements:
        assert drafts.value(statement, KG.origin) == Literal("extracted")
        assert 0 < float(drafts.value(statement, KG.confidence)) <= 1
        evidence = drafts.value(statement, KG.evidence)
        assert (evidence, URIRef("http://www.w3.org/ns/oa#hasSource"), source) in drafts


def test_shared_entities_keep_their_catalogue_iris(drafted: Path, build: Build):
    drafts = _drafts_graph(drafted / "build")
    named = {o for s in drafts.subjects(RDF.type, KG.Statement) for o in drafts.objects(s, RDF.subject)}
    named |= {o for s in drafts.subjects(RDF.type, KG.Statement) for o in drafts.objects(s, RDF.object)}
    # The infobox: "Combatant1: Georgian SSR (before 1990), Georgia (after 1990)", "Combatant2: South Ossetia, Russia".
    for catalogue_id in ("russia", "georgia", "south-ossetia"):
        assert catalogue_id in build.catalogue
        assert URIRef(ENTITY + catalogue_id) in named, f"{catalogue_id} is drafted under its catalogue IRI"
    proposed = set(drafts.subjects(RDF.type, KG.ProposedEntity))
    assert not {str(p).removeprefix(ENTITY) for p in proposed} & set(build.catalogue)
    labels = {str(drafts.value(p, RDFS.label)).lower() for p in proposed}
    assert not labels & {"russia", "georgia", "south ossetia"}, "no catalogue entity is proposed again"


def test_a_state_query_returns_no_person_and_no_draft(drafted: Path, built_repo: Path):
    states = "SELECT ?e WHERE { ?e a/rdfs:subClassOf* kg:State }"
    people = "SELECT ?e WHERE { ?e a/rdfs:subClassOf* kg:Person }"
    before = KnowledgeGraph.open(built_repo / "build")
    expected = {row["e"] for row in before.select(states)}
    assert URIRef(ENTITY + "russia") in {URIRef(e) for e in expected}
    for drafts in (False, True):
        graph = KnowledgeGraph.open(drafted / "build", drafts=drafts)
        found = {row["e"] for row in graph.select(states)}
        assert found == expected, f"drafts={drafts}"
        assert not found & {row["e"] for row in graph.select(people)}
        assert not found & {row["e"] for row in graph.select("SELECT ?e WHERE { ?e a kg:ProposedEntity }")}
    with_drafts = KnowledgeGraph.open(drafted / "build", drafts=True)
    guessed = with_drafts.select("SELECT ?e WHERE { ?e kg:proposedType/rdfs:subClassOf* kg:State }")
    assert guessed, "the extractor proposes a state ('Georgian SSR'): typed by kg:proposedType only"


def test_catalogue_queries_answer_as_before_unless_drafts_are_asked_for(drafted: Path, built_repo: Path):
    before = KnowledgeGraph.open(built_repo / "build", built_repo / "queries")
    after = KnowledgeGraph.open(drafted / "build", drafted / "queries")
    with_drafts = KnowledgeGraph.open(drafted / "build", drafted / "queries", drafts=True)
    changed = []
    for name in sorted(before.catalogue):
        assert _rows(after, name) == _rows(before, name), f"{name} answers differently without --drafts"
        if _rows(with_drafts, name) != _rows(before, name):
            changed.append(name)
    # The infobox's "Combatant2: South Ossetia, Russia" is drafted: Russia's actions (the default actor) gain it;
    # the conflict it names is only proposed (no kg:War yet), so the war-belligerents question does not.
    assert "statement-origins" in changed and "actions-of-party" in changed and "war-belligerents" not in changed
    gained = [r for r in with_drafts.select("actions-of-party") if r not in before.select("actions-of-party")]
    assert gained and all(r["relation"] == "belligerent in" for r in gained)
    assert any("Combatant2: South Ossetia, Russia" in r["quote"] for r in gained)
    drafted_rows = with_drafts.select("statement-origins")  # origin "extracted" by default
    assert {r["origin"] for r in drafted_rows} == {"extracted"} and all(0 < r["confidence"] <= 1 for r in drafted_rows)
    drafted_count = len(set(_drafts_graph(drafted / "build").subjects(RDF.type, KG.Statement)))
    assert len({r["statement"] for r in drafted_rows}) == drafted_count
    assert after.select("statement-origins") == [], "without --drafts no statement is extracted"
    curated = with_drafts.select("statement-origins", origin='"curated"')
    assert {r["origin"] for r in curated} == {"curated"} and all(r["confidence"] is None for r in curated)
    assert sorted(map(str, after.select("statement-origins", origin='"curated"'))) == sorted(map(str, curated))
    curated_count = len(set(Graph().parse(drafted / "build" / "kgraph.nt").subjects(RDF.type, KG.Statement)))
    assert len({r["statement"] for r in curated}) == curated_count


def test_the_curated_triples_are_those_of_the_build_without_drafts(drafted: Path, built_repo: Path):
    before, after = _curated_triples(built_repo / "build"), _curated_triples(drafted / "build")
    assert before <= after
    source = BASE + "source/" + SOURCE_ID
    added = {t for t in after - before if not str(t[0]).startswith(source)}
    assert added == set(), "only the new source's own description (title, licence, sections) is added"
    assert after - before, "the new source is described in the provenance graph"
    single = Graph().parse(drafted / "build" / "kgraph.nt", format="nt")
    assert set(single) == after, "kgraph.nt is the curated graph"


def test_drafts_are_in_the_trig_export_only(drafted: Path):
    build_dir = drafted / "build"
    drafts = _drafts_graph(build_dir)
    for name, fmt in (("kgraph.nt", "nt"), ("kgraph.ttl", "turtle"), ("kgraph.jsonld", "json-ld")):
        graph = Graph().parse(build_dir / name, format=fmt)
        assert (None, KG.origin, Literal("extracted")) not in graph, name
        assert (None, RDF.type, KG.ProposedEntity) not in graph, name
        assert not set(graph) & set(drafts), f"{name} holds no triple of the drafts graph"
    void = Graph().parse(build_dir / "void.ttl")
    assert (DRAFTS, None, None) in void, "the description counts the drafts graph"
    page = (build_dir / "graph.html").read_text(encoding="utf-8")
    for statement in drafts.subjects(RDF.type, KG.Statement):
        assert f'"{str(statement).rsplit("/", 1)[-1]}"' not in page, "the built network page is curated only"


def test_confirmed_by_links_a_draft_to_the_curated_statement_and_stays_in_the_drafts_graph(drafted_build: Build):
    # "Russia" belligerent in a conflict is drafted; a draft confirmed by a curated statement keeps its link.
    curated = {(s.subject, s.relation, s.object): s.id for s in drafted_build.statements}
    expected = {
        s.id: curated[(s.subject, s.relation, s.object)]
        for s in drafted_build.drafts.statements
        if (s.subject, s.relation, s.object) in curated
    }
    assert {s.id: s.confirmed_by for s in drafted_build.drafts.statements if s.confirmed_by} == expected
    drafts = str(drafted_build.iris.graph("drafts"))
    confirmations = [q for q in drafted_build.quads if q.predicate.value == str(KG.confirmedBy)]
    assert all(q.graph_name.value == drafts for q in confirmations)
    assert len(confirmations) == len(expected)


def test_a_proposed_entity_is_checked_as_it_would_stand_once_accepted(drafted: Path, drafted_build: Build):
    project = Project(drafted)
    assert check_shapes(project, drafted_build).conforms
    drafts = drafted_build.drafts
    accepted = as_accepted(drafted_build)
    assert {q.subject.value.removeprefix(ENTITY) for q in accepted} == set(drafts.entities)
    assert all(q.graph_name.value == str(DRAFTS) for q in accepted)
    # A proposed belligerent guessed as an agreement: the domain check of belligerentIn runs on drafts too.
    statement = next(s for s in drafts.statements if s.relation == "belligerentIn" and s.subject in drafts.entities)
    entities = dict(drafts.entities)
    entities[statement.subject] = replace(entities[statement.subject], types=("Agreement",))
    wrong = Drafts(drafts.statements, entities)
    b = drafted_build
    graph = build_quads(b.config, b.ontology, b.catalogue, b.statements, b.documents, wrong)
    report = check_shapes(project, replace(b, graph=graph, drafts=wrong))
    assert not report.conforms
    assert [v.path for v in report.violations if v.focus.endswith("/" + statement.id)] == [
        "subject-outside-domain-violation"
    ]


def test_stats_count_drafts_apart(drafted: Path, built_repo: Path, capsys):
    assert main(["--root", str(built_repo), "-q", "stats"]) == 0
    before = capsys.readouterr().out
    assert main(["--root", str(drafted), "-q", "stats"]) == 0
    after = capsys.readouterr().out
    assert after.splitlines()[:-1] == before.splitlines()[:-1], "only the triple count (the new source) differs"
    assert "Drafts" not in after
    assert main(["--root", str(drafted), "-q", "stats", "--drafts"]) == 0
    with_drafts = capsys.readouterr().out
    drafted_count = len(set(_drafts_graph(drafted / "build").subjects(RDF.type, KG.Statement)))
    proposed_count = len(set(_drafts_graph(drafted / "build").subjects(RDF.type, KG.ProposedEntity)))
    assert f"Drafts: drafted statements per relation ({drafted_count} in all, not curated)" in with_drafts
    assert f"Drafts: proposed entities per class they would have ({proposed_count} in all" in with_drafts
    assert with_drafts.startswith(after.rsplit("\n", 2)[0]), "the curated tables come first, unchanged"


def test_a_query_sees_drafts_only_when_asked_and_from_stays_refused(drafted: Path, capsys):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:origin 'extracted' }"
    assert main(["--root", str(drafted), "-q", "query", count, "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n", "0"]
    assert main(["--root", str(drafted), "-q", "query", count, "--format", "csv", "--drafts"]) == 0
    drafted_count = len(set(_drafts_graph(drafted / "build").subjects(RDF.type, KG.Statement)))
    assert capsys.readouterr().out.split() == ["n", str(drafted_count)]
    # The TriG export read directly: the drafts graph is left out of the default graph unless asked for.
    prefixes = {"kg": str(KG)}
    trig = drafted / "build" / "kgraph.trig"
    assert KnowledgeGraph.from_file(trig, prefixes).select(count) == [{"n": 0}]
    assert KnowledgeGraph.from_file(trig, prefixes, drafts=True).select(count) == [{"n": drafted_count}]
    with pytest.raises(QueryError):
        KnowledgeGraph.from_file(trig, prefixes).select(f"SELECT * FROM <{DRAFTS}> WHERE {{ ?s ?p ?o }}")


def test_the_network_draws_drafts_dotted_and_pale_with_their_confidence(drafted: Path, tmp_path: Path):
    stored = StoredBuild.load(drafted / "build", drafts=True)
    network = statement_network(stored.catalogue, stored.statements, stored.ontology)
    drafted_edges = {k: d for _, _, k, d in network.edges(keys=True, data=True) if d["origin"] == "extracted"}
    proposed = [n for n, d in network.nodes(data=True) if d["draft"]]
    assert drafted_edges and proposed
    target = tmp_path / "drafts.html"
    assert main(["--root", str(drafted), "-q", "viz", "--drafts", "-o", str(target)]) == 0
    curated_page = tmp_path / "curated.html"
    assert main(["--root", str(drafted), "-q", "viz", "-o", str(curated_page)]) == 0
    with offline_page() as (page, log):
        page.goto(curated_page.as_uri())
        page.wait_for_function("window.kgraphView !== undefined")
        assert page.evaluate("edges.get().filter(e => e.id.endsWith('|draft')).length") == 0
        page.goto(target.as_uri())
        page.wait_for_function("window.kgraphView !== undefined")
        lines = page.evaluate("edges.get().filter(e => e.id.endsWith('|draft'))")
        curated_lines = page.evaluate("edges.get().filter(e => !e.id.endsWith('|draft'))")
        node = page.evaluate(f"nodes.get({proposed[0]!r})")
        page.evaluate(f"kgraphView.showEdge({lines[0]['id']!r})")
        panel = page.inner_text("#kg-info")
    assert not log.outside_requests and not log.page_errors and not log.console_errors
    assert lines and all(line["dashes"] == [2, 6] and line["color"]["opacity"] < 1 for line in lines)
    assert all("confidence" in line["title"] for line in lines)
    assert all(line.get("dashes") in (True, False) for line in curated_lines), "curated lines keep their style"
    assert node["shapeProperties"]["borderDashes"] == [2, 6]
    confidences = {f"{d['confidence']:.2f}" for d in drafted_edges.values()}
    assert "draft (extracted, confidence " in panel and any(c in panel for c in confidences)


def test_a_proposed_entity_goes_with_the_last_draft_that_names_it(drafted_build: Build):
    drafts = drafted_build.drafts
    entity = next(iter(drafts.entities))
    names = lambda s: (s.subject, s.object, *s.according_to, *s.denied_by, *s.disputed_by)  # noqa: E731
    remaining = [s for s in drafts.statements if entity not in names(s)]
    assert len(remaining) < len(drafts.statements)
    kept = keep_apart(drafted_build.statements, remaining, drafts.entities)
    assert entity not in kept.entities
    assert [s.id for s in kept.statements] == [s.id for s in remaining]
    # A draft with the id of a curated statement never replaces it.
    clash = replace(remaining[0], id=drafted_build.statements[0].id)
    assert clash.id not in {s.id for s in keep_apart(drafted_build.statements, [clash], {}).statements}


def test_the_endpoint_and_its_pages_show_drafts_only_when_served_with_drafts(drafted: Path):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:origin 'extracted' }"
    drafted_count = len(set(_drafts_graph(drafted / "build").subjects(RDF.type, KG.Statement)))
    statement = sorted(_drafts_graph(drafted / "build").subjects(RDF.type, KG.Statement))[0]
    answers = {}
    for options in ((), ("--drafts",)):
        with running_endpoint(drafted, drafted / "build", *options) as url:
            request = urllib.request.Request(
                f"{url}/sparql", data=count.encode(), headers={"Content-Type": "application/sparql-query"}
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                rows = json.loads(response.read())["results"]["bindings"]
            try:
                with urllib.request.urlopen(url + str(statement).removeprefix(BASE.rstrip("/")), timeout=30) as page:
                    text = page.read().decode()
            except urllib.error.HTTPError as error:
                text = f"HTTP {error.code}"
            answers[options] = (int(rows[0]["n"]["value"]), text)
    assert answers[()] == (0, "HTTP 404")
    served, page = answers[("--drafts",)]
    assert served == drafted_count
    assert "Draft statement: not curated" in page and "Confidence" in page


def test_analyze_reads_the_curated_graph_unless_drafts_are_asked_for(
    drafted: Path, drafted_build: Build, built_repo: Path, capsys
):
    assert main(["--root", str(built_repo), "-q", "analyze"]) == 0
    before = capsys.readouterr().out
    assert main(["--root", str(drafted), "-q", "analyze"]) == 0
    assert capsys.readouterr().out == before
    assert main(["--root", str(drafted), "-q", "analyze", "--drafts"]) == 0
    with_drafts = capsys.readouterr().out
    # Russia, a combatant in the drafted infobox, takes part in one statement more per drafted one naming it.
    russia = len([s for s in drafted_build.drafts.statements if "russia" in (s.subject, s.object)])
    assert russia >= 1

    def degree(text: str) -> int:
        return next(int(line.split()[1]) for line in text.splitlines() if line.startswith("Russia "))

    assert degree(with_drafts) == degree(before) + russia
