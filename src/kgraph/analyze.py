"""Analytics over the statement network: central parties, blocs, the arms trade and bridges (drafts, read with
--drafts, are marked as such). They read the network as plain data (network.StatementGraph), so that
`kgraph analyze` loads no graph library."""

from __future__ import annotations

from collections import defaultdict

from kgraph.network import StatementGraph, communities, is_draft

PARTY_GROUPS = {"State", "Person", "Organisation", "ArmedGroup", "PopulationGroup", "Party"}
POSITIVE_KINDS = {"support", "arms"}


def central_parties(graph: StatementGraph, top: int = 15) -> list[tuple[str, int, float]]:
    """(party, statements it takes part in, betweenness) for the most connected parties."""
    neighbours: dict[str, set[str]] = {node: set() for node in graph.nodes}
    for subject, obj, _, _ in graph.edges:
        neighbours[subject].add(obj)
        neighbours[obj].add(subject)
    betweenness = betweenness_centrality(neighbours)
    degree = graph.degrees()
    parties = [n for n, d in graph.nodes.items() if d["group"] in PARTY_GROUPS]
    ranked = sorted(parties, key=lambda n: (-degree[n], -betweenness[n], n))[:top]
    return [(graph.nodes[n]["label"], degree[n], round(betweenness[n], 3)) for n in ranked]


def betweenness_centrality(neighbours: dict[str, set[str]]) -> dict[str, float]:
    """Normalised betweenness of every node of an undirected, unweighted graph given as its neighbour sets:
    the share of shortest paths between two other nodes that pass through it (Brandes' algorithm, the
    values networkx's betweenness_centrality gives, without copying the graph into networkx first)."""
    nodes = list(neighbours)
    index = {node: i for i, node in enumerate(nodes)}
    adjacent = [[index[other] for other in neighbours[node] if other != node] for node in nodes]
    size = len(nodes)
    # Leaves (one neighbour) are left out of the searches: a leaf lies on no shortest path, and is reached
    # through its neighbour only, so the paths to it add exactly 1 to its neighbour's dependency. Nor does a
    # leaf start a search: every shortest path from it is one from its neighbour with the leaf in front, so it
    # adds what its neighbour's paths add, and one path through the neighbour to each node the neighbour reaches.
    leaves = [0] * size
    for around in adjacent:
        if len(around) == 1:
            leaves[around[0]] += 1
    inner = [[other for other in around if len(adjacent[other]) > 1] for around in adjacent]
    score = [0.0] * size
    unseen, from_leaves = [-1] * size, [float(n) for n in leaves]
    for source in range(size):
        if len(adjacent[source]) < 2:
            continue
        paths, distance, before = [0] * size, unseen[:], [None] * size
        paths[source], distance[source] = 1, 0
        reached = [source]  # breadth first: the loop below reads it as it grows
        reach = reached.append
        for node in reached:
            step, through = distance[node] + 1, paths[node]
            for other in inner[node]:
                seen = distance[other]
                if seen < 0:
                    distance[other], paths[other], before[other] = step, through, [node]
                    reach(other)
                elif seen == step:
                    paths[other] += through
                    before[other].append(node)
        dependency = from_leaves[:]
        for node in reached[:0:-1]:
            share = (1 + dependency[node]) / paths[node]
            for previous in before[node]:
                dependency[previous] += paths[previous] * share
        if leaves[source]:
            starts = 1 + leaves[source]  # the source and its leaves
            for node in reached[1:]:
                score[node] += dependency[node] * starts
            score[source] += leaves[source] * (len(reached) + sum(leaves[node] for node in reached) - 2)
        else:
            for node in reached[1:]:
                score[node] += dependency[node]
    # Each unordered pair was counted from both ends; networkx divides by (n-1)(n-2) ordered pairs.
    scale = 1 / ((size - 1) * (size - 2)) if size > 2 else 1.0
    return {node: score[i] * scale for i, node in enumerate(nodes)}


def blocs(graph: StatementGraph, sides: dict[str, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """(bloc, the sides its anchors belong to, its members by connectedness) for blocs of two or more."""
    membership = communities(graph)
    degree = graph.degrees()
    members: dict[int, list[str]] = defaultdict(list)
    for node, bloc in membership.items():
        if bloc >= 0:
            members[bloc].append(node)
    rows = []
    for bloc, nodes in sorted(members.items()):
        if len(nodes) < 2:
            continue
        anchored = [side for side, anchors in sides.items() if set(anchors) & set(nodes)]
        ordered = sorted(nodes, key=lambda n: (-degree[n], n))
        rows.append(
            (f"bloc {bloc + 1}", ", ".join(anchored) or "-", ", ".join(graph.nodes[n]["label"] for n in ordered))
        )
    return rows


def arms_supply(graph: StatementGraph) -> list[tuple[str, str, str, str, str, str]]:
    """(recipient, supplier, when, status, figures, according to) for every arms-supply statement."""
    rows = []
    for supplier, recipient, _, data in graph.edges:
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


def bridges(graph: StatementGraph, sides: dict[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Parties with asserted support or arms ties to more than one side, and what those ties are."""
    ties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for subject, obj, _, data in graph.edges:
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
