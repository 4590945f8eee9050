"""The static site: every entity, statement and source page as a file that works from file://.

Links are relative (`../entity/russia.html`) and the search runs in the index page over an inline
JSON index. The folder is written atomically: a failure leaves the previous site in place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from kgraph.publish import pages
from kgraph.publish.linked_data import Pages


def site_files(site: Pages) -> dict[str, bytes]:
    """Every file of the site by its relative path: index.html, entity/*.html, statement/*.html, source/*.html."""
    index = site.index
    files: dict[str, bytes] = {"index.html": pages.index_page(index).encode("utf-8")}
    for iri in sorted([*index.entities, *index.statements, *index.sources]):
        path = index.path(iri)
        if path is not None:
            files[path.strip("/") + ".html"] = site.page(iri, static=True).encode("utf-8")
    return files


def write_site(site: Pages, directory: Path) -> int:
    """Write the site into `directory` at once; return how many pages it has."""
    files = site_files(site)
    write_tree_atomically(directory, files)
    return len(files)


def write_tree_atomically(directory: Path, files: dict[str, bytes]) -> None:
    """Replace a folder and its subfolders at once: written beside it, then swapped in by renaming."""
    directory = directory.resolve()
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.new-", dir=directory.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    try:
        for name, content in files.items():
            target = staging / name
            if staging.resolve() not in target.resolve().parents:
                raise ValueError(f"refusing to write outside the site: {name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = directory.with_name(staging.name.replace(".new-", ".old-")) if directory.exists() else None
    if retired is not None:
        directory.rename(retired)
    try:
        staging.rename(directory)
    except BaseException:
        if retired is not None:
            retired.rename(directory)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
