"""Exports proven by independent implementations: Raptor, Apache Jena and Oxigraph parse every export to the
build's triples, and rdflib, Oxigraph and Jena ARQ give the same answers to every catalogue query."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Graph

from kgraph.cli import main
from kgraph.query import KnowledgeGraph, parse_value
from kgraph.store import to_oxigraph

from .conftest import REPO, TEST_DATA
from .engines import (
    arq_select_all,
    canonical_ntriples,
    isql,
    rapper,
    riot,
    rows_from_json,
    rows_from_oxigraph,
    rows_from_rdflib,
    virtuoso,
    with_values,
)

EXPORTS = {"kgraph.ttl": "turtle", "kgraph.nt": "ntriples", "kgraph.trig": "trig", "kgraph.jsonld": None}
LIMITS = yaml.safe_load((TEST_DATA / "engine-limits.yaml").read_text(encoding="utf-8"))
COMPARED_WITH = yaml.safe_load((TEST_DATA / "comparison-parameters.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def expected(build_dir: Path) -> set[str]:
    return canonical_ntriples((build_dir / "kgraph.nt").read_bytes())


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("engines")


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_parser_reads_the_same_triples(name: str, build_dir: Path, expected: set[str], workdir: Path):
    path = build_dir / name
    formats = {
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".trig": ox.RdfFormat.TRIG,
        ".jsonld": ox.RdfFormat.JSON_LD,
    }
    readings = {
        "oxigraph": canonical_ntriples(path.read_bytes(), formats[path.suffix]),
        "jena riot": riot(path, workdir),
    }
    if EXPORTS[name]:
        readings["raptor"] = rapper(path, EXPORTS[name])
    else:
        warnings.warn(f"Raptor has no JSON-LD parser: {name} is proved by Oxigraph and Jena only", stacklevel=1)
    for tool, triples in readings.items():
        assert len(triples) == len(expected), f"{tool} counts {len(triples)} triples in {name}"
        assert triples == expected, f"{tool} reads {name} differently"


def test_the_jsonld_context_is_published_with_the_build(build_dir: Path):
    context = (build_dir / "context.jsonld").read_text(encoding="utf-8")
    document = (build_dir / "kgraph.jsonld").read_text(encoding="utf-8")
    graph = Graph().parse(
        data=document.replace('"@context"', '"@ignored"', 1),
        format="json-ld",
        context=Path(build_dir / "context.jsonld").as_uri(),
    )
    assert '"kgr"' in context and len(graph) > 0


def _bound(catalogue, prefixes):
    """Each query's default parameters, or those comparison-parameters.yaml gives where the defaults select nothing."""
    return {
        name: {k: parse_value(v, prefixes) for k, v in (q.params | COMPARED_WITH.get(name, {})).items()}
        for name, q in catalogue.items()
    }


def test_every_catalogue_query_gives_the_same_rows_on_rdflib_oxigraph_and_jena(build_dir: Path, catalogue, workdir):
    prefixes = KnowledgeGraph.open(build_dir).prefixes
    bindings = _bound(catalogue, prefixes)
    store = ox.Store()
    store.bulk_load(path=str(build_dir / "kgraph.ttl"), format=ox.RdfFormat.TURTLE)
    rdflib_graph = Graph().parse(build_dir / "kgraph.ttl")
    # Jena's command line has no parameter binding: the catalogue's own default values (constants from the
    # .rq files, never user input) open the WHERE group as a VALUES block, which binds them for the whole group.
    texts = {name: with_values(q.text, bindings[name]) for name, q in catalogue.items()}
    jena = arq_select_all(build_dir / "kgraph.ttl", texts, workdir, timeout=60)
    problems, skipped = [], []
    for name, query in sorted(catalogue.items()):
        oxigraph = rows_from_oxigraph(
            store.query(query.text, substitutions={ox.Variable(k): to_oxigraph(v) for k, v in bindings[name].items()})
        )
        answers = {"oxigraph": oxigraph}
        if isinstance(jena[name], str):
            problems.append(f"{name}: Jena ARQ failed: {jena[name]}")
        else:
            answers["jena"] = rows_from_json(jena[name])
        if name in LIMITS["rdflib"]:
            skipped.append(f"rdflib does not run {name}: {LIMITS['rdflib'][name]}")
        else:
            answers["rdflib"] = rows_from_rdflib(rdflib_graph.query(query.text, initBindings=bindings[name]))
        if not oxigraph:
            problems.append(f"{name}: no rows at all, so the comparison would prove nothing")
        for engine, rows in answers.items():
            if rows != oxigraph:
                missing, extra = oxigraph - rows, rows - oxigraph
                problems.append(
                    f"{name}: {engine} differs from oxigraph: missing {list(missing)[:2]}, extra {list(extra)[:2]}"
                )
    for message in skipped:
        warnings.warn(message, stacklevel=1)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def virtuoso_store(build_dir: Path, tmp_path_factory):
    with virtuoso(tmp_path_factory.mktemp("virtuoso"), build_dir.resolve()) as (address, endpoint):
        yield address, endpoint


