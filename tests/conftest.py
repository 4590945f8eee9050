"""Shared fixtures: the real project built once, and small throw-away projects."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Literal

from kgraph.pipeline import Build, assemble, render, write_outputs
from kgraph.project import Project
from kgraph.publish.build_page import network_page
from kgraph.query import CatalogueQuery, KnowledgeGraph, read_catalogue_queries

REPO = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(REPO)


@pytest.fixture(scope="session")
def build(project: Project) -> Build:
    """The Nagorno-Karabakh graph, built in memory once for the whole session."""
    return assemble(project)


@pytest.fixture(scope="session")
def outputs(build: Build) -> dict[str, bytes]:
    """Every file `kgraph build` writes but the manifest: the RDF outputs and the network page."""
    return {**render(build), **network_page(build)}


@pytest.fixture(scope="session")
def build_dir(project: Project, build: Build, outputs: dict[str, bytes], tmp_path_factory) -> Path:
    """The build written to a temporary folder with its manifest, as `kgraph build` writes it."""
    folder = tmp_path_factory.mktemp("build") / "build"
    write_outputs(project, build, outputs, folder)
    return folder


@pytest.fixture(scope="session")
def built_repo(project: Project, build: Build, outputs: dict[str, bytes], tmp_path_factory) -> Path:
    """A copy of the project with its build, for commands that read the project's own build/ (a fresh clone
    has none, and tests never write into the repository)."""
    root = tmp_path_factory.mktemp("project")
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    write_outputs(Project(root), build, outputs, root / "build")
    return root


@pytest.fixture(scope="session")
def article(build: Build) -> str:
    return next(iter(build.documents.values())).text


@pytest.fixture(scope="session")
def knowledge_graph(build: Build) -> KnowledgeGraph:
    """The same graph in an Oxigraph store, for SPARQL (the build's own store: its named graphs as one)."""
    return KnowledgeGraph(build.store, build.iris.prefixes())


@pytest.fixture(scope="session")
def catalogue(project: Project) -> dict[str, CatalogueQuery]:
    return read_catalogue_queries(project.queries_dir)


@pytest.fixture(scope="session")
def ask(build: Build, knowledge_graph: KnowledgeGraph, catalogue, article: str):
    """Run a catalogue query with parameters (entity ids, or rdflib Literals); every quote it returns must be
    verbatim in the article."""

    def run(name: str, **params: str | Literal) -> list[dict]:
        bindings = {
            key: value if isinstance(value, Literal) else build.iris.entity(value) for key, value in params.items()
        }
        rows = knowledge_graph.select(catalogue[name], bindings)
        for row in rows:
            if "quote" in row:
                assert row["quote"] and row["quote"] in article, row
        return rows

    return run


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave screenshots for people (and CI) to look at: test-artifacts/ in the repository."""
    folder = REPO / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@dataclass(frozen=True)
class InstalledKgraph:
    """kgraph's wheel, installed alone into `site`: what `pip install .` gives a user."""

    wheel: Path
    site: Path

    def runner(self, folder: Path):
        """Run the installed `kgraph` (or Python code) in `folder`, as a user would from a shell there."""
        env = {**os.environ, "PYTHONPATH": str(self.site)}

        def kgraph(*args: str) -> subprocess.CompletedProcess:
            command = [sys.executable, "-m", "kgraph", *args]
            return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300)

        kgraph.python = lambda code: subprocess.run(  # type: ignore[attr-defined]
            [sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True, timeout=300
        )
        return kgraph


@pytest.fixture(scope="session")
def installed_kgraph(tmp_path_factory) -> InstalledKgraph:
    """Build the wheel (no download: hatchling is a test dependency) and install it, without its dependencies
    (they are in this environment), into a folder of its own."""
    assert importlib.util.find_spec("hatchling"), "the test extra installs hatchling: pip install -e '.[test]'"
    folder = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", str(REPO), "-w", str(folder)], check=True)
    (wheel,) = folder.glob("kgraph-*.whl")
    site = folder / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    return InstalledKgraph(wheel, site)


@pytest.fixture()
def mini_project(tmp_path: Path) -> Project:
    """A copy of the real ontology with the small invented dataset of tests/data/mini."""
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    shutil.copytree(TEST_DATA / "mini", tmp_path / "data")
    return Project(tmp_path)


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto` (pyproject.toml): one worker more than the cores, since many tests wait on servers, headless
    browsers and time limits rather than compute."""
    return (os.cpu_count() or 1) + 1
