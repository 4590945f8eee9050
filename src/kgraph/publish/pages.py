"""The pages people read: one per entity, statement and source, a search page and a 404 page.

Templates live in assets/pages/ and are rendered by Jinja2 with autoescaping on, so every label,
description and quote reaches the page as text. Links come from `Links`, which writes root paths
for the server (`/entity/russia`) and relative file names for the static site (`../entity/russia.html`).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from kgraph.publish.page_index import KG, Entity, PageIndex, Statement
from kgraph.publish.page_svg import neighbourhood, statement_anchor, timeline
from kgraph.publish.search import search, search_entries
from kgraph.webpage import script_json

# Agreements and events lead with who signed, mediated, took part and what came of it: (heading, relation, role).
AGREEMENT_FACTS = [
    ("Signatories", ("signed", "partyTo"), "object"),
    ("Mediators", ("mediated", "brokered"), "object"),
]
EVENT_FACTS = [
    ("Participants", ("participatedIn", "belligerentIn", "foughtIn"), "object"),
    ("Won by", ("won",), "object"),
    ("Ended by", ("ended",), "object"),
    ("Resulted in", ("resultedIn",), "subject"),
]
FORMAT_SUFFIXES = {"html": ".html", "turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld"}


class Links:
    """Where a page links to, for the server (root paths) or the static site (relative .html files)."""

    def __init__(self, index: PageIndex, here: str, static: bool):
        self.index, self.here, self.static = index, here, static

    def path(self, path: str, suffix: str = ".html") -> str:
        if not self.static:
            return path
        target = path.strip("/") + suffix
        return posixpath.relpath(target, posixpath.dirname(self.here.strip("/")) or ".")

    def to(self, iri: str) -> str | None:
        """The page of an IRI, if the graph has one."""
        path = self.index.path(iri)
        return self.path(path) if path and self.index.has_page(iri) else None

    def quote(self, statement: Statement) -> str | None:
        """The quoted sentence in its source page."""
        href = self.to(statement.source) if statement.source else None
        return f"{href}#{statement.anchor}" if href and statement.anchor else None

    def home(self) -> str:
        return self.path("/index") if self.static else "/"

    def everything(self) -> str:
        return self.path("/index") if self.static else "/search"

    def search(self) -> str:
        return self.path("/index") if self.static else "/search"

    def query_page(self) -> str | None:
        return None if self.static else "/"

    def network(self) -> str | None:
        return None if self.static else "/graph"

    def data(self, path: str, fmt: str) -> str:
        """The page's resource in one RDF format on the server: `/entity/russia.ttl`."""
        return path + FORMAT_SUFFIXES[fmt]


@cache
def _environment() -> jinja2.Environment:
    folder = resources.files("kgraph").joinpath("assets/pages")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["anchor"] = statement_anchor
    return environment


@cache
def _style() -> Markup:
    return Markup(resources.files("kgraph").joinpath("assets/pages/style.css").read_text("utf-8"))


def _render(template: str, index: PageIndex, links: Links, **context: object) -> str:
    source = next(iter(index.sources.values()), None)
    return (
        _environment()
        .get_template(template)
        .render(
            index=index,
            links=links,
            style=_style(),
            dataset_title=dataset_title(index),
            credit=source.credit if source else "",
            alternates=context.pop("alternates", []),
            iri=context.pop("iri", None),
            **context,
        )
    )


def dataset_title(index: PageIndex) -> str:
    source = next(iter(index.sources.values()), None)
    return f"{source.title} knowledge graph" if source else "kgraph"


@dataclass(frozen=True)
class Alternate:
    name: str
    media_type: str
    href: str


def alternates(links: Links, path: str) -> list[Alternate]:
    """The same resource in the RDF formats, for the links at the foot of a served page (the static site has
    no RDF beside its pages)."""
    if links.static:
        return []
    return [
        Alternate("Turtle", "text/turtle", links.data(path, "turtle")),
        Alternate("N-Triples", "application/n-triples", links.data(path, "nt")),
        Alternate("JSON-LD", "application/ld+json", links.data(path, "jsonld")),
    ]


@dataclass(frozen=True)
class Group:
    title: str
    statements: list[Statement]


@dataclass(frozen=True)
class FactItem:
    iri: str
    detail: str


@dataclass(frozen=True)
class Fact:
    name: str
    items: list[FactItem]


