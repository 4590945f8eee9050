"""Benchmark the network view: time from page load until the graph is drawn and still, for the full
Nagorno-Karabakh graph and for a synthetic graph of 5,000 nodes. Prints figures; asserts nothing.

    python bench/viz.py [--nodes 5000]

The layout is computed in Python before the page opens and physics is off, so "drawn" is "still".
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kgraph.network import edge_data, statement_network, style
from kgraph.pipeline import assemble
from kgraph.project import Project
from kgraph.viz import render_page

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser import offline_page  # noqa: E402 - the same headless, offline Chromium the tests use


def synthetic(nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A random statement network with the attributes the view needs: nodes in every group, edges of every kind."""
    rng = random.Random(seed)
    looks = style()
    groups, kinds = list(looks.groups), list(looks.kinds)
    graph = nx.MultiDiGraph()
    for index in range(nodes):
        group = rng.choice(groups)
        graph.add_node(
            f"n{index}", label=f"Entity {index}", types=[group], group=group, description="synthetic", aliases=[]
        )
    for index in range(nodes * 2):
        start = rng.randint(1988, 2024)
        graph.add_edge(
            f"n{rng.randrange(nodes)}",
            f"n{rng.randrange(nodes)}",
            key=f"s{index}",
            **edge_data(
                "supported",
                "supported",
                rng.choice(kinds),
                rng.choice(["asserted", "asserted", "alleged"]),
                time=str(start),
                dates=[{"text": str(start), "precision": "year"}] * 2,
                years=[start, start],
                quote="synthetic",
                section="synthetic",
            ),
        )
    return graph


def drawn_after(page_file: Path) -> float:
    """Milliseconds from navigation start until vis-network has drawn the page once (physics is off)."""
    with offline_page() as (page, _):
        page.goto(page_file.as_uri(), timeout=600_000)
        page.wait_for_function("window.kgraphDrawnAt !== undefined", timeout=600_000)
        return page.evaluate("window.kgraphDrawnAt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=5000, help="nodes in the synthetic graph (default 5000)")
    args = parser.parse_args()
    build = assemble(Project(ROOT))
    graphs = {
        "Nagorno-Karabakh (full)": statement_network(build.catalogue, build.statements, build.ontology),
        f"synthetic ({args.nodes} nodes)": synthetic(args.nodes),
    }
    with tempfile.TemporaryDirectory() as folder:
        for name, graph in graphs.items():
            started = time.perf_counter()
            page = render_page(graph, name, "benchmark")
            rendered = time.perf_counter() - started
            path = Path(folder) / "page.html"
            path.write_text(page, encoding="utf-8")
            milliseconds = drawn_after(path)
            print(
                f"{name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
                f"page written in {rendered:.1f} s ({len(page) / 1e6:.1f} MB); drawn and still "
                f"{milliseconds:.0f} ms after the page began to load"
            )


if __name__ == "__main__":
    main()
