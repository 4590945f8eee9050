"""Finding an entity by name: labels and aliases, without regard to case or accents."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from kgraph.publish.page_index import Entity, PageIndex


def fold(text: str) -> str:
    """Text as the search compares it: accents dropped, case folded, punctuation and spaces squeezed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", bare).strip()


@dataclass(frozen=True)
class Hit:
    entity: Entity
    matched: str
    exact: bool


def search(index: PageIndex, query: str, limit: int = 200) -> list[Hit]:
    """Entities whose label or an alias contains the query (all of them for an empty query); exact names first."""
    wanted = fold(query)
    hits = []
    for entity in index.entities.values():
        names = [entity.label, *entity.aliases]
        if not wanted:
            hits.append(Hit(entity, entity.label, False))
            continue
        matching = [n for n in names if wanted in fold(n)]
        if matching:
            exact = [n for n in matching if fold(n) == wanted]
            hits.append(Hit(entity, (exact or matching)[0], bool(exact)))
    hits.sort(key=lambda h: (not h.exact, h.entity.label.casefold(), h.entity.iri))
    return hits[:limit]


def search_entries(
    index: PageIndex, href: Callable[[str], str], kind: Callable[[Entity], str]
) -> list[dict[str, object]]:
    """The index the static site searches in the browser: label, other names, kind and page of every entity."""
    entries = [
        {"label": e.label, "names": [e.label, *e.aliases], "kind": kind(e), "href": href(e.iri)}
        for e in index.entities.values()
    ]
    return sorted(entries, key=lambda e: (str(e["label"]).casefold(), str(e["href"])))