def statement_groups(index: PageIndex, entity: Entity, statements: list[Statement]) -> list[Group]:
    """The statements grouped by relation and by the entity's side of it, each group oldest first."""
    groups: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for statement in statements:
        role = "subject" if statement.subject == entity.iri else "object"
        groups[(statement.predicate, role)].append(statement)
    ordered = sorted(groups, key=lambda key: (index.label(key[0]).lower(), key[1] != "subject"))
    result = []
    for predicate, role in ordered:
        relation = index.label(predicate)
        title = f"{entity.label} {relation} …" if role == "subject" else f"… {relation} {entity.label}"
        result.append(Group(title, sorted(groups[(predicate, role)], key=lambda s: s.sort_key)))
    return result


def key_facts(index: PageIndex, entity: Entity, statements: list[Statement]) -> list[Fact]:
    """For an agreement its signatories, mediators and dates; for an event its participants and outcomes."""
    if index.is_a(entity, "Agreement"):
        wanted = AGREEMENT_FACTS
    elif index.is_a(entity, "Event"):
        wanted = EVENT_FACTS
    else:
        return []
    facts, dates = [], set()
    for name, relations, role in wanted:
        items: dict[str, FactItem] = {}
        for statement in statements:
            if statement.predicate.removeprefix(KG) not in relations:
                continue
            if getattr(statement, role) != entity.iri:
                continue
            other = statement.subject if role == "object" else statement.object
            details = [statement.time_text] if statement.time_text else []
            dates.update(details)
            if statement.status and statement.status != KG + "Asserted":
                details.append(index.label(statement.status))
            if other not in items:
                items[other] = FactItem(other, ", ".join(details))
        if items:
            facts.append(Fact(name, list(items.values())))
    if wanted is AGREEMENT_FACTS and dates:
        facts.append(Fact("Dates", [FactItem("", d) for d in sorted(dates)]))
    return facts


def entity_page(index: PageIndex, iri: str, static: bool = False) -> str:
    """The page of one entity: who it is, every statement it takes part in, its neighbourhood and timeline."""
    entity = index.entities[iri]
    path = index.path(iri) or "/"
    links = Links(index, path, static)
    statements = index.by_party.get(iri, [])
    contested = sum(1 for s in statements if s.status and s.status != KG + "Asserted")
    return _render(
        "entity.html",
        index,
        links,
        entity=entity,
        groups=statement_groups(index, entity, statements),
        key_facts=key_facts(index, entity, statements),
        statement_count=len(statements),
        contested_count=contested,
        drawing=neighbourhood(index, iri, statements),
        line=timeline(index, statements),
        alternates=alternates(links, path),
        iri=iri,
    )


def statement_page(index: PageIndex, iri: str, static: bool = False) -> str:
    """The page of one statement: its parties, status, time, attribution, quantities and evidence."""
    statement = index.statements[iri]
    path = index.path(iri) or "/"
    links = Links(index, path, static)
    source = index.sources.get(statement.source or "")
    section_path = source.sections.get(statement.section or "", "") if source else ""
    return _render(
        "statement.html",
        index,
        links,
        statement=statement,
        section_path=section_path,
        alternates=alternates(links, path),
        iri=iri,
    )


@dataclass(frozen=True)
class QuoteLink:
    href: str
    title: str
    number: int


@dataclass
class Piece:
    kind: str
    text: str
    id: str | None = None
    extra_ids: tuple[str, ...] = ()
    links: tuple[QuoteLink, ...] = ()
    level: int = 0


def article_pieces(text: str, statements: list[Statement], links: Links, index: PageIndex) -> list[Piece]:
    """The article cut into plain text, headings and highlighted passages; each passage carries the anchor
    of its character offsets and links to the statements that quote it. Overlapping passages merge."""
    spans: dict[tuple[int, int], list[Statement]] = defaultdict(list)
    for statement in statements:
        start, end = statement.quote_start, statement.quote_end
        if start is not None and end is not None and 0 <= start < end <= len(text):
            spans[(start, end)].append(statement)
    merged: list[list[tuple[int, int]]] = []
    for span in sorted(spans):
        if merged and span[0] < merged[-1][-1][1]:
            merged[-1].append(span)
        else:
            merged.append([span])
    pieces: list[Piece] = []
    offset, number = 0, 0
    for group in merged:
        start, end = group[0][0], max(s[1] for s in group)
        pieces.extend(_plain_pieces(text[offset:start]))
        quote_links = []
        for span in group:
            for statement in sorted(spans[span], key=lambda s: s.iri):
                number += 1
                quote_links.append(QuoteLink(links.to(statement.iri) or "", index.label(statement.iri), number))
        ids = [f"q-{s}-{e}" for s, e in group]
        pieces.append(Piece("mark", text[start:end], ids[0], tuple(ids[1:]), tuple(quote_links)))
        offset = end
    pieces.extend(_plain_pieces(text[offset:]))
    return pieces


