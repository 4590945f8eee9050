"""kgraph: knowledge graphs of armed conflicts and their diplomacy, every fact traced to its sentence."""

from kgraph.errors import InputError, Problem
from kgraph.pipeline import Build, assemble, check_shapes, render
from kgraph.project import Project

__all__ = ["Build", "InputError", "Problem", "Project", "assemble", "check_shapes", "render"]
