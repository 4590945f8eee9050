"""kgraph: knowledge graphs of armed conflicts and their diplomacy, every fact traced to its sentence.

The Python API in a few lines (run from the project folder):

    from pathlib import Path
    from kgraph import KnowledgeGraph, Project, build_project

    build_project(Project(Path(".")))
    graph = KnowledgeGraph.open(Path("build"), Path("queries"))
    rows = graph.select("arms-suppliers", recipient="Armenia")     # a list of dicts
    table = graph.dataframe("timeline")                           # needs pandas
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.errors import InputError, Problem
    from kgraph.pipeline import Build, ShapesError, assemble, checked_build, render
    from kgraph.project import Project
    from kgraph.publish.build_page import build_project
    from kgraph.query import CatalogueQuery, KnowledgeGraph, QueryError

# Imported on first use, so that `import kgraph.x` does not load the whole pipeline (the CLI starts faster).
_HOMES = {
    "InputError": "kgraph.errors",
    "Problem": "kgraph.errors",
    "Build": "kgraph.pipeline",
    "ShapesError": "kgraph.pipeline",
    "assemble": "kgraph.pipeline",
    "build_project": "kgraph.publish.build_page",  # the pipeline's, with the network page: as `kgraph build`
    "checked_build": "kgraph.pipeline",
    "render": "kgraph.pipeline",
    "Project": "kgraph.project",
    "CatalogueQuery": "kgraph.query",
    "KnowledgeGraph": "kgraph.query",
    "QueryError": "kgraph.query",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")


__all__ = [
    "Build",
    "CatalogueQuery",
    "InputError",
    "KnowledgeGraph",
    "Problem",
    "Project",
    "QueryError",
    "ShapesError",
    "assemble",
    "build_project",
    "checked_build",
    "render",
]
