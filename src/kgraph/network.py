"""The statement layer: one node per entity, one edge per statement.

`statement_graph` makes it as plain data (for the analytics, analyze.py, which need no graph library),
`statement_network` as a networkx multigraph (for the network view, viz.py). Edges keep everything a reader
needs to judge a statement: relation, status, time, quantities, attribution, the evidence sentence, and for a
draft its origin and confidence. A node for an entity a draft proposes is marked `draft`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.graph.layout import PROPOSED_CLASS
from kgraph.model.terms import OTHER_KIND as OTHER_KIND  # other modules import it from here
from kgraph.model.terms import OntologyTerms

if TYPE_CHECKING:
    import networkx as nx

    from kgraph.catalogue import Entity
    from kgraph.graph.readback import StatementFacts
    from kgraph.ontology import Ontology
    from kgraph.statements import Quantity, Statement
# networkx and rdflib load only where a networkx graph or an rdflib ontology is asked for (the network view):
# `kgraph analyze` starts without them.


@dataclass(frozen=True)
class Style:
    """Colours and shapes of the view (src/kgraph/assets/viz-style.json): kinds of relation to colours, entity
    groups to colours and shapes. Which kind a relation belongs to is the ontology's business (kg:kind)."""

    kinds: dict
    groups: dict
    community_colors: list[str]
    default_kind_color: str = "#95a5a6"

    def kind_color(self, kind: str) -> str:
        """The colour of a kind; a kind the style does not list gets the default colour rather than an error."""
        return self.kinds.get(kind, {}).get("color", self.default_kind_color)


@cache
def style() -> Style:
    # Read beside this module (as stats.py reads its queries): importlib.resources would cost `kgraph analyze`
    # more to import than the file takes to read.
    raw = json.loads((Path(__file__).parent / "assets" / "viz-style.json").read_text("utf-8"))
    return Style(raw["kinds"], raw["groups"], raw["community_colors"], raw.get("default_kind_color", "#95a5a6"))


def _terms(ontology: Ontology | OntologyTerms) -> OntologyTerms:
    return ontology if isinstance(ontology, OntologyTerms) else ontology.terms


def relation_kinds(ontology: Ontology | OntologyTerms) -> dict[str, tuple[str, str]]:
    """(kind key, kind label) of every relation, from its kg:kind concept (key: skos:notation); relations
    without one are of the kind "other"."""
    return dict(_terms(ontology).relation_kinds)


def kind_labels(ontology: Ontology | OntologyTerms) -> dict[str, str]:
    """Every kind of relation the ontology names, key to label (with "other")."""
    return dict(sorted(set(relation_kinds(ontology).values()))) | {OTHER_KIND: OTHER_KIND}


def group_of(entity: Entity, ontology: Ontology | OntologyTerms) -> str:
    """The nearest of the style's groups above the entity's first type (for a proposed entity, the first class
    it would have once accepted)."""
    terms = _terms(ontology)
    types = [t for t in entity.types if t != PROPOSED_CLASS and t in terms.classes]
    if not types:
        return "Party"
    ancestors = terms.superclasses[terms.classes[types[0]]]
    for name in style().groups:
        if terms.classes[name] in ancestors:
            return name
    return "Party"


def edge_data(relation: str, relation_label: str, kind: str, status: str = "asserted", **details) -> dict:
    """The attributes of one edge: a statement's relation, status and details (time, quantities, attribution,
    evidence); details not given are empty."""
    empty = {"kind_label": kind, "time": "", "dates": [], "years": None, "quantities": [], "according_to": [],
             "denied_by": [], "disputed_by": [], "quote": "", "section": "", "origin": "curated",
             "confidence": None}  # fmt: skip
    unknown = set(details) - set(empty)
    if unknown:
        raise TypeError(f"unknown edge details: {', '.join(sorted(unknown))}")
    return {"relation": relation, "relation_label": relation_label, "kind": kind, "status": status, **empty, **details}


