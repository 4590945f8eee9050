"""Small drawings for an entity page: its neighbourhood and its dated statements, as geometry for inline SVG.

Only coordinates are computed here; the templates write the SVG elements, so every label is escaped
by the template engine like any other text.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from kgraph.publish.page_index import KG, PageIndex, Statement

WIDTH, HEIGHT = 760, 400
MAX_NEIGHBOURS = 24


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    x: float
    y: float
    weight: int
    centre: bool = False
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    contested: bool
    title: str


@dataclass(frozen=True)
class Neighbourhood:
    nodes: list[Node]
    edges: list[Edge]
    hidden: int
    width: int = WIDTH
    height: int = HEIGHT


def neighbourhood(index: PageIndex, iri: str, statements: list[Statement]) -> Neighbourhood:
    """The entity in the middle and the parties it shares most statements with on a circle around it."""
    counts = Counter(s.object if s.subject == iri else s.subject for s in statements)
    counts.pop(iri, None)
    ranked = sorted(counts, key=lambda other: (-counts[other], index.label(other), other))
    shown = ranked[:MAX_NEIGHBOURS]
    cx, cy = WIDTH / 2, HEIGHT / 2
    radius_x, radius_y = WIDTH / 2 - 170, HEIGHT / 2 - 30
    nodes = [Node(iri, index.label(iri), cx, cy, len(statements), True, cx, cy + 30)]
    position = {iri: (cx, cy)}
    for step, other in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * step / max(len(shown), 1)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = round(cx + radius_x * cos, 1), round(cy + radius_y * sin, 1)
        position[other] = (x, y)
        # labels point away from the centre, so that neighbours' labels do not run into each other
        if cos > 0.25:
            label = (x + 14, y + 4, "start")
        elif cos < -0.25:
            label = (x - 14, y + 4, "end")
        else:
            label = (x, y + (20 if sin > 0 else -12), "middle")
        nodes.append(Node(other, index.label(other), x, y, counts[other], False, *label))
    edges = []
    for other in shown:
        linking = [s for s in statements if other in (s.subject, s.object)]
        contested = all(s.status and s.status != KG + "Asserted" for s in linking)
        relations = sorted({index.label(s.predicate) for s in linking})
        title = f"{index.label(iri)} – {index.label(other)}: {', '.join(relations)}"
        (x1, y1), (x2, y2) = position[iri], position[other]
        edges.append(Edge(x1, y1, x2, y2, contested, title))
    return Neighbourhood(nodes, edges, len(ranked) - len(shown))


@dataclass(frozen=True)
class Mark:
    """One dated statement on the timeline: a dot for a point in time, a bar for a span."""

    anchor: str
    x1: float
    x2: float
    y: float
    contested: bool
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    year: int


@dataclass(frozen=True)
class Timeline:
    marks: list[Mark]
    ticks: list[Tick]
    width: int
    height: int


def timeline(index: PageIndex, statements: list[Statement], width: int = WIDTH) -> Timeline | None:
    """The dated statements along a line of years, in as few lanes as keep them apart; None when none is dated."""
    dated = [(s, s.years) for s in statements if s.years]
    if not dated:
        return None
    first = min(y[0] for _, y in dated)
    last = max(y[1] for _, y in dated) + 1
    margin, row = 30, 9
    scale = (width - 2 * margin) / max(last - first, 1)
    lanes: list[float] = []  # the right end of the last mark in each lane
    placed = []
    for statement, (start, end) in sorted(dated, key=lambda d: (d[1], d[0].iri)):
        x1 = round(margin + (start - first) * scale + 2, 1)
        x2 = round(margin + (end + 1 - first) * scale - 2, 1) if end > start else x1
        lane = next((i for i, right in enumerate(lanes) if right + 4 < x1), len(lanes))
        if lane == len(lanes):
            lanes.append(x2)
        lanes[lane] = x2
        title = f"{statement.time_text}: {index.label(statement.iri)}"
        contested = bool(statement.status and statement.status != KG + "Asserted")
        placed.append((statement, x1, x2, lane, contested, title))
    height = 40 + len(lanes) * row
    marks = [
        Mark(statement_anchor(s.iri), x1, x2, height - 28 - lane * row, contested, title)
        for s, x1, x2, lane, contested, title in placed
    ]
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if (last - first) / s <= 12)
    ticks = [
        Tick(round(margin + (year - first) * scale, 1), year)
        for year in range(first - first % step + (step if first % step else 0), last + 1, step)
    ]
    return Timeline(marks, ticks, width, height)


def statement_anchor(iri: str) -> str:
    """The id of a statement's row on an entity page."""
    return "s-" + iri.rstrip("/").rsplit("/", 1)[-1]
