"""`kgraph analyze` reads the build without rdflib or networkx: the ontology's terms from the build's own triples,
the network as plain data, betweenness and blocs computed by kgraph. Each is checked against rdflib and networkx
on the seed, and the community detection on small graphs worked out by hand."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kgraph.analyze import PARTY_GROUPS, betweenness_centrality, blocs, central_parties
from kgraph.graph.readback import StoredBuild
from kgraph.model.terms import OTHER_KIND
from kgraph.namespaces import KG
from kgraph.network import communities, statement_graph, statement_network
from kgraph.pipeline import Build
from kgraph.publish.modularity import greedy_modularity_communities


@pytest.fixture(scope="module")
def stored(build_dir: Path) -> StoredBuild:
    return StoredBuild.load(build_dir)


def _support_ties(network: nx.MultiDiGraph) -> nx.Graph:
    """The ties blocs are made of, counted into weights, as networkx would hold them."""
    ties = nx.Graph()
    for subject, obj, data in network.edges(data=True):
        if data["status"] == "asserted" and (data["kind"] in {"support", "arms"} or data["relation"] == "foughtFor"):
            weight = ties.get_edge_data(subject, obj, {"weight": 0})["weight"]
            ties.add_edge(subject, obj, weight=weight + 1)
    return ties


def _partition(found) -> set[frozenset]:
    return {frozenset(c) for c in found}


def test_the_terms_read_back_are_the_ontologys_as_rdflib_reads_it(build: Build, stored: StoredBuild):
    terms, graph = stored.terms, build.ontology.graph
    relations = set(graph.transitive_subjects(RDFS.subPropertyOf, KG.relation)) - {KG.relation}
    assert terms.relations == {str(r).removeprefix(str(KG)): str(r) for r in relations}
    for name in terms.relations:
        assert terms.relation_labels[name] == str(graph.value(KG[name], RDFS.label))
        concept = graph.value(KG[name], KG.kind)
        expected = (str(graph.value(concept, SKOS.notation)), str(graph.value(concept, SKOS.prefLabel)))
        assert terms.relation_kinds[name] == (expected if concept is not None else (OTHER_KIND, OTHER_KIND))
    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG))}
    assert set(terms.classes.values()) == {str(c) for c in classes}
    for cls in classes:
        # kg classes above it; the build keeps the triples of kg terms only, so outside classes end the chain
        above = {str(c) for c in graph.transitive_objects(cls, RDFS.subClassOf) if str(c).startswith(str(KG))}
        assert {c for c in terms.superclasses[str(cls)] if c.startswith(str(KG))} == above
    # "Armenia" is a recognised state, a state, a party: the nearest group of the style is State
    assert {KG.State, KG.Party} <= set(graph.transitive_objects(KG.RecognisedState, RDFS.subClassOf))
    assert {str(KG.State), str(KG.Party)} <= terms.superclasses[str(KG.RecognisedState)]


def test_the_plain_network_is_the_networkx_one(build: Build, stored: StoredBuild):
    plain = statement_graph(stored.catalogue, stored.statements, stored.terms)
    drawn = statement_network(stored.catalogue, stored.statements, stored.ontology)
    assert list(plain.nodes.items()) == list(drawn.nodes(data=True))
    assert {k: (s, o, d) for s, o, k, d in plain.edges} == {
        k: (s, o, d) for s, o, k, d in drawn.edges(keys=True, data=True)
    }
    assert len(plain.edges) == drawn.number_of_edges() == len(stored.statements)
    assert plain.degrees() == dict(drawn.degree())
    # the project's ontology (rdflib, read from ontology/) and the build's terms give the same network
    from_records = statement_network(stored.catalogue, stored.statements, build.ontology)
    assert list(from_records.nodes(data=True)) == list(drawn.nodes(data=True))
    assert list(from_records.edges(keys=True, data=True)) == list(drawn.edges(keys=True, data=True))


def test_the_facts_analyze_reads_are_the_statements_without_their_evidence(stored: StoredBuild):
    facts, records = stored.statement_facts, stored.statements
    assert [f.id for f in facts] == [r.id for r in records]
    for fact, record in zip(facts, records, strict=True):
        assert fact.subject == record.subject and fact.relation == record.relation and fact.object == record.object
        assert (fact.status, fact.origin, fact.confidence) == (record.status, record.origin, record.confidence)
        assert (fact.according_to, fact.denied_by, fact.disputed_by) == (
            record.according_to,
            record.denied_by,
            record.disputed_by,
        )
        assert [tuple(f) for f in fact.quantities] == [tuple(vars(q).values()) for q in record.quantities]
    light = statement_graph(stored.catalogue, facts, stored.terms)
    full = statement_graph(stored.catalogue, records, stored.terms)
    assert light.nodes == full.nodes
    for (*ends, key, data), (*full_ends, full_key, full_data) in zip(light.edges, full.edges, strict=True):
        assert (ends, key) == (full_ends, full_key) and data["quote"] == data["section"] == ""
        assert data == {**full_data, "quote": "", "section": ""}


def test_central_parties_rank_by_networkx_degree_and_betweenness(stored: StoredBuild):
    plain = statement_graph(stored.catalogue, stored.statements, stored.terms)
    drawn = statement_network(stored.catalogue, stored.statements, stored.terms)
    simple = nx.Graph(drawn.to_undirected())
    simple.remove_edges_from(nx.selfloop_edges(simple))
    theirs = nx.betweenness_centrality(simple, normalized=True)
    parties = [n for n, d in drawn.nodes(data=True) if d["group"] in PARTY_GROUPS]
    ranked = sorted(parties, key=lambda n: (-drawn.degree(n), -theirs[n], n))[:15]
    expected = [(drawn.nodes[n]["label"], drawn.degree(n), round(theirs[n], 3)) for n in ranked]
    assert central_parties(plain) == expected
    # "Azerbaijan" and "Armenia", the two parties of the war, take part in the most statements
    assert {row[0] for row in expected[:2]} == {"Azerbaijan", "Armenia"}


def test_betweenness_equals_networkx_on_graphs_with_leaves_loops_and_islands():
    for seed in range(60):
        rng = random.Random(seed)
        size = rng.randint(1, 30)
        graph = nx.gnm_random_graph(size, rng.randint(0, 2 * size), seed=seed)
        for leaf in range(rng.randint(0, 8)):  # leaves hung on random nodes, and a pair on its own
            graph.add_edge(rng.randrange(size), size + leaf)
        graph.add_edge("lone-a", "lone-b")
        graph.add_edge(0, 0)
        ours = betweenness_centrality({n: set(graph.neighbors(n)) for n in graph})
        theirs = nx.betweenness_centrality(graph, normalized=True)
        assert all(abs(ours[n] - theirs[n]) < 1e-12 for n in graph), seed


def test_blocs_are_networkx_greedy_modularity_communities_on_the_seed(stored: StoredBuild):
    plain = statement_graph(stored.catalogue, stored.statements, stored.terms)
    drawn = statement_network(stored.catalogue, stored.statements, stored.terms)
    ties = _support_ties(drawn)
    theirs = nx.algorithms.community.greedy_modularity_communities(ties, weight="weight")
    weights = {(u, v): d["weight"] for u, v, d in ties.edges(data=True)}
    assert _partition(greedy_modularity_communities(weights)) == _partition(theirs)
    ranked = sorted(theirs, key=lambda c: (-len(c), sorted(c)))
    expected = {node: i for i, members in enumerate(ranked) for node in members}
    assert communities(plain) == communities(drawn) == {n: expected.get(n, -1) for n in drawn}
    # The Armenian side and the Azerbaijani side fall in different blocs.
    rows = blocs(plain, {"Armenian side": ("armenia",), "Azerbaijani side": ("azerbaijan",)})
    anchored = [row[1] for row in rows]
    assert "Armenian side" in anchored and "Azerbaijani side" in anchored and len(rows) >= 2


def test_greedy_modularity_equals_networkx_on_random_weighted_graphs():
    # Small integer weights make many equal gains: the ties must be broken as networkx breaks them.
    for seed in range(150):
        rng = random.Random(seed)
        size = rng.randint(2, 25)
        graph = nx.gnm_random_graph(size, rng.randint(1, 3 * size), seed=seed)
        if rng.random() < 0.3:
            graph.add_edge(0, 0)
        nx.set_edge_attributes(graph, {e: rng.choice([1, 1, 2, 3]) for e in graph.edges}, "weight")
        if graph.number_of_edges() == 0:
            continue
        weights = {(u, v): d["weight"] for u, v, d in graph.edges(data=True)}
        ours = greedy_modularity_communities(weights, graph.nodes)
        theirs = nx.algorithms.community.greedy_modularity_communities(graph, weight="weight")
        assert _partition(ours) == _partition(theirs), seed


def test_greedy_modularity_by_hand():
    # Two triangles a-b-c and d-e-f joined by the edge c-d (m = 7): merging inside a triangle gains
    # 1/7 - 2(2/14)(2/14) > 0, and once both triangles are whole, joining them across the one edge loses
    # (1/7 - 2(7/14)(7/14) < 0).
    triangles = {("a", "b"): 1, ("b", "c"): 1, ("a", "c"): 1, ("d", "e"): 1, ("e", "f"): 1, ("d", "f"): 1}
    bridged = triangles | {("c", "d"): 1}
    assert _partition(greedy_modularity_communities(bridged)) == {frozenset("abc"), frozenset("def")}
    # One edge: merging its ends gains 1/1 - 2(1/2)(1/2) = 1/2.
    assert _partition(greedy_modularity_communities({("a", "b"): 1})) == {frozenset("ab")}
    # Two heavy pairs a=b and c=d (weight 5) and a light tie b-c (weight 1), m = 11: the pairs merge
    # (5/11 - 2(5/22)(6/22) > 0) and then stay apart (1/11 - 2(6/22)(6/22) < 0, and less once merged).
    pairs = {("a", "b"): 5, ("c", "d"): 5, ("b", "c"): 1}
    assert _partition(greedy_modularity_communities(pairs)) == {frozenset("ab"), frozenset("cd")}
    # A node without ties stays alone; no ties, no merges.
    assert _partition(greedy_modularity_communities({("a", "b"): 1}, ["a", "b", "z"])) == {
        frozenset("ab"),
        frozenset("z"),
    }
    assert greedy_modularity_communities({}, ["x"]) == [frozenset("x")]
