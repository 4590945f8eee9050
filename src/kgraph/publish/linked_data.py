"""Dereferenceable IRIs: a GET on the path of one of the graph's IRIs answers with a page or with RDF.

The dataset's base IRI is mapped onto the server's root: `<base>entity/russia` is served at
`/entity/russia` (likewise `/statement/…` and `/source/…`). Browsers get HTML; RDF clients get the
resource's concise bounded description (its triples, the triples pointing at it, and every statement
it takes part in with that statement's evidence and quantities) in Turtle, N-Triples or JSON-LD, as
the Accept header asks. `/entity/russia.ttl` (`.nt`, `.jsonld`, `.html`) names one format outright.

Nothing here knows about HTTP servers: `Pages.respond` takes a path, an Accept header and a query
string and returns status, headers and body, so any server can call it from one catch-all route.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs

import pyoxigraph as ox

from kgraph.publish import pages
from kgraph.publish.page_index import PageIndex, page_query
from kgraph.publish.search import search
from kgraph.query import KnowledgeGraph

PATH_PREFIXES = ("/entity/", "/statement/", "/source/")
SEARCH_PATH = "/search"
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
# What each format answers to in an Accept header; the order of this table breaks ties.
ACCEPTED = {
    "html": ("text/html", "application/xhtml+xml"),
    "turtle": ("text/turtle", "application/x-turtle"),
    "jsonld": ("application/ld+json", "application/json"),
    "nt": ("application/n-triples", "text/plain"),
}
SUFFIXES = {".html": "html", ".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld"}
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'",
    ),
]


class Response(NamedTuple):
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def negotiate(accept: str | None) -> str | None:
    """The format an Accept header asks for: html, turtle, nt or jsonld, by q-value and then by how
    specific the matching range is; html when the header is empty; None when nothing offered is acceptable."""
    if not accept or not accept.strip():
        return "html"
    ranges = []
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    best, best_quality = None, 0.0
    for fmt, media_types in ACCEPTED.items():
        # the type it is served as counts with wildcards; its other names only when the client lists them
        primary, *aliases = media_types
        quality = max([_quality(primary, ranges), *(q for m, q in ranges if m in aliases)])
        if quality > best_quality:
            best, best_quality = fmt, quality
    return best


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value the most specific matching range gives a media type (RFC 9110, section 12.5.1)."""
    kind = media.split("/")[0]
    for wanted in (media, f"{kind}/*", "*/*"):
        found = [q for m, q in ranges if m == wanted]
        if found:
            return max(found)
    return 0.0


