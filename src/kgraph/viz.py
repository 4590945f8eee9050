"""Visualise: the statement network as one self-contained, offline HTML page (pyvis and vis-network).

pyvis writes the page; we then drop every tag that loads from the network, and add the legend,
filters, time range, search and the hover panel, which build their text with DOM textContent only.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from importlib import resources

import networkx as nx
from pyvis.network import Network

from kgraph.errors import UsageError
from kgraph.network import communities, is_draft, overlaps, style
from kgraph.publish.layout import Box, arrange, place, start
from kgraph.publish.timeline import timeline
from kgraph.webpage import script_json

_REMOTE_TAGS = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>\s*</script>",
    re.IGNORECASE | re.DOTALL,
)
_EMPTY_HEADINGS = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)


def select(
    graph: nx.MultiDiGraph,
    relations: set[str] | None = None,
    groups: set[str] | None = None,
    period: tuple[int, int] | None = None,
) -> nx.MultiDiGraph:
    """The statements of the given relations or kinds, between entities of the given groups or types,
    holding in the period; and the entities they touch."""
    kept = nx.MultiDiGraph()
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        if relations and not {data["relation"], data["kind"]} & relations:
            continue
        ends = (graph.nodes[subject], graph.nodes[obj])
        if groups and not all({n["group"], *n["types"]} & groups for n in ends):
            continue
        if period and not overlaps(data["years"], *period):
            continue
        kept.add_node(subject, **graph.nodes[subject])
        kept.add_node(obj, **graph.nodes[obj])
        kept.add_edge(subject, obj, key=key, **data)
    return kept


PARTY_GROUPS = frozenset({"State", "ArmedGroup", "Organisation", "Person", "PopulationGroup", "Party"})
OPEN_ON_EVERYTHING_UP_TO = 80  # entities; a larger view opens on the parties and their ties only
ALWAYS_LABELLED = 20  # the parties whose names show at every zoom in a large view
VIEWPORT = (1080, 860)  # the drawing area the first zoom is planned for (a 1400 x 900 window minus the panel)
LABEL_PIXELS = 13  # the size, on screen at the first zoom, of the always-visible labels


def aggregate(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str, bool], list[str]]:
    """The statements of each (pair of entities, kind of relation, drafted or not): what one drawn edge stands
    for. Drafts never share a line with curated statements."""
    groups: dict[tuple[str, str, str, bool], list[str]] = {}
    for subject, obj, key, data in graph.edges(keys=True, data=True):
        first, second = sorted((subject, obj))
        groups.setdefault((first, second, data["kind"], is_draft(data)), []).append(key)
    return {pair: sorted(keys) for pair, keys in sorted(groups.items())}


def edge_id(first: str, second: str, kind: str, draft: bool = False) -> str:
    return f"{first}|{second}|{kind}" + ("|draft" if draft else "")


DRAFT_DASHES = [2, 6]  # dotted: a drafted statement (contested curated ones are dashed)
DRAFT_OPACITY = 0.45


def draft_tooltip(confidences: list[float | None]) -> str:
    """The hover text of a line of drafted statements: that they are drafts, and their confidence."""
    known = sorted(c for c in confidences if c is not None)
    if not known:
        return f"{len(confidences)} drafted statement(s), not curated"
    spread = f"{known[0]:.2f}" if known[0] == known[-1] else f"{known[0]:.2f}–{known[-1]:.2f}"
    return f"{len(confidences)} drafted statement(s), not curated; confidence {spread}"


def lighter(color: str, share: float = 0.55) -> str:
    """A #rrggbb colour mixed with white (`share` of white): how proposed entities are drawn."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in (red, green, blue))


def opening_groups(graph: nx.MultiDiGraph) -> set[str]:
    """The entity groups the page shows when it opens: everything in a small view, the parties in a large one."""
    present = {d["group"] for _, d in graph.nodes(data=True)}
    if graph.number_of_nodes() <= OPEN_ON_EVERYTHING_UP_TO or not present & PARTY_GROUPS:
        return present
    return present & PARTY_GROUPS