def _compare_catalogue_on_virtuoso(endpoint: str, graph_iri: str, build_dir: Path, catalogue) -> list[str]:
    local = KnowledgeGraph.open(build_dir)
    count = _virtuoso_select(endpoint, graph_iri, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    problems = []
    if int(count["results"]["bindings"][0]["n"]["value"]) != len(local):
        problems.append(f"Virtuoso holds {count} triples in {graph_iri}, not {len(local)}")
    for name, query in sorted(catalogue.items()):
        if name in LIMITS["virtuoso"]:
            warnings.warn(f"Virtuoso is not compared on {name}: {LIMITS['virtuoso'][name]}", stacklevel=1)
            continue
        values = {k: parse_value(v, local.prefixes) for k, v in query.params.items()}
        mine = rows_from_oxigraph(
            local.store.query(query.text, substitutions={ox.Variable(k): to_oxigraph(v) for k, v in values.items()})
        )
        try:
            theirs = rows_from_json(_virtuoso_select(endpoint, graph_iri, with_values(query.text, values)))
        except urllib.error.HTTPError as error:
            problems.append(f"{name}: Virtuoso refused it: {error.read()[:300]!r}")
            continue
        if mine != theirs:
            problems.append(
                f"{name}: Virtuoso differs: missing {list(mine - theirs)[:2]}, extra {list(theirs - mine)[:2]}"
            )
    return problems


def test_virtuoso_loads_the_build_with_ld_dir_and_answers_every_catalogue_query_alike(
    build_dir: Path, catalogue, virtuoso_store
):
    address, endpoint = virtuoso_store
    graph_iri = "https://kgraph.example.org/nagorno-karabakh/graph/loaded"
    isql(address, f"ld_dir('{build_dir.resolve()}', 'kgraph.nt', '{graph_iri}'); rdf_loader_run(); checkpoint;")
    problems = _compare_catalogue_on_virtuoso(endpoint, graph_iri, build_dir, catalogue)
    assert not problems, "\n".join(problems)


def test_push_to_virtuoso_then_every_catalogue_query_gives_the_local_answers(
    build_dir: Path, catalogue, virtuoso_store, capsys
):
    address, endpoint = virtuoso_store
    isql(address, 'grant SPARQL_UPDATE to "SPARQL";')  # a private test instance: let its endpoint take updates
    graph_iri = "https://kgraph.example.org/nagorno-karabakh/graph/pushed"
    store = endpoint.rsplit("/", 1)[0] + "/sparql-graph-crud"
    args = [
        "--root",
        str(REPO),
        "-q",
        "push",
        "--endpoint",
        store,
        "--update-endpoint",
        endpoint,
        "--graph",
        graph_iri,
        "--replace",
        "--chunk-size",
        "8000",
        "--build-dir",
        str(build_dir),
    ]
    assert main(args) == 0
    assert f"the store now holds {len(KnowledgeGraph.open(build_dir))} triples" in capsys.readouterr().out
    problems = _compare_catalogue_on_virtuoso(endpoint, graph_iri, build_dir, catalogue)
    assert not problems, "\n".join(problems)


def _virtuoso_select(endpoint: str, graph: str, query: str) -> dict:
    body = urllib.parse.urlencode({"query": query, "default-graph-uri": graph}).encode()
    request = urllib.request.Request(endpoint, data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())
