"""Analytics over the statement network: central parties, blocs, the arms trade and bridges (drafts, read with
--drafts, are marked as such)."""

from __future__ import annotations

from collections import defaultdict, deque

import networkx as nx

from kgraph.network import communities, is_draft

PARTY_GROUPS = {"State", "Person", "Organisation", "ArmedGroup", "PopulationGroup", "Party"}
POSITIVE_KINDS = {"support", "arms"}


def central_parties(graph: nx.MultiDiGraph, top: int = 15) -> list[tuple[str, int, float]]:
    """(party, statements it takes part in, betweenness) for the most connected parties."""
    neighbours: dict[str, set[str]] = {node: set() for node in graph}
    for subject, obj in graph.edges():
        neighbours[subject].add(obj)
        neighbours[obj].add(subject)
    betweenness = betweenness_centrality(neighbours)
    parties = [n for n, d in graph.nodes(data=True) if d["group"] in PARTY_GROUPS]
    ranked = sorted(parties, key=lambda n: (-graph.degree(n), -betweenness[n], n))[:top]
    return [(graph.nodes[n]["label"], graph.degree(n), round(betweenness[n], 3)) for n in ranked]


def betweenness_centrality(neighbours: dict[str, set[str]]) -> dict[str, float]:
    """Normalised betweenness of every node of an undirected, unweighted graph given as its neighbour sets:
    the share of shortest paths between two other nodes that pass through it (Brandes' algorithm, the
    values networkx's betweenness_centrality gives, without copying the graph into networkx first)."""
    nodes = list(neighbours)
    index = {node: i for i, node in enumerate(nodes)}
    adjacent = [[index[other] for other in neighbours[node] if other != node] for node in nodes]
    size = len(nodes)
    score = [0.0] * size
    for source in range(size):
        paths, distance, before = [0] * size, [-1] * size, [[] for _ in range(size)]
        paths[source], distance[source] = 1, 0
        reached, queue = [], deque([source])
        while queue:
            node = queue.popleft()
            reached.append(node)
            step = distance[node] + 1
            for other in adjacent[node]:
                if distance[other] < 0:
                    distance[other] = step
                    queue.append(other)
                if distance[other] == step:
                    paths[other] += paths[node]
                    before[other].append(node)
        dependency = [0.0] * size
        for node in reversed(reached):
            share = (1 + dependency[node]) / paths[node]
            for previous in before[node]:
                dependency[previous] += paths[previous] * share
            if node != source:
                score[node] += dependency[node]
    # Each unordered pair was counted from both ends; networkx divides by (n-1)(n-2) ordered pairs.
    scale = 1 / ((size - 1) * (size - 2)) if size > 2 else 1.0
    return {node: score[i] * scale for i, node in enumerate(nodes)}


def blocs(graph: nx.MultiDiGraph, sides: dict[str, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """(bloc, the sides its anchors belong to, its members by connectedness) for blocs of two or more."""
    membership = communities(graph)
    members: dict[int, list[str]] = defaultdict(list)
    for node, bloc in membership.items():
        if bloc >= 0:
            members[bloc].append(node)
    rows = []
    for bloc, nodes in sorted(members.items()):
        if len(nodes) < 2:
            continue
        anchored = [side for side, anchors in sides.items() if set(anchors) & set(nodes)]
        ordered = sorted(nodes, key=lambda n: (-graph.degree(n), n))
        rows.append(
            (f"bloc {bloc + 1}", ", ".join(anchored) or "-", ", ".join(graph.nodes[n]["label"] for n in ordered))
        )
    return rows


def arms_supply(graph: nx.MultiDiGraph) -> list[tuple[str, str, str, str, str, str]]:
    """(recipient, supplier, when, status, figures, according to) for every arms-supply statement."""
    rows = []
    for supplier, recipient, data in graph.edges(data=True):
        if data["relation"] != "suppliedArmsTo":
            continue
        status = data["status"] + (f" (denied by {', '.join(data['denied_by'])})" if data["denied_by"] else "")
        if is_draft(data):
            status += f" [draft, confidence {data['confidence']}]"
        rows.append(
            (
                graph.nodes[recipient]["label"],
                graph.nodes[supplier]["label"],
                data["time"] or "-",
                status,
                "; ".join(data["quantities"]) or "-",
                ", ".join(data["according_to"]) or "-",
            )
        )
    return sorted(rows, key=lambda r: (r[0], r[2] == "-", r[2], r[1]))


def bridges(graph: nx.MultiDiGraph, sides: dict[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Parties with asserted support or arms ties to more than one side, and what those ties are."""
    ties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for subject, obj, data in graph.edges(data=True):
        if data["status"] != "asserted" or data["kind"] not in POSITIVE_KINDS:
            continue
        for side, anchors in sides.items():
            if obj in anchors and subject not in anchors:
                ties[subject][side].add(data["relation_label"])
    names = list(sides)
    rows = []
    for party, by_side in ties.items():
        if len(by_side) > 1:
            rows.append((graph.nodes[party]["label"], *(", ".join(sorted(by_side.get(s, ()))) or "-" for s in names)))
    return sorted(rows)