@dataclass
class StatementGraph:
    """The statement network as plain data: each entity's attributes by id (in the order first named), and each
    statement as (subject, object, statement id, attributes), in order."""

    nodes: dict[str, dict] = field(default_factory=dict)
    edges: list[tuple[str, str, str, dict]] = field(default_factory=list)

    def degrees(self) -> dict[str, int]:
        """How many statements each entity takes part in (one that is its own object counts twice, as networkx
        counts a loop of a multigraph)."""
        degree = dict.fromkeys(self.nodes, 0)
        for subject, obj, _, _ in self.edges:
            degree[subject] += 1
            degree[obj] += 1
        return degree


def statement_graph(
    catalogue: dict[str, Entity],
    statements: Sequence[Statement | StatementFacts],
    ontology: Ontology | OntologyTerms,
) -> StatementGraph:
    """Every entity a statement touches, and every statement as an edge keyed by its id (statements read back as
    facts, without their evidence, give edges without quote and section)."""
    terms = _terms(ontology)
    graph = StatementGraph()
    labels, kinds = terms.relation_labels, terms.relation_kinds
    for statement in statements:
        evidence = getattr(statement, "evidence", None)  # statements read back as facts come without it
        for entity_id in (statement.subject, statement.object):
            if entity_id not in graph.nodes:
                entity = catalogue[entity_id]
                graph.nodes[entity_id] = {
                    "label": entity.label,
                    "types": list(entity.types),
                    "group": group_of(entity, terms),
                    "description": entity.description,
                    "aliases": list(entity.aliases),
                    "draft": PROPOSED_CLASS in entity.types,
                }
        graph.edges.append(
            (
                statement.subject,
                statement.object,
                statement.id,
                edge_data(
                    statement.relation,
                    labels[statement.relation],
                    kinds[statement.relation][0],
                    statement.status,
                    kind_label=kinds[statement.relation][1],
                    time=_time_text(statement),
                    dates=_dates(statement),
                    years=_years(statement),
                    quantities=[_quantity_text(q) for q in statement.quantities],
                    according_to=[catalogue[e].label for e in statement.according_to],
                    denied_by=[catalogue[e].label for e in statement.denied_by],
                    disputed_by=[catalogue[e].label for e in statement.disputed_by],
                    quote=evidence.quote if evidence else "",
                    section=evidence.section.label if evidence else "",
                    origin=statement.origin,
                    confidence=statement.confidence,
                ),
            )
        )
    return graph


def statement_network(
    catalogue: dict[str, Entity], statements: list[Statement], ontology: Ontology | OntologyTerms
) -> nx.MultiDiGraph:
    """The statement graph as a networkx multigraph, edges keyed by statement id."""
    import networkx as nx

    plain = statement_graph(catalogue, statements, ontology)
    graph = nx.MultiDiGraph()
    for node, attributes in plain.nodes.items():
        graph.add_node(node, **attributes)
    for subject, obj, key, attributes in plain.edges:
        graph.add_edge(subject, obj, key=key, **attributes)
    return graph


def _time_text(statement: Statement) -> str:
    if statement.date:
        return statement.date.text
    if statement.start or statement.end:
        return f"{statement.start.text if statement.start else '…'} – {statement.end.text if statement.end else '…'}"
    return ""


def _dates(statement: Statement) -> list[dict | None]:
    """[start, end] of a dated statement with their precision ({"text", "precision"}); a point is both; [] if none."""
    if statement.date:
        point = {"text": statement.date.text, "precision": statement.date.precision}
        return [point, point]
    if statement.start or statement.end:
        return [{"text": t.text, "precision": t.precision} if t else None for t in (statement.start, statement.end)]
    return []


def _years(statement: Statement) -> list[int] | None:
    """[first, last] year the statement holds; open ends stay open (None)."""
    if statement.date:
        year = int(statement.date.text[:4])
        return [year, year]
    if statement.start or statement.end:
        return [int(t.text[:4]) if t else None for t in (statement.start, statement.end)]
    return None