def layout(graph: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions computed once, with a fixed seed, so that the page opens still (no label room planned)."""
    boxes = {n: Box(_radius(graph.degree(n))) for n in graph}
    return place(_skeleton(graph), boxes, seed=seed)


def _skeleton(graph: nx.MultiDiGraph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted((a, b) for a, b, *_ in aggregate(graph) if a != b))
    return simple


def _radius(degree: int) -> float:
    return round(min(7 + 2.6 * math.sqrt(degree), 42), 1)


def _growth(font: float) -> float:
    return min(max(font / 16, 1.0), 2.5)


def _label_box(label: str, font: float) -> tuple[float, float]:
    return 0.62 * font * len(label) + 8, 1.3 * font


def _plan(graph: nx.MultiDiGraph, shown: set[str]) -> tuple[dict, set[str], float]:
    """Positions, the always-labelled nodes and their font size, so that at the first zoom (the opening
    nodes fitted to the drawing area) those labels are LABEL_PIXELS high and collide with nothing."""
    degree = dict(graph.degree())
    opening = sorted((n for n in graph if graph.nodes[n]["group"] in shown), key=lambda n: (-degree[n], n))
    labelled = set(opening if len(opening) <= 40 else opening[:ALWAYS_LABELLED])
    forces = start(_skeleton(graph), set(opening))
    font = 16.0
    for _ in range(3):
        # Shapes grow with the labels (up to 2.5 times), so that a picture that needs large labels does not
        # show specks; without a bound the two would chase each other.
        boxes = {
            n: Box(
                _radius(degree[n]) * _growth(font),
                *(_label_box(graph.nodes[n]["label"], font) if n in labelled else (0, 0)),
            )
            for n in graph
        }
        positions = arrange(forces, boxes, set(opening))
        scale = _fit_scale({n: positions[n] for n in opening}, boxes)
        if font * scale >= LABEL_PIXELS * 0.97:
            break
        font = round(LABEL_PIXELS / scale * 1.08, 1)
    return positions, labelled, font


def _fit_scale(positions: dict, boxes: dict[str, Box]) -> float:
    if not positions:
        return 1.0
    left = min(x - boxes[n].half_width for n, (x, _) in positions.items())
    right = max(x + boxes[n].half_width for n, (x, _) in positions.items())
    top = min(y - boxes[n].above for n, (_, y) in positions.items())
    bottom = max(y + boxes[n].below for n, (_, y) in positions.items())
    return min(VIEWPORT[0] / max(right - left, 1), VIEWPORT[1] / max(bottom - top, 1))


def render_page(
    graph: nx.MultiDiGraph, title: str, credit: str, color_by: str = "class", open_on: set[str] | None = None
) -> str:
    """The whole page as HTML text: the network (one edge per pair and kind of relation) and the timeline."""
    looks = style()
    shown = open_on if open_on is not None else opening_groups(graph)
    positions, labelled, font = _plan(graph, shown)
    blocs = communities(graph) if color_by == "community" else {}
    degree = dict(graph.degree())
    network = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    for node, data in sorted(graph.nodes(data=True)):
        group = looks.groups[data["group"]]
        color = _community_color(blocs[node]) if blocs else group["color"]
        draft = {"shapeProperties": {"borderDashes": DRAFT_DASHES}} if data.get("draft") else {}
        x, y = positions[node]
        major = node in labelled
        network.add_node(
            node,
            label=data["label"],
            color=lighter(color) if draft else color,
            shape=group["shape"],
            **draft,
            x=x,
            y=y,
            physics=False,
            size=round(_radius(degree[node]) * _growth(font), 1),
            font={"size": font, "strokeWidth": 4} if major else {"size": round(font * 0.55, 1)},
        )  # fmt: skip
    groups = aggregate(graph)
    kinds_of_pair = Counter((a, b) for a, b, _, _ in groups)
    turn: Counter = Counter()
    ends = {key: (s, o, d["status"]) for s, o, key, d in graph.edges(keys=True, data=True)}
    confidence = {key: d["confidence"] for _, _, key, d in graph.edges(keys=True, data=True)}
    for (first, second, kind, draft), keys in groups.items():
        statuses = [ends[key][2] for key in keys]
        directions = {ends[key][:2] for key in keys}
        source, target = (first, second) if (first, second) in directions else (second, first)
        turn[(first, second)] += 1
        curved = kinds_of_pair[(first, second)] > 1
        step = turn[(first, second)]
        looks_of_draft = {"title": draft_tooltip([confidence[k] for k in keys])} if draft else {}
        network.add_edge(
            source,
            target,
            id=edge_id(first, second, kind, draft),
            color={"color": looks.kind_color(kind), "opacity": DRAFT_OPACITY} if draft else looks.kind_color(kind),
            arrows="to, from" if len(directions) > 1 else "to",
            dashes=DRAFT_DASHES if draft else all(s != "asserted" for s in statuses),
            **looks_of_draft,
            width=round(min(1.5 + 2 * math.log2(len(keys)), 12) * _growth(font), 2),
            smooth={"enabled": True, "type": "curvedCW" if step % 2 else "curvedCCW",
                    "roundness": round(0.12 * ((step + 1) // 2), 2)} if curved else {"enabled": False},
        )  # fmt: skip
    network.set_options(
        '{"physics": {"enabled": false}, "interaction": {"hover": true, "tooltipDelay": 150},'
        ' "nodes": {"scaling": {"label": {"enabled": false, "drawThreshold": 5, "maxVisible": 60}},'
        ' "font": {"strokeWidth": 2, "strokeColor": "#ffffff", "color": "#1d2329"}},'
        ' "edges": {"font": {"size": 0}, "selectionWidth": 2}, "layout": {"improvedLayout": false}}'
    )
    page = network.generate_html(notebook=False)
    page = _REMOTE_TAGS.sub("", page)
    page = _EMPTY_HEADINGS.sub("", page)
    page = page.replace("<html>", '<html lang="en">', 1)
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
    meta = _meta(graph, title, credit, blocs, groups, shown, labelled, font)
    overlay = resources.files("kgraph").joinpath("assets/viz-overlay.html").read_text("utf-8")
    return page.replace("</body>", overlay.replace("__META__", script_json(meta)) + "\n</body>", 1)


def _meta(
    graph: nx.MultiDiGraph,
    title: str,
    credit: str,
    blocs: dict[str, int],
    groups: dict[tuple[str, str, str, bool], list[str]],
    shown: set[str],
    labelled: set[str],
    font: float,
) -> dict:
    looks = style()
    kinds = Counter(d["kind"] for _, _, d in graph.edges(data=True))
    kind_labels = {d["kind"]: d["kind_label"] for _, _, d in graph.edges(data=True)}
    entity_groups = Counter(d["group"] for _, d in graph.nodes(data=True))
    years = [y for _, _, d in graph.edges(data=True) if d["years"] for y in d["years"] if y is not None]
    if blocs:
        sizes = Counter(b for b in blocs.values() if b >= 0)
        legend = [
            {"label": f"bloc {b + 1}: {_bloc_name(graph, blocs, b)} ({n})", "color": _community_color(b)}
            for b, n in sorted(sizes.items())
        ]
        legend.append({"label": "in no bloc", "color": _community_color(-1)})
        legend_title = "Blocs of mutual support"
    else:
        legend = [
            {"label": looks.groups[g]["label"], "color": looks.groups[g]["color"]}
            for g in looks.groups
            if g in entity_groups
        ]
        legend_title = "Entity types"
    parties = {n for n, d in graph.nodes(data=True) if d["group"] in PARTY_GROUPS}
    degree = dict(graph.degree())
    return {
        "title": title,
        "credit": credit,
        "years": [min(years, default=0), max(years, default=0)],
        "font": font,
        "kinds": [
            {"key": k, "label": kind_labels[k], "color": looks.kind_color(k), "count": kinds[k]}
            for k in sorted(kinds, key=lambda k: (list(looks.kinds).index(k) if k in looks.kinds else 99, k))
        ],
        "groups": [
            {"key": g, "label": v["label"], "color": v["color"], "count": entity_groups[g], "on": g in shown}
            for g, v in looks.groups.items()
            if entity_groups[g]
        ],
        "legend": legend,
        "legendTitle": legend_title,
        "nodes": {
            node: {
                **{k: d[k] for k in ("label", "types", "group", "description", "aliases")},
                "draft": bool(d.get("draft")),
                "degree": degree[node],
                "labelled": node in labelled,
            }
            for node, d in graph.nodes(data=True)
        },
        "edges": {
            edge_id(first, second, kind, draft): {"kind": kind, "draft": draft, "statements": keys}
            for (first, second, kind, draft), keys in groups.items()
        },
        "drafts": any(is_draft(d) for _, _, d in graph.edges(data=True)),
        "statements": {
            key: {
                "from": s,
                "to": o,
                "relation": d["relation_label"],
                **{
                    k: d[k]
                    for k in (
                        "kind",
                        "status",
                        "time",
                        "years",
                        "quantities",
                        "according_to",
                        "denied_by",
                        "disputed_by",
                        "quote",
                        "section",
                        "origin",
                        "confidence",
                    )
                },
            }
            for s, o, key, d in graph.edges(keys=True, data=True)
        },
        "timeline": timeline(graph, parties),
    }


def _bloc_name(graph: nx.MultiDiGraph, blocs: dict[str, int], bloc: int) -> str:
    members = sorted((n for n, b in blocs.items() if b == bloc), key=lambda n: -graph.degree(n))
    return ", ".join(graph.nodes[n]["label"] for n in members[:3])


def _community_color(index: int) -> str:
    palette = style().community_colors
    return "#bdc3c7" if index < 0 else palette[index % len(palette)]


def resolve_names(names: list[str], known: dict[str, str], what: str) -> set[str]:
    """Match user-given names (case-insensitive) to keys; raise ValueError naming the unknown ones."""
    lowered = {k.lower(): k for k in known} | {v.lower(): k for k, v in known.items()}
    unknown = [n for n in names if n.lower() not in lowered]
    if unknown:
        raise UsageError(f"unknown {what}: {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
    return {lowered[n.lower()] for n in names}


def parse_period(text: str) -> tuple[int, int]:
    """'1992-1994' or '2020' as (first, last) years."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", text)
    if not match:
        raise UsageError(f"a period is YEAR or FROM-TO, such as 1992-1994, not {text!r}")
    first, last = int(match[1]), int(match[2] or match[1])
    if last < first:
        raise UsageError(f"the period {text!r} ends before it starts")
    return first, last


def notebook_iframe(page: str, height: int = 650) -> str:
    """The page in an <iframe srcdoc>, which Jupyter, VS Code and Colab all display (pyvis's show() does not)."""
    return f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:0"></iframe>'
