"""The query page: YASGUI, inlined from the vendored npm build, on this server's /sparql endpoint.

YASGUI is served from the package's assets (assets/vendor/yasgui/), never from a CDN. The page turns off
what would reach the network by default (prefix.cc for prefix completion, lov.linkeddata.es for class
and property completion, the CORS proxy and the remote endpoints of its endpoint list), and its
Content-Security-Policy forbids any request to another origin.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from kgraph.query import CatalogueQuery
from kgraph.webpage import script_json

YASGUI_VERSION = "4.2.28"


def _asset(name: str) -> str:
    return resources.files("kgraph").joinpath(f"assets/{name}").read_text("utf-8")


@cache
def _vendored() -> tuple[Markup, Markup]:
    script, style = _asset("vendor/yasgui/yasgui.min.js"), _asset("vendor/yasgui/yasgui.min.css")
    # Inlined as they are: neither may contain what would end its element early.
    if "</script" in script.lower() or "</style" in style.lower():
        raise ValueError("the vendored YASGUI cannot be inlined: it contains a closing tag")
    return Markup(script), Markup(style)


def yasgui_page(
    catalogue: dict[str, CatalogueQuery], prefixes: dict[str, str], title: str = "knowledge graph"
) -> bytes:
    """The query page: YASGUI on /sparql, the catalogue as examples, the prefixes predeclared."""
    script, style = _vendored()
    examples = [{"name": q.name, "question": q.question, "text": q.text} for q in catalogue.values()]
    template = jinja2.Environment(autoescape=True).from_string(_asset("yasgui-page.html"))
    return template.render(
        title=title,
        count=len(examples),
        examples=examples,
        examples_json=Markup(script_json(examples)),
        prefixes_json=Markup(script_json(prefixes)),
        yasgui_js=script,
        yasgui_css=style,
        yasgui_version=YASGUI_VERSION,
    ).encode("utf-8")