def _quantity_text(quantity: Quantity) -> str:
    if quantity.value is not None:
        number = f"{quantity.value:,}"
    else:
        number = "–".join(f"{n:,}" for n in (quantity.min, quantity.max) if n is not None)
        if quantity.max is None:
            number = f"at least {number}"
        elif quantity.min is None:
            number = f"up to {number}"
    parts = [("about " if quantity.approximate else "") + number]
    if quantity.currency:
        parts.append(quantity.currency)
    if quantity.kind == "share":
        parts[0] += "%"
    elif quantity.unit:
        parts.append(quantity.unit)
    parts += [p for p in (quantity.group, quantity.casualty) if p]
    if quantity.measures:
        parts.append(f"({quantity.measures})")
    return " ".join(parts)


def overlaps(years: list[int | None] | None, first: int, last: int) -> bool:
    """Whether a statement's years meet the span [first, last]; undated statements do not."""
    if years is None:
        return False
    start, end = years
    return (start is None or start <= last) and (end is None or end >= first)


def neighbourhood(graph: nx.MultiDiGraph, centre: str, depth: int) -> nx.MultiDiGraph:
    """The part of the graph within `depth` steps of `centre`, whatever the direction of the edges."""
    import networkx as nx

    reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre, cutoff=depth)
    return graph.subgraph(reach).copy()


def is_draft(data: dict) -> bool:
    """Whether an edge's statement is a draft (not curated)."""
    return data.get("origin", "curated") != "curated"


def communities(graph: nx.MultiDiGraph | StatementGraph) -> dict[str, int]:
    """Blocs of mutual support: communities (by greedy modularity) of the support, arms, alliance and fought-for
    ties (asserted only, weighted by their number), numbered by size; entities outside them get -1."""
    from kgraph.publish.modularity import greedy_modularity_communities

    if isinstance(graph, StatementGraph):
        nodes, edges = graph.nodes, ((s, o, d) for s, o, _, d in graph.edges)
    else:
        nodes, edges = graph, graph.edges(data=True)
    ties: dict[tuple[str, str], int] = {}
    for subject, obj, data in edges:
        if data["status"] == "asserted" and (data["kind"] in {"support", "arms"} or data["relation"] == "foughtFor"):
            pair = (obj, subject) if (obj, subject) in ties else (subject, obj)
            ties[pair] = ties.get(pair, 0) + 1
    found = greedy_modularity_communities(ties)
    ranked = sorted(found, key=lambda c: (-len(c), sorted(c)))
    membership = {node: index for index, members in enumerate(ranked) for node in members}
    return {node: membership.get(node, -1) for node in nodes}


def network_of_triples(statements: nx.MultiDiGraph, triples, iris) -> nx.MultiDiGraph:
    """The graph of a CONSTRUCT result: a triple that a statement carries brings that statement's edge
    (all of them, contested ones too); any other triple between IRIs becomes a plain edge."""
    import networkx as nx

    prefix = str(iris.namespace)
    relation_of = {d["relation"]: d for _, _, d in statements.edges(data=True)}
    graph = nx.MultiDiGraph()
    for triple in triples:
        s, p, o = triple.subject, triple.predicate, triple.object
        if not (hasattr(s, "value") and hasattr(o, "value")) or type(o).__name__ != "NamedNode":
            continue
        ends = [_node_id(term.value, prefix) for term in (s, o)]
        local = p.value.rsplit("#", 1)[-1]
        matched = [
            (key, data)
            for key, data in statements.get_edge_data(*ends, default={}).items()
            if data["relation"] == local
        ]
        for end in ends:
            graph.add_node(end, **(statements.nodes[end] if end in statements else _other_node(end)))
        for key, data in matched:
            graph.add_edge(*ends, key=key, **data)
        if not matched:
            template = relation_of.get(local)
            graph.add_edge(
                *ends,
                key=f"{ends[0]} {p.value} {ends[1]}",
                **edge_data(
                    local,
                    template["relation_label"] if template else local,
                    template["kind"] if template else "structure",
                ),
            )
    return graph


def _node_id(iri: str, prefix: str) -> str:
    return iri[len(prefix) :] if iri.startswith(prefix) else iri


def _other_node(iri: str) -> dict:
    label = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri
    return {"label": label, "types": ["Resource"], "group": "Other", "description": iri, "aliases": [], "draft": False}
