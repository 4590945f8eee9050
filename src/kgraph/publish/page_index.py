"""What the pages show, read once from a built graph with the SPARQL files of assets/pages/.

The graph does not change while it is served, so every entity, statement and source is read once
into plain objects; each page is then drawn from them without another query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from importlib import resources
from urllib.parse import quote, unquote

import pyoxigraph as ox

from kgraph.query import KnowledgeGraph
from kgraph.store import plain

KG = "https://kgraph.example.org/ontology#"
WIKIDATA = "http://www.wikidata.org/entity/"
ATTRIBUTIONS = {KG + "accordingTo": "according_to", KG + "deniedBy": "denied_by", KG + "disputedBy": "disputed_by"}


def page_query(name: str) -> str:
    """The text of one SPARQL file of assets/pages/."""
    return resources.files("kgraph").joinpath(f"assets/pages/{name}.rq").read_text("utf-8")


def rows(graph: KnowledgeGraph, name: str, **bindings: ox.NamedNode) -> list[dict[str, object]]:
    """Run a SELECT of assets/pages/ with its variables bound (never pasted) and return plain rows."""
    solutions = graph.store.query(
        page_query(name),
        prefixes=graph.prefixes,
        use_default_graph_as_union=True,
        substitutions={ox.Variable(k): v for k, v in bindings.items()},
    )
    names = [v.value for v in solutions.variables]
    return [{n: plain(s[n]) for n in names} for s in solutions]


@dataclass
class Entity:
    """A party, place, agreement or event, as its page shows it."""

    iri: str
    label: str
    description: str = ""
    classes: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)

    @property
    def wikidata(self) -> str | None:
        return next((m for m in self.matches if m.startswith(WIKIDATA)), None)


@dataclass
class Quantity:
    """An amount a statement gives: a value or a range, with its unit and what it measures."""

    kind: str | None
    value: object = None
    min_value: object = None
    max_value: object = None
    unit: str | None = None
    currency: str | None = None
    measures: str | None = None
    approximate: bool = False

    def text(self) -> str:
        if self.value is not None:
            amount = _number(self.value)
        else:
            amount = "–".join(_number(v) for v in (self.min_value, self.max_value) if v is not None)
        if self.approximate:
            amount = "about " + amount
        if self.kind == KG + "Share":
            amount += "%"
        words = [self.currency or "", amount, self.unit or ""]
        text = " ".join(w for w in words if w)
        return f"{text} ({self.measures})" if self.measures else text


def _number(value: object) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


@dataclass
class Statement:
    """A statement node with its time, status, attribution, quantities and evidence."""

    iri: str
    subject: str
    predicate: str
    object: str
    status: str | None = None
    point_in_time: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    quote: str | None = None
    quote_start: int | None = None
    quote_end: int | None = None
    source: str | None = None
    section: str | None = None
    note: str | None = None
    origin: str | None = None
    confidence: Decimal | None = None  # a draft's (origin "extracted")
    according_to: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)
    disputed_by: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

    @property
    def time_text(self) -> str:
        if self.point_in_time:
            return self.point_in_time
        if self.start_time or self.end_time:
            return f"{self.start_time or '…'} – {self.end_time or '…'}"
        return ""

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Dated statements first, oldest first; then undated ones; ties by IRI so the order is stable."""
        when = self.point_in_time or self.start_time or self.end_time
        return (0, when, self.iri) if when else (1, "", self.iri)

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and last year the statement holds in, when it is dated."""
        found = [int(t[:4]) for t in (self.point_in_time, self.start_time, self.end_time) if t and t[:4].isdigit()]
        return (min(found), max(found)) if found else None

    @property
    def anchor(self) -> str | None:
        """The id of the quoted sentence in the source page: its character offsets."""
        if self.quote_start is None or self.quote_end is None:
            return None
        return f"q-{self.quote_start}-{self.quote_end}"


@dataclass
class Source:
    """A source document with its citation and its sections."""

    iri: str
    title: str
    credit: str = ""
    license: str = ""
    sections: dict[str, str] = field(default_factory=dict)


class PageIndex:
    """Everything the pages show, read from the graph once; maps IRIs to server paths under the base."""

    def __init__(self, graph: KnowledgeGraph, texts: dict[str, str] | None = None):
        self.graph = graph
        self.texts = dict(texts or {})
        entity_namespace = graph.prefixes["kgr"]
        if not entity_namespace.endswith("entity/"):
            raise ValueError(f"the kgr: prefix {entity_namespace!r} does not end with entity/")
        self.base = entity_namespace[: -len("entity/")]
        self.terms = self._terms()
        self.entities = self._entities()
        self.statements = self._statements()
        self.sources = self._sources()

    def _terms(self) -> dict[str, str]:
        labels: dict[str, str] = {}
        for row in rows(self.graph, "terms"):
            text = str(row["label"])
            # a term has a short label and a longer definition-like one; the shortest names it
            if not text.isdigit() and (row["term"] not in labels or len(text) < len(labels[row["term"]])):
                labels[row["term"]] = text
        return labels

    def _entities(self) -> dict[str, Entity]:
        entities: dict[str, Entity] = {}
        for row in rows(self.graph, "entities"):
            iri = row["entity"]
            entity = entities.get(iri)
            if entity is None:
                label = row["label"] or iri.rsplit("/", 1)[-1]
                entity = entities[iri] = Entity(iri, str(label), str(row["description"] or ""))
            entity.classes.append(row["class"])
        for row in rows(self.graph, "aliases"):
            if row["entity"] in entities:
                entities[row["entity"]].aliases.append(str(row["alias"]))
        for row in rows(self.graph, "matches"):
            if row["entity"] in entities:
                entities[row["entity"]].matches.append(row["match"])
        return entities

    def _statements(self) -> dict[str, Statement]:
        statements: dict[str, Statement] = {}
        for row in rows(self.graph, "statements"):
            if row["statement"] in statements:
                continue
            statements[row["statement"]] = Statement(
                iri=row["statement"],
                subject=row["subject"],
                predicate=row["predicate"],
                object=row["object"],
                status=row["status"],
                point_in_time=_text(row["pointInTime"]),
                start_time=_text(row["startTime"]),
                end_time=_text(row["endTime"]),
                quote=row["quote"],
                quote_start=row["start"],
                quote_end=row["end"],
                source=row["source"],
                section=row["section"],
                note=row["note"],
                origin=row["origin"],
                confidence=row["confidence"],
            )
        for row in rows(self.graph, "attributions"):
            statement = statements.get(row["statement"])
            if statement is not None:
                getattr(statement, ATTRIBUTIONS[row["property"]]).append(row["party"])
        for row in rows(self.graph, "quantities"):
            statement = statements.get(row["statement"])
            if statement is not None:
                statement.quantities.append(
                    Quantity(
                        kind=row["kind"],
                        value=row["value"],
                        min_value=row["minValue"],
                        max_value=row["maxValue"],
                        unit=row["unit"],
                        currency=row["currency"],
                        measures=row["measures"],
                        approximate=bool(row["approximate"]),
                    )
                )
        return statements

    def _sources(self) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for row in rows(self.graph, "sources"):
            source = sources.get(row["source"])
            if source is None:
                title = str(row["title"] or row["source"].rsplit("/", 1)[-1])
                source = sources[row["source"]] = Source(
                    row["source"], title, str(row["credit"] or ""), str(row["license"] or "")
                )
            if row["section"]:
                source.sections[row["section"]] = str(row["sectionPath"])
        return sources

    @cached_property
    def by_party(self) -> dict[str, list[Statement]]:
        """The statements each entity takes part in (as subject or object), oldest first."""
        parties: dict[str, list[Statement]] = defaultdict(list)
        for statement in self.statements.values():
            parties[statement.subject].append(statement)
            if statement.object != statement.subject:
                parties[statement.object].append(statement)
        return {iri: sorted(found, key=lambda s: s.sort_key) for iri, found in parties.items()}

    @cached_property
    def by_source(self) -> dict[str, list[Statement]]:
        """The statements each source is cited by, in the order of their quotes."""
        cited: dict[str, list[Statement]] = defaultdict(list)
        for statement in self.statements.values():
            if statement.source:
                cited[statement.source].append(statement)
        return {iri: sorted(found, key=lambda s: (s.quote_start or 0, s.iri)) for iri, found in cited.items()}

    @cached_property
    def ancestors(self) -> dict[str, set[str]]:
        """Every kg: class with all the classes above it (itself included)."""
        found: dict[str, set[str]] = defaultdict(set)
        for row in rows(self.graph, "classes"):
            found[row["class"]].add(row["ancestor"])
        return found

    def is_a(self, entity: Entity, class_name: str) -> bool:
        return any(KG + class_name in self.ancestors.get(c, {c}) for c in entity.classes)

    def label(self, iri: str) -> str:
        """What a term is called on a page: an entity's label, an ontology term's label, or its last segment."""
        if iri in self.entities:
            return self.entities[iri].label
        if iri in self.terms:
            return self.terms[iri]
        if iri in self.sources:
            return self.sources[iri].title
        if iri in self.statements:
            statement = self.statements[iri]
            return f"{self.label(statement.subject)} {self.label(statement.predicate)} {self.label(statement.object)}"
        return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def path(self, iri: str) -> str | None:
        """The server path of an IRI under the base (`/entity/russia`), or None for IRIs outside it."""
        if not iri.startswith(self.base):
            return None
        return "/" + iri[len(self.base) :]

    def iri(self, path: str) -> str:
        """The IRI a server path stands for: each segment percent-encoded the way the build mints IRIs."""
        segments = [quote(unquote(segment), safe="-._~") for segment in path.strip("/").split("/")]
        return self.base + "/".join(segments)

    def has_page(self, iri: str) -> bool:
        return iri in self.entities or iri in self.statements or iri in self.sources


def _text(value: object) -> str | None:
    return None if value is None else str(value)
