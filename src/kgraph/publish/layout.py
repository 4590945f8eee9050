"""Where to put the nodes of a picture: a force layout, scaled to the room the nodes and their labels need,
then an overlap-removal pass so that no two boxes touch. Deterministic: a fixed seed, fixed orders."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np
from threadpoolctl import threadpool_limits

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
    # One BLAS thread: threaded matrix products and decompositions add in another order on a machine with
    # another number of cores, and overlap removal turns a last-bit difference into other positions.
    with threadpool_limits(limits=1):
        if first and len(first) < len(graph) <= STRESS_UP_TO:
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
    if len(graph) <= 2:
        return {n: (float(i), 0.0) for i, n in enumerate(sorted(graph))}
    if len(graph) <= STRESS_UP_TO:
        # Views of a few hundred nodes read best when path lengths set the distances: hubs end up central.
        return stress_layout(graph)
    return pivot_layout(graph)


def stress_layout(graph: nx.Graph, rounds: int = 150) -> dict[str, tuple[float, float]]:
    """Distances on the page proportional to path lengths (stress majorisation, started from classical
    scaling). Parts that do not connect are kept about two thirds of the longest path apart."""
    nodes = sorted(graph)
    index = {n: i for i, n in enumerate(nodes)}
    size = len(nodes)
    distance, far = _path_lengths([[index[m] for m in graph[n]] for n in nodes])
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
    weighted = weights * distance
    points = top
    for _ in range(rounds):
        # The same arithmetic as summing the squared differences over both axes, without the n x n x 2 array.
        across = points[:, None, 0] - points[None, :, 0]
        down = points[:, None, 1] - points[None, :, 1]
        gaps = np.sqrt(across * across + down * down)
        ratio = np.zeros_like(distance)
        np.divide(weighted, gaps, out=ratio, where=gaps > 1e-9)
        b = -ratio
        np.fill_diagonal(b, ratio.sum(axis=1))
        points = pseudo_inverse @ (b @ points)
    return {n: (float(points[i, 0]), float(points[i, 1])) for n, i in index.items()}


def _path_lengths(neighbours: list[list[int]]) -> tuple[np.ndarray, int]:
    """The number of edges on a shortest path between every two nodes (0 where none) and the longest of
    them: a breadth-first search from each node (networkx's does the same through slower graph views)."""
    size = len(neighbours)
    distance = np.zeros((size, size))
    far = 0
    for source in range(size):
        lengths = {source: 0}
        frontier = [source]
        level = 0
        while frontier:
            level += 1
            reached = []
            for node in frontier:
                for other in neighbours[node]:
                    if other not in lengths:
                        lengths[other] = level
                        reached.append(other)
            frontier = reached
        distance[source, list(lengths)] = list(lengths.values())
        far = max(far, level - 1)
    return distance, far


def pivot_layout(graph: nx.Graph, pivots: int = 40) -> dict[str, tuple[float, float]]:
    """Classical scaling from the path lengths to a few pivot nodes (the best connected first, then each
    the farthest from those chosen): fast for thousands of nodes, where the full stress layout is not."""
    nodes = sorted(graph)
    index = {n: i for i, n in enumerate(nodes)}
    chosen: list[str] = []
    columns = []
    nearest = np.full(len(nodes), np.inf)
    candidate = max(nodes, key=lambda n: (graph.degree(n), n))
    for _ in range(min(pivots, len(nodes))):
        chosen.append(candidate)
        lengths = nx.single_source_shortest_path_length(graph, candidate)
        column = np.full(len(nodes), np.nan)
        for target, length in lengths.items():
            column[index[target]] = length
        columns.append(column)
        nearest = np.fmin(nearest, np.nan_to_num(column, nan=np.inf))
        nearest[[index[c] for c in chosen]] = -1
        candidate = nodes[int(np.argmax(np.where(np.isinf(nearest), 1e9, nearest)))]
    distance = np.column_stack(columns)
    far = np.nanmax(distance) if np.isfinite(np.nanmax(distance)) else 1
    distance = np.where(np.isnan(distance), max(2, round(far * 0.7)), distance) ** 2
    centred = distance - distance.mean(axis=0) - distance.mean(axis=1, keepdims=True) + distance.mean()
    left, _, _ = np.linalg.svd(-0.5 * centred, full_matrices=False)
    points = left[:, :2] * np.sign(left[np.abs(left[:, :2]).argmax(axis=0), range(2)])
    # Many nodes share their distances to every pivot and would sit in one dense knot: blend each coordinate
    # with its rank, which keeps the order of the nodes but spreads them evenly.
    for axis in range(2):
        column = points[:, axis]
        spread = np.ptp(column) or 1.0
        ranks = np.argsort(np.argsort(column, kind="stable"), kind="stable") / max(len(column) - 1, 1)
        points[:, axis] = 0.5 * (column - column.min()) / spread + 0.5 * ranks
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
    positions: dict[str, list[float]], boxes: dict[str, Box], heavy: set[str] | None = None
) -> dict[str, tuple[float, float]]:
    """Place the nodes one by one, heavy and large ones first, each where the layout wants it or, if that
    spot is taken, at the nearest free spot on a spiral around it. No two boxes (grown by PAD) overlap."""
    heavy = heavy or set()
    extent = {n: (b.half_width + PAD / 2, b.above + PAD / 2, b.below + PAD / 2) for n, b in boxes.items()}
    sizes = sorted(2 * w for w, _, _ in extent.values())
    cell = max(sizes[len(sizes) // 2] * 2, 1.0)
    step = max(sizes[0] / 2, 1.0)
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}  # cell -> the edges of its boxes
    placed: dict[str, tuple[float, float]] = {}
    order = sorted(positions, key=lambda n: (n not in heavy, -extent[n][0] * (extent[n][1] + extent[n][2]), n))
    offsets: list[tuple[float, float]] = []  # the spiral, the same for every node: made once, as far as needed
    spiral = _spiral(step)
    for node in order:
        x0, y0 = positions[node]
        w, up, down = extent[node]
        tried = 0
        while True:
            if tried == len(offsets):
                offsets.append(next(spiral))
            dx, dy = offsets[tried]
            tried += 1
            x, y = x0 + dx, y0 + dy
            if not _collides(x - w, x + w, y - up, y + down, grid, cell):
                break
        placed[node] = (x, y)
        edges = (x - w, x + w, y - up, y + down)
        for key in _cells((x, y), (w, up, down), cell):
            grid.setdefault(key, []).append(edges)
    return {n: (round(placed[n][0], 1), round(placed[n][1], 1)) for n in sorted(placed)}


def _spiral(step: float):
    """(0, 0), then rings of points further and further out; the rings spread out as they grow, so that a
    node in a crowd finds room in a few hundred tries."""
    yield 0.0, 0.0
    ring = 1
    while True:
        count = min(8 * ring, 48)
        radius = step * ring * (1 + ring / 8)
        for i in range(count):
            angle = 2 * math.pi * (i + 0.5 * (ring % 2)) / count
            yield radius * math.cos(angle), radius * math.sin(angle)
        ring += 1


def _cells(spot: tuple[float, float], extent: tuple[float, float, float], cell: float):
    (x, y), (w, up, down) = spot, extent
    for gx in range(math.floor((x - w) / cell), math.floor((x + w) / cell) + 1):
        for gy in range(math.floor((y - up) / cell), math.floor((y + down) / cell) + 1):
            yield gx, gy


def _collides(left: float, right: float, top: float, bottom: float, grid: dict, cell: float) -> bool:
    """Whether a box (its edges) overlaps a box placed in a cell of the grid it covers."""
    for gx in range(math.floor(left / cell), math.floor(right / cell) + 1):
        for gy in range(math.floor(top / cell), math.floor(bottom / cell) + 1):
            for other_left, other_right, other_top, other_bottom in grid.get((gx, gy), ()):
                if left < other_right and other_left < right and top < other_bottom and other_top < bottom:
                    return True
    return False
