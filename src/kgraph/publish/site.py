"""The static site: every entity, statement and source page as a file that works from file://.

Links are relative (`../entity/russia.html`) and the search runs in the index page over an inline
JSON index. The folder is written atomically: a failure leaves the previous site in place.
"""

from __future__ import annotations

from pathlib import Path

from kgraph.graph.swap import write_build
from kgraph.publish import pages
from kgraph.publish.linked_data import Pages


def site_files(site: Pages) -> dict[str, bytes]:
    """Every file of the site by its relative path: index.html, entity/*.html, statement/*.html, source/*.html."""
    index = site.index
    files: dict[str, bytes] = {"index.html": pages.index_page(index).encode("utf-8")}
    for iri in sorted([*index.entities, *index.statements, *index.sources]):
        path = index.path(iri)
        # a page's file stays inside the site whatever an IRI holds (no '..' segment, no empty one)
        if path is not None and all(part not in {"", ".", ".."} for part in path.strip("/").split("/")):
            files[path.strip("/") + ".html"] = site.page(iri, static=True).encode("utf-8")
    return files


def write_site(site: Pages, directory: Path) -> int:
    """Write the site into `directory` at once; return how many pages it has."""
    files = site_files(site)
    write_build(directory, files)
    return len(files)
