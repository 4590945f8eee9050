"""kgraph: knowledge graphs of armed conflicts and their diplomacy, every fact traced to its sentence.

The Python API in a few lines (run from the project folder):

    from pathlib import Path
    from kgraph import KnowledgeGraph, Project, build_project

    build_project(Project(Path(".")))
    graph = KnowledgeGraph.open(Path("build"), Path("queries"))
    rows = graph.select("arms-suppliers", recipient="Armenia")     # a list of dicts
    table = graph.dataframe("timeline")                           # needs pandas
"""

from kgraph.errors import InputError, Problem
from kgraph.pipeline import Build, ShapesError, assemble, build_project, checked_build, render
from kgraph.project import Project
from kgraph.query import CatalogueQuery, KnowledgeGraph, QueryError

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
