"""Parameter binding: values go in as checked, re-serialised RDF terms in a VALUES block, never as text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kgraph.cli import EXIT_QUERY_ERROR, main
from kgraph.query import KnowledgeGraph, QueryError, parse_value, read_query
from kgraph.sparql_binding import UnsafeValue, bind_parameters, check_iri, parameter_term, where_clause_start
from kgraph.store import to_oxigraph

from .conftest import REPO

XSD = "http://www.w3.org/2001/XMLSchema#"
KGR = "https://kgraph.example.org/nagorno-karabakh/entity/"
INJECTIONS = ['x" } ; DROP ALL #', 'x\\" } ; DROP ALL #', "x' } SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } #"]


def _rows(result) -> list[tuple]:
    return [tuple(solution[v.value] for v in result.variables) for solution in result]


def test_every_parametrised_catalogue_query_gives_the_rows_substitutions_give(catalogue, knowledge_graph):
    parametrised = {name: query for name, query in catalogue.items() if query.params}
    assert len(parametrised) >= 10
    for name, query in parametrised.items():
        values = {k: to_oxigraph(parse_value(v, knowledge_graph.prefixes)) for k, v in query.params.items()}
        bound = bind_parameters(query.text, values)
        assert bound.uses_values, f"{name}: its parameters should go in a VALUES block"
        substituted = knowledge_graph.store.query(
            query.text, use_default_graph_as_union=True, substitutions={ox.Variable(k): v for k, v in values.items()}
        )
        # The same multiset of rows (ORDER BY leaves the order of ties to the engine).
        assert sorted(map(str, _rows(knowledge_graph.query(query)))) == sorted(map(str, _rows(substituted))), name


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?x WHERE { ?x ?p "a { b" }',
        "SELECT ?x WHERE { ?x <http://e.org/p#{x}> ?o }".replace("{x}", "frag"),
        "SELECT ?x # a comment with { a brace\nWHERE { ?x ?p ?o }",
        "SELECT (COUNT(?x) AS ?n) WHERE { ?x ?p ?o }",
        "SELECT * { ?x ?p ?o }",
        "ASK { ?x ?p ?o }",
        "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }",
        "DESCRIBE ?x WHERE { ?x ?p ?o }",
    ],
)
def test_the_values_block_opens_the_where_clause(text):
    start = where_clause_start(text)
    assert start is not None
    assert text[start - 1] == "{"
    assert text[start:].lstrip().startswith("?x ?p") or text[start:].lstrip().startswith("?x <")


@pytest.mark.parametrize(
    "text",
    [
        "CONSTRUCT WHERE { ?x ?p ?o }",  # the pattern is also the template: no VALUES there
        "DESCRIBE <http://e.org/x>",  # no WHERE clause
        "SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }",  # a sub-select: scoping would change
        "SELECT ?x WHERE { ?x ?p \\u0022a\\u0022 }",  # codepoint escapes: offsets are not the parser's
    ],
)
def test_queries_that_cannot_take_a_values_block_fall_back_to_substitutions(text):
    bound = bind_parameters(text, {"x": ox.NamedNode("http://e.org/x")})
    assert bound.text == text
    assert bound.substitutions == {ox.Variable("x"): ox.NamedNode("http://e.org/x")}


@pytest.mark.parametrize(
    "term",
    [
        ox.Literal('he said "no" \\ then\nleft\ttoo'),
        ox.Literal("Ереван", language="hy"),
        ox.Literal("12", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("\\u0053ERVICE"),
        ox.NamedNode(KGR + "armenia"),
        *map(ox.Literal, INJECTIONS),
    ],
)
def test_a_bound_term_reads_back_as_the_same_term(term):
    store = ox.Store()
    bound = bind_parameters("SELECT ?v WHERE { }", {"v": term})
    assert "VALUES" in bound.text
    assert [row["v"] for row in store.query(bound.text)] == [term]


@pytest.mark.parametrize(
    "iri",
    [
        "http://a> } SERVICE <http://b",
        "http://a/b c",
        'http://a/"x"',
        "http://a/{x}",
        "http://a/\\u003E",
        "http://a/\nb",
        "no-scheme",
    ],
)
def test_a_malformed_iri_is_refused(iri):
    with pytest.raises(UnsafeValue, match="IRI"):
        check_iri(iri)
    with pytest.raises(UnsafeValue, match="IRI"):
        parameter_term(URIRef(iri))
    with pytest.raises(UnsafeValue, match="IRI"):
        parameter_term(Literal("1", datatype=URIRef(iri)))


def test_a_malformed_variable_name_is_refused():
    with pytest.raises(UnsafeValue, match="variable name"):
        bind_parameters("SELECT * WHERE { ?x ?p ?o }", {"x) { } SERVICE": ox.Literal("a")})


@pytest.mark.parametrize("value", INJECTIONS)
def test_an_injection_attempt_through_the_api_is_bound_as_a_value(knowledge_graph: KnowledgeGraph, value):
    rows = knowledge_graph.select("SELECT ?x WHERE { OPTIONAL { ?s kg:noSuchProperty ?x } }", x=Literal(value))
    assert rows == [{"x": value}]


def test_an_iri_injection_through_the_api_is_refused(knowledge_graph: KnowledgeGraph):
    with pytest.raises(QueryError, match="not an IRI"):
        knowledge_graph.select("arms-suppliers", recipient=URIRef("http://a> } SERVICE <http://b"))


def test_a_bind_to_a_parameter_still_runs_as_substitution_did(knowledge_graph: KnowledgeGraph):
    text = 'SELECT ?x ?y WHERE { BIND ("b" AS ?y) }'
    assert knowledge_graph.select(text, x=Literal("a")) == [{"x": "a", "y": "b"}]


def _cli(build_dir, capfdbinary, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(REPO), "-q", "query", "--build-dir", str(build_dir), *args])
    captured = capfdbinary.readouterr()
    return code, captured.out.decode(), captured.err.decode()


def test_an_injection_attempt_through_the_cli_is_bound_as_a_value(build_dir, capfdbinary):
    query = "SELECT ?x WHERE { OPTIONAL { ?s kg:noSuchProperty ?x } }"
    code, out, _ = _cli(build_dir, capfdbinary, query, "--param", 'x="x\\" } ; DROP ALL #"', "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["x", '"x\\"" } ; DROP ALL #"']


def test_an_iri_injection_through_the_cli_exits_5(build_dir, capfdbinary):
    code, _, err = _cli(
        build_dir, capfdbinary, "arms-suppliers", "--param", "recipient=<http://a> } SERVICE <http://b>"
    )
    assert code == EXIT_QUERY_ERROR
    assert "is not an IRI" in err


def test_a_default_read_once_does_not_stick_to_later_calls(knowledge_graph: KnowledgeGraph):
    # KnowledgeGraph reads a catalogue query's defaults once and bind_parameters caches bound texts:
    # a value given later must still win, and the default must come back after it.
    query = read_query(REPO / "queries" / "arms-suppliers.rq")
    suppliers = {name: {row["supplierLabel"] for row in knowledge_graph.select(query, **params)}
                 for name, params in (("default", {}), ("armenia", {"recipient": "kgr:armenia"}))}  # fmt: skip
    again = {row["supplierLabel"] for row in knowledge_graph.select(query)}
    # the article: Israel and Turkey armed Azerbaijan (the default); Russia armed both sides
    assert "Israel" in suppliers["default"] and "Israel" not in suppliers["armenia"]
    assert "Russia" in suppliers["armenia"] and again == suppliers["default"]
