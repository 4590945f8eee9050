"""Where to put the nodes of a picture: a force layout, scaled to the room the nodes and their labels need,
then an overlap-removal pass so that no two boxes touch. Deterministic: a fixed seed, fixed orders."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

PAD = 8.0  # canvas units kept free between two boxes
WIDER = 1.25  # screens are wider than tall
STRESS_UP_TO = 600  # nodes; a force layout beyond (the stress layout grows with the square of the nodes)


@dataclass(frozen=True)
class Box:
    """The room a node takes around its centre: its shape (radius) and, if drawn, its label below it."""

    radius: float
    label_width: float = 0.0
    label_height: float = 0.0

    @property
    def half_width(self) -> float:
        return max(self.radius, self.label_width / 2)

    @property
    def above(self) -> float:
        return self.radius

    @property
    def below(self) -> float:
        return self.radius + (self.label_height + 4 if self.label_height else 0)


def place(
    graph: nx.Graph, boxes: dict[str, Box], first: set[str] | None = None, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Positions for every node of `graph`. The nodes of `first` are laid out on their own before the rest
    join around them, so that the view that opens on them is compact; overlap removal moves them least."""
    return arrange(start(graph, first, seed), boxes, first)


def start(graph: nx.Graph, first: set[str] | None = None, seed: int = 7) -> dict:
    """The force layout, before scaling and overlap removal."""
    if not graph:
        return {}
    first = {n for n in (first or set()) if n in graph}
    if first and len(first) < len(graph):
        core = _force(graph.subgraph(first), seed)
        return _force(graph, seed, fixed=core)
    return _force(graph, seed)


def arrange(positions: dict, boxes: dict[str, Box], heavy: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """The force layout stretched to the room the boxes need, with no two boxes overlapping."""
    if not positions:
        return {}
    return remove_overlaps(_scaled(positions, boxes), boxes, heavy=heavy)


def _force(graph: nx.Graph, seed: int, fixed: dict | None = None) -> dict:
    if fixed:
        return nx.spring_layout(
            graph, pos=fixed, fixed=list(fixed), seed=seed, k=_spacing(fixed), iterations=40, weight=None
        )
    if 2 < len(graph) <= STRESS_UP_TO:
        # Views of a few hundred nodes read best when path lengths set the distances: hubs end up central.
        return stress_layout(graph)
    iterations = 50 if len(graph) <= 1500 else 15
    return nx.spring_layout(graph, seed=seed, k=3 / math.sqrt(len(graph)), iterations=iterations, weight=None)


def stress_layout(graph: nx.Graph, rounds: int = 150) -> dict[str, tuple[float, float]]:
    """Distances on the page proportional to path lengths (stress majorisation, started from classical
    scaling). Parts that do not connect are kept about two thirds of the longest path apart."""
    nodes = sorted(graph)
    index = {n: i for i, n in enumerate(nodes)}
    size = len(nodes)
    far = 0
    distance = np.zeros((size, size))
    for source, lengths in nx.all_pairs_shortest_path_length(graph):
        for target, length in lengths.items():
            distance[index[source], index[target]] = length
            far = max(far, length)
    unreachable = distance == 0
    np.fill_diagonal(unreachable, False)
    distance[unreachable] = max(2, round(far * 0.7))
    centring = np.eye(size) - 1 / size
    inner = -0.5 * centring @ (distance**2) @ centring
    values, vectors = np.linalg.eigh(inner)
    top = vectors[:, -2:][:, ::-1] * np.sqrt(np.maximum(values[-2:][::-1], 1e-9))
    top *= np.sign(top[np.abs(top).argmax(axis=0), range(2)])  # eigenvectors have no sign of their own
    weights = np.zeros_like(distance)
    off = distance > 0
    weights[off] = distance[off] ** -2
    laplacian = -weights
    np.fill_diagonal(laplacian, weights.sum(axis=1))
    pseudo_inverse = np.linalg.pinv(laplacian)
    points = top
    for _ in range(rounds):
        gaps = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
        ratio = np.zeros_like(distance)
        np.divide(weights * distance, gaps, out=ratio, where=gaps > 1e-9)
        b = -ratio
        np.fill_diagonal(b, ratio.sum(axis=1))
        points = pseudo_inverse @ (b @ points)
    return {n: (float(points[i, 0]), float(points[i, 1])) for n, i in index.items()}


def _spacing(positions: dict) -> float:
    """A spring length in the units of `positions`: the side of the square each of them has."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    area = max(max(xs) - min(xs), 1e-6) * max(max(ys) - min(ys), 1e-6)
    return math.sqrt(area / len(positions))


def _scaled(positions: dict, boxes: dict[str, Box]) -> dict[str, list[float]]:
    """Stretch the layout so that its area is about three times the area of the boxes."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    extent = max(max(xs) - min(xs), 1e-6) * max(max(ys) - min(ys), 1e-6)
    need = sum((2 * b.half_width + PAD) * (b.above + b.below + PAD) for b in boxes.values())
    factor = math.sqrt(3 * need / extent)
    return {n: [float(x) * factor * WIDER, float(y) * factor] for n, (x, y) in sorted(positions.items())}


def remove_overlaps(
    positions: dict[str, list[float]], boxes: dict[str, Box], heavy: set[str] | None = None, rounds: int = 2000
) -> dict[str, tuple[float, float]]:
    """Push overlapping boxes apart along the axis where they overlap least, until none overlaps; a heavy
    node moves a fifth as much as a light one. Where a crowd does not settle, the whole picture is spread a
    little (every distance times 1.1) so that it always ends."""
    heavy = heavy or set()
    nodes = sorted(positions)
    extent = {n: (boxes[n].half_width, boxes[n].above, boxes[n].below) for n in nodes}
    for round_number in range(1, rounds + 1):
        if not _separate(nodes, positions, extent, heavy):
            break
        if round_number % 15 == 0:
            for point in positions.values():
                point[0] *= 1.1
                point[1] *= 1.1
    return {n: (round(positions[n][0], 1), round(positions[n][1], 1)) for n in nodes}


def _separate(nodes: list[str], positions: dict, extent: dict, heavy: set[str]) -> bool:
    """One sweep over the boxes in order of their left edges; whether anything moved."""
    moved = False
    order = sorted(nodes, key=lambda n: (positions[n][0] - extent[n][0], n))
    for i, a in enumerate(order):
        pa = positions[a]
        wa, ua, da = extent[a]
        for b in order[i + 1 :]:
            pb = positions[b]
            wb, ub, db = extent[b]
            if pb[0] - wb >= pa[0] + wa + PAD:
                break
            dx = min(pa[0] + wa, pb[0] + wb) - max(pa[0] - wa, pb[0] - wb)
            dy = min(pa[1] + da, pb[1] + db) - max(pa[1] - ua, pb[1] - ub)
            if dx + PAD <= 0 or dy + PAD <= 0:
                continue
            share = _share(a in heavy, b in heavy)
            axis, push = (0, dx + PAD) if dx <= dy else (1, dy + PAD)
            sign = 1.0 if (pb[axis], b) >= (pa[axis], a) else -1.0
            pa[axis] -= sign * push * share
            pb[axis] += sign * push * (1 - share)
            moved = True
    return moved


def _share(a_heavy: bool, b_heavy: bool) -> float:
    """How much of a push the first of two nodes takes."""
    if a_heavy == b_heavy:
        return 0.5
    return 0.1 if a_heavy else 0.9
