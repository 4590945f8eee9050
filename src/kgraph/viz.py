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
from kgraph.network import communities, overlaps, style
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


def layout(graph: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions computed once, with a fixed seed, so that the page opens still."""
    if not graph:
        return {}
    simple = nx.Graph(graph.to_undirected())
    if len(simple) <= 60:
        # Small views (a party's neighbourhood) read best when path lengths set the distances.
        positions = nx.kamada_kawai_layout(simple)
    else:
        iterations = 50 if len(simple) <= 1500 else 15
        positions = nx.spring_layout(simple, seed=seed, k=3 / math.sqrt(len(simple)), iterations=iterations)
    scale = 100 * math.sqrt(len(simple))
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in positions.items()}


def render_page(graph: nx.MultiDiGraph, title: str, credit: str, color_by: str = "class") -> str:
    """The whole page as HTML text."""
    looks = style()
    positions = layout(graph)
    blocs = communities(graph) if color_by == "community" else {}
    degree = dict(graph.degree())
    network = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    for node, data in sorted(graph.nodes(data=True)):
        group = looks.groups[data["group"]]
        color = _community_color(blocs[node]) if blocs else group["color"]
        x, y = positions[node]
        network.add_node(
            node,
            label=data["label"],
            color=color,
            shape=group["shape"],
            x=x,
            y=y,
            physics=False,
            value=degree[node],
        )
    parallel: Counter = Counter()
    for subject, obj, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        pair = frozenset((subject, obj))
        parallel[pair] += 1  # fan parallel statements out so that each stays visible and hoverable
        network.add_edge(
            subject,
            obj,
            id=key,
            color=looks.kinds[data["kind"]]["color"],
            arrows="to",
            dashes=data["status"] != "asserted",
            width=2 if data["status"] == "asserted" else 1.5,
            smooth={"type": "curvedCW", "roundness": round(0.08 + 0.12 * (parallel[pair] - 1), 2)},
        )
    network.set_options(
        '{"physics": {"enabled": false}, "interaction": {"hover": true, "tooltipDelay": 150},'
        ' "nodes": {"scaling": {"min": 10, "max": 60, "label": {"enabled": true, "min": 14, "max": 48,'
        ' "drawThreshold": 5, "maxVisible": 48}}},'
        ' "edges": {"font": {"size": 0}}, "layout": {"improvedLayout": false}}'
    )
    page = network.generate_html(notebook=False)
    page = _REMOTE_TAGS.sub("", page)
    page = _EMPTY_HEADINGS.sub("", page)
    page = page.replace("<html>", '<html lang="en">', 1)
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
    meta = _meta(graph, title, credit, blocs)
    overlay = resources.files("kgraph").joinpath("assets/viz-overlay.html").read_text("utf-8")
    return page.replace("</body>", overlay.replace("__META__", script_json(meta)) + "\n</body>", 1)


def _meta(graph: nx.MultiDiGraph, title: str, credit: str, blocs: dict[str, int]) -> dict:
    looks = style()
    kinds = Counter(d["kind"] for _, _, d in graph.edges(data=True))
    groups = Counter(d["group"] for _, d in graph.nodes(data=True))
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
            {"label": looks.groups[g]["label"], "color": looks.groups[g]["color"]} for g in looks.groups if g in groups
        ]
        legend_title = "Entity types"
    return {
        "title": title,
        "credit": credit,
        "years": [min(years, default=0), max(years, default=0)],
        "kinds": [
            {"key": k, "label": v["label"], "color": v["color"], "count": kinds[k]}
            for k, v in looks.kinds.items()
            if kinds[k]
        ],
        "groups": [
            {"key": g, "label": v["label"], "color": v["color"], "count": groups[g]}
            for g, v in looks.groups.items()
            if groups[g]
        ],
        "legend": legend,
        "legendTitle": legend_title,
        "nodes": {
            node: {k: d[k] for k in ("label", "types", "group", "description", "aliases")}
            for node, d in graph.nodes(data=True)
        },
        "edges": {
            key: {
                "subject": graph.nodes[s]["label"],
                "object": graph.nodes[o]["label"],
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
                    )
                },
            }
            for s, o, key, d in graph.edges(keys=True, data=True)
        },
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
