"""Communities by greedy modularity (Clauset, Newman and Moore 2004), without a graph library.

The same merges, in the same order, as networkx's `greedy_modularity_communities(G, weight="weight")`
(resolution 1): start from one community per node; repeatedly merge the pair of communities whose merge raises
the modularity most, a tie going to the smallest (u, v) pair, u merged into v; stop when no merge raises it. The
gains are computed with networkx's formulas in its order, so that they are equal to the last bit and ties are
broken alike (tests/test_analyze.py checks the partition against networkx's).
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def greedy_modularity_communities(
    weights: Mapping[tuple[Node, Node], int], nodes: Iterable[Node] = ()
) -> list[frozenset[Node]]:
    """The communities of an undirected graph given as its edges' weights, one entry per pair of nodes (a node
    paired with itself is a loop), and any nodes without edges: the largest first."""
    degree: dict[Node, int] = dict.fromkeys(nodes, 0)
    for (u, v), weight in weights.items():
        degree[u] = degree.get(u, 0) + weight
        degree[v] = degree.get(v, 0) + weight  # a loop counts twice, as in networkx's degree
    communities = {node: frozenset([node]) for node in degree}
    if not weights:
        return list(communities.values())
    q0 = 1 / (sum(degree.values()) / 2)
    # a[n]: the share of edge ends at community n; gain[u][v]: what merging u and v adds to the modularity.
    a = {node: d * q0 * 0.5 for node, d in degree.items()}
    gain: dict[Node, dict[Node, float]] = {}
    for (u, v), weight in weights.items():
        if u != v:
            gain.setdefault(u, {})[v] = q0 * weight - (a[u] * a[v] + a[u] * a[v])
            gain.setdefault(v, {})[u] = q0 * weight - (a[v] * a[u] + a[v] * a[u])
    # Every pair both ways, best gain first; an entry whose gain has changed since is skipped when it comes up.
    heap = [(-g, u, v) for u, row in gain.items() for v, g in row.items()]
    heapq.heapify(heap)
    while heap:
        negative, u, v = heapq.heappop(heap)
        if gain.get(u, {}).get(v) != -negative:
            continue
        if -negative < 0:
            break
        communities[v] = communities[u] | communities[v]
        del communities[u]
        u_row, v_row = gain.pop(u), gain[v]
        for w in (u_row.keys() | v_row.keys()) - {u, v}:
            if w in u_row and w in v_row:
                merged = v_row[w] + u_row[w]
            elif w in v_row:
                merged = v_row[w] - (a[u] * a[w] + a[w] * a[u])
            else:
                merged = u_row[w] - (a[v] * a[w] + a[w] * a[v])
            v_row[w] = gain[w][v] = merged
            heapq.heappush(heap, (-merged, v, w))
            heapq.heappush(heap, (-merged, w, v))
        for w in u_row:
            del gain[w][u]
        a[v] += a[u]
        a[u] = 0
    return sorted(communities.values(), key=len, reverse=True)
