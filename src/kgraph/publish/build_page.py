"""The publishing step of a build: the network page, drawn after the core has made its outputs.

The core (pipeline, graph_builder, validation, export) imports nothing that draws; `kgraph build` and
`kgraph.build_project` hand this step to it, and its page is swapped in with the rest of build/.
"""

from __future__ import annotations

from pathlib import Path

from kgraph.graph.incremental import BuildOptions
from kgraph.graph.layout import GRAPH_PAGE
from kgraph.graph.readback import canonical_records
from kgraph.pipeline import Build, Progress
from kgraph.pipeline import build_project as build_core
from kgraph.project import Project


def network_page(build: Build, progress: Progress | None = None) -> dict[str, bytes]:
    """graph.html, drawn from the records in the order the build reads them back (so `kgraph viz` agrees)."""
    from kgraph.network import statement_network  # drawing libraries load only when a page is drawn
    from kgraph.viz import render_page

    progress = progress or Progress(None)
    with progress.step("drawing the network view"):
        network = statement_network(*canonical_records(build.catalogue, build.statements), build.ontology)
        credit = "; ".join(s.attribution for s in build.config.sources)
        return {GRAPH_PAGE: render_page(network, build.config.title, credit).encode("utf-8")}


def build_project(
    project: Project,
    output: Path | None = None,
    base: str | None = None,
    progress: Progress | None = None,
    options: BuildOptions | None = None,
) -> Build:
    """What `kgraph build` does: check, validate and write build/ (the network page included) in one step."""
    return build_core(project, output, base, progress, lambda build: network_page(build, progress), options)