def _plain_pieces(text: str) -> list[Piece]:
    """Unquoted text, with heading lines (`== Title ==`) set apart."""
    pieces: list[Piece] = []
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("=") and stripped.endswith("=") and len(stripped) > 2:
            # shown as its title, sized by its depth; the offsets of quotes are ids, not positions on screen
            level = min(len(stripped) - len(stripped.lstrip("=")), 5)
            pieces.append(Piece("heading", stripped.strip("= "), level=level))
            pieces.append(Piece("text", line[len(line.rstrip("\n")) :]))
        elif pieces and pieces[-1].kind == "text":
            pieces[-1].text += line
        else:
            pieces.append(Piece("text", line))
    return pieces


@dataclass(frozen=True)
class QuoteItem:
    id: str
    text: str
    links: list[QuoteLink]


def source_page(index: PageIndex, iri: str, static: bool = False) -> str:
    """The article with every cited sentence highlighted, anchored by its offsets and linked to its statements."""
    source = index.sources[iri]
    path = index.path(iri) or "/"
    links = Links(index, path, static)
    statements = index.by_source.get(iri, [])
    text = index.texts.get(iri)
    pieces = article_pieces(text, statements, links, index) if text else []
    quotes: dict[str, QuoteItem] = {}
    for statement in statements:
        if statement.anchor and statement.quote:
            item = quotes.setdefault(statement.anchor, QuoteItem(statement.anchor, statement.quote, []))
            item.links.append(QuoteLink(links.to(statement.iri) or "", index.label(statement.iri), 0))
    return _render(
        "source.html",
        index,
        links,
        source=source,
        pieces=pieces,
        quotes=list(quotes.values()),
        cited_count=len(statements),
        quote_count=len(quotes),
        alternates=alternates(links, path),
        iri=iri,
    )


@dataclass(frozen=True)
class TripleRow:
    subject: str
    predicate: str
    object: str
    href: str | None


def resource_page(index: PageIndex, iri: str, triples: list[tuple[str, str, str, bool]], static: bool = False) -> str:
    """A plain page for a resource that has no page of its own (an evidence node, a section): its triples."""
    path = index.path(iri) or "/"
    links = Links(index, path, static)
    rows = []
    for subject, predicate, obj, is_iri in triples:
        href = links.to(obj) if is_iri else None
        shown = index.label(obj) if is_iri and index.has_page(obj) else obj
        rows.append(TripleRow(index.graph.compact(subject), index.graph.compact(predicate), shown, href))
    return _render(
        "resource.html",
        index,
        links,
        title=index.graph.compact(iri),
        triples=rows,
        alternates=alternates(links, path),
        iri=iri,
    )


def not_found_page(index: PageIndex, wanted: str) -> str:
    """The 404 page: says which IRI is unknown, as text."""
    return _render("not-found.html", index, Links(index, "/", False), wanted=wanted)


@dataclass(frozen=True)
class Result:
    href: str
    label: str
    kind: str
    matched: str


def search_page(index: PageIndex, query: str) -> str:
    """The server's search results (labels and aliases, accent- and case-insensitive); every entity if empty."""
    links = Links(index, "/search", False)
    results = [
        Result(links.to(hit.entity.iri) or "", hit.entity.label, _kind(index, hit.entity), hit.matched)
        for hit in search(index, query)
    ]
    return _render("search.html", index, links, query=query, results=results, search_index=None)


def index_page(index: PageIndex) -> str:
    """The static site's front page: every entity, and a search that runs in the page over an inline index."""
    links = Links(index, "/index", True)
    entries = search_entries(index, lambda iri: links.to(iri) or "", lambda e: _kind(index, e))
    results = [Result(e["href"], e["label"], e["kind"], e["label"]) for e in entries]
    return _render("search.html", index, links, query="", results=results, search_index=Markup(script_json(entries)))


def _kind(index: PageIndex, entity: Entity) -> str:
    return ", ".join(index.label(c) for c in entity.classes)