class Pages:
    """The pages and the RDF descriptions of one built graph, ready to answer requests."""

    def __init__(self, graph: KnowledgeGraph, texts: dict[str, str] | None = None):
        self.graph = graph
        self.index = PageIndex(graph, texts)

    @property
    def title(self) -> str:
        """The dataset's name for page titles: `<source title> knowledge graph`."""
        return pages.dataset_title(self.index)

    def resolve(self, path: str) -> str | None:
        """The IRI a request path stands for, if the graph says anything about it; else None."""
        if not path.startswith(PATH_PREFIXES) or "\x00" in path:
            return None
        iri = self.index.iri(path)
        if not iri.startswith(self.index.base) or ">" in iri:
            return None
        try:
            found = self.graph.store.query(
                page_query("exists"),
                use_default_graph_as_union=True,
                substitutions={ox.Variable("resource"): ox.NamedNode(iri)},
            )
        except ValueError:  # not a valid IRI
            return None
        return iri if bool(found) else None

    def describe(self, iri: str, fmt: str) -> bytes:
        """The concise bounded description of an IRI, sorted so the same graph gives the same bytes."""
        triples = self.graph.store.query(
            page_query("describe"),
            prefixes=self.graph.prefixes,
            use_default_graph_as_union=True,
            substitutions={ox.Variable("resource"): ox.NamedNode(iri)},
        )
        ordered = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        prefixes = self.graph.prefixes if fmt != "nt" else None
        return ox.serialize(ordered, format=RDF_FORMATS[fmt], prefixes=prefixes)

    def page(self, iri: str, static: bool = False) -> str:
        """The HTML page of an IRI: its entity, statement or source page, or a plain list of its triples."""
        index = self.index
        if iri in index.entities:
            return pages.entity_page(index, iri, static)
        if iri in index.statements:
            return pages.statement_page(index, iri, static)
        if iri in index.sources:
            return pages.source_page(index, iri, static)
        solutions = self.graph.store.query(
            page_query("triples"),
            use_default_graph_as_union=True,
            substitutions={ox.Variable("resource"): ox.NamedNode(iri)},
        )
        triples = [(iri, row["p"].value, row["o"].value, isinstance(row["o"], ox.NamedNode)) for row in solutions]
        return pages.resource_page(index, iri, triples, static)

    def respond(self, path: str, accept: str | None = None, query: str = "") -> Response:
        """Answer a GET: `path` is the URL path (percent-encoded as sent), `accept` the Accept header,
        `query` the raw query string (read only by /search)."""
        if path == SEARCH_PATH:
            wanted = parse_qs(query).get("q", [""])[0][:200]
            exact = [hit for hit in search(self.index, wanted) if hit.exact]
            if len(exact) == 1:  # the one entity of that name: land on its page
                location = self.index.path(exact[0].entity.iri) or "/"
                return Response(303, [("Location", location), ("Content-Type", MEDIA_TYPES["html"])], b"")
            return self._html(200, pages.search_page(self.index, wanted))
        fmt, bare = None, path
        for suffix, named in SUFFIXES.items():
            if path.endswith(suffix) and self.resolve(path) is None:
                fmt, bare = named, path[: -len(suffix)]
                break
        iri = self.resolve(bare)
        if iri is None:
            return self._html(404, pages.not_found_page(self.index, self.index.iri(bare) if bare else path))
        negotiated = fmt is None
        if fmt is None:
            fmt = negotiate(accept)
        if fmt is None:
            offered = ", ".join(m for types in ACCEPTED.values() for m in types[:1])
            return Response(
                406,
                [("Content-Type", "text/plain; charset=utf-8"), ("Vary", "Accept")],
                (f"Not acceptable. This resource is available as {offered}.\n".encode()),
            )
        body = self.page(iri).encode("utf-8") if fmt == "html" else self.describe(iri, fmt)
        headers = [("Content-Type", MEDIA_TYPES[fmt]), ("Link", self._links(bare))]
        if negotiated:
            headers += [("Vary", "Accept"), ("Content-Location", bare + _suffix(fmt))]
        if fmt == "html":
            headers += SECURITY_HEADERS
        return Response(200, headers, body)

    def _links(self, path: str) -> str:
        alternates = [f'<{path + _suffix(fmt)}>; rel="alternate"; type="{ACCEPTED[fmt][0]}"' for fmt in ACCEPTED]
        return ", ".join(alternates)

    def _html(self, status: int, page: str) -> Response:
        headers = [("Content-Type", MEDIA_TYPES["html"]), ("Vary", "Accept"), *SECURITY_HEADERS]
        return Response(status, headers, page.encode("utf-8"))


def _suffix(fmt: str) -> str:
    return next(s for s, f in SUFFIXES.items() if f == fmt)


_PAGES: weakref.WeakKeyDictionary[KnowledgeGraph, Pages] = weakref.WeakKeyDictionary()


def pages_for(graph: KnowledgeGraph, texts: dict[str, str] | None = None) -> Pages:
    """The Pages of a graph, made once and kept while the graph lives."""
    if graph not in _PAGES:
        _PAGES[graph] = Pages(graph, texts)
    return _PAGES[graph]


def respond(graph: KnowledgeGraph, path: str, accept: str | None = None, query: str = "") -> Response:
    """What a server answers to GET `path` (see `Pages.respond`); the graph's pages are made on first use."""
    return pages_for(graph).respond(path, accept, query)


def resolve(graph: KnowledgeGraph, path: str) -> str | None:
    """The IRI of a request path (`/entity/russia` → `<base>entity/russia`), or None if the graph lacks it."""
    return pages_for(graph).resolve(path)


def open_pages(
    build_dir: Path,
    queries_dir: Path | Sequence[Path] | None = None,
    dataset_file: Path | None = None,
    drafts: bool = False,
) -> Pages:
    """Load a build (its curated graph, or with `drafts` the drafts graph too) and, when the dataset file is
    given, the articles' text for the source pages."""
    from kgraph.publish.source_texts import source_texts

    graph = KnowledgeGraph.open(build_dir, queries_dir, drafts)
    base = graph.prefixes["kgr"].removesuffix("entity/")
    texts = source_texts(dataset_file, base) if dataset_file and dataset_file.is_file() else {}
    _PAGES[graph] = Pages(graph, texts)
    return _PAGES[graph]
