"""`kgraph stats` counts with SPARQL on the build's store, and starts without the libraries it does not need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.graph.readback import StoredBuild
from kgraph.stats import count_build, entities_per_class, statements_per_relation

from .conftest import REPO


def test_sparql_counts_agree_with_counting_the_records_read_back(build_dir: Path):
    stored = StoredBuild.load(build_dir)
    counts = count_build(stored.store, stored.prefixes)
    assert counts.entities == len(stored.catalogue)
    assert counts.classes == entities_per_class(stored.catalogue)
    assert counts.statements == len(stored.statements)
    assert counts.relations == statements_per_relation(stored.statements)
    assert counts.triples == len(stored)


def test_the_seed_counts_what_its_data_holds(build_dir: Path):
    stored = StoredBuild.load(build_dir)
    counts = count_build(stored.store, stored.prefixes)
    relations = {row[0]: row[1:] for row in counts.relations}
    # "Smaller suppliers include China, India, Ukraine, Greece, Serbia, Jordan (per Armenian MoD sources,
    # denied by Jordan)": five asserted suppliers and one denied supply, among others
    asserted, _, denied, _, total = relations["suppliedArmsTo"]
    assert asserted >= 5 and denied >= 1 and total >= asserted + denied
    assert dict(counts.classes)["RecognisedState"] >= 2  # Armenia and Azerbaijan at least
    assert sum(n for _, n in counts.classes) >= counts.entities  # an entity with two types counts twice


@pytest.mark.parametrize(("command", "shown"), [("stats", "triples"), ("analyze", "Most central parties")])
def test_stats_and_analyze_import_neither_rdflib_nor_networkx(built_repo: Path, command: str, shown: str):
    program = (
        "import sys; from kgraph.cli import main; "
        f"code = main(['--root', {str(built_repo)!r}, '-q', {command!r}]); "
        "print(sorted(m for m in ('rdflib', 'networkx', 'pyvis', 'kgraph.pipeline') if m in sys.modules), "
        "file=sys.stderr); sys.exit(code)"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_betweenness_by_hand_and_as_networkx_counts_it():
    import networkx as nx

    from kgraph.analyze import betweenness_centrality

    # A path a-b-c: every shortest path between the other two passes through b. A star: through the centre.
    path = betweenness_centrality({"a": {"b"}, "b": {"a", "c"}, "c": {"b"}})
    assert path == {"a": 0.0, "b": 1.0, "c": 0.0}
    star = betweenness_centrality({"hub": {"1", "2", "3", "4"}, **{leaf: {"hub"} for leaf in "1234"}})
    assert star["hub"] == 1.0 and star["1"] == 0.0
    # A square with one diagonal: the two ends of the diagonal each carry half of one pair's two paths.
    square = betweenness_centrality({"a": {"b", "d", "c"}, "b": {"a", "c"}, "c": {"b", "d", "a"}, "d": {"a", "c"}})
    assert square["a"] == square["c"] == 1 / 6 and square["b"] == square["d"] == 0.0
    graph = nx.gnm_random_graph(40, 90, seed=11)
    graph.add_edge(3, 3)  # a statement whose subject is its object
    ours = betweenness_centrality({n: set(graph.neighbors(n)) for n in graph})
    theirs = nx.betweenness_centrality(graph, normalized=True)
    assert all(abs(ours[n] - theirs[n]) < 1e-12 for n in graph)
