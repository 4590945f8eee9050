"""The offline query page served at `/`."""

from __future__ import annotations

import html
from importlib import resources

from kgraph.query import CatalogueQuery
from kgraph.webpage import script_json


def query_page(catalogue: dict[str, CatalogueQuery], prefixes: dict[str, str]) -> bytes:
    """The offline query page, with the catalogue as examples and the prefixes (embedded as escaped JSON)."""
    template = resources.files("kgraph").joinpath("assets/query-page.html").read_text("utf-8")
    examples = [{"name": q.name, "question": q.question, "text": q.text} for q in catalogue.values()]
    return (
        template.replace("__EXAMPLES__", script_json(examples))
        .replace("__PREFIXES__", script_json(prefixes))
        .replace("__COUNT__", html.escape(str(len(examples))))
        .encode("utf-8")
    )
