"""Content negotiation: the result format for an Accept header and the kind of result."""

from __future__ import annotations

from functools import lru_cache

from kgraph.results import GRAPH_FORMATS

ACCEPTED = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
}


@lru_cache(maxsize=64)  # clients send the same few Accept headers again and again
def negotiate(accept: str, is_graph: bool) -> str:
    """The result format for an Accept header: the first listed type, by quality, that fits the result."""
    ranked = []
    for index, part in enumerate(accept.split(",")):
        media, *options = [p.strip() for p in part.split(";")]
        quality = next((float(o[2:]) for o in options if o.startswith("q=") and _is_number(o[2:])), 1.0)
        ranked.append((-quality, index, media.lower()))
    for _, _, media in sorted(ranked):
        fmt = ACCEPTED.get(media)
        if fmt and (fmt in GRAPH_FORMATS) == is_graph:
            return fmt
    return "turtle" if is_graph else "json"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
