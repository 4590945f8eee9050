"""Randomly mutated records of the real data: the loader and the build give exit 0 or 3, never a traceback,
and a failed build leaves build/ byte for byte as it was.

Hypothesis draws a record from a few real entity and statement files (or the dataset description), then
changes a field's type, drops or adds a key, nests a value, or puts in huge numbers, odd Unicode or ids
that name nothing. Runs are derandomized, so CI sees the same examples every time.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kgraph.catalogue import read_catalogue
from kgraph.cli import EXIT_BAD_INPUT, main
from kgraph.errors import InputError
from kgraph.graph.swap import write_build
from kgraph.graph_builder import build_dataset
from kgraph.ontology import Ontology
from kgraph.project import Project, read_dataset_config
from kgraph.source import read_document
from kgraph.statements import read_statements

from .conftest import REPO

STATEMENT_FILES = ("un-vote-2008.yaml", "fatalities-1988-1994.yaml", "arms-suppliers.yaml", "foreign-turkey.yaml")
ENTITY_FILES = ("core.yaml", "foreign-countries.yaml", "fatalities.yaml")
ODD_TEXT = ["", " ", "0700", "07:00", "2020-13-45", "1e400", "> <", "kgr:russia", "russia", "__line__", "e\u0301\u200b"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, -(10**400), 1e308, 5e-324]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(ODD_TEXT),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6) | st.integers(), children),
    max_leaves=6,
)


@st.composite
def mutations(draw: st.DrawFn, project: Path) -> tuple[Path, str]:
    """A file of the project and its new text, with one record changed."""
    files = [*(f"statements/{n}" for n in STATEMENT_FILES), *(f"entities/{n}" for n in ENTITY_FILES), "dataset.yaml"]
    choice = draw(st.sampled_from(files))
    path = project / "data" / choice
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if choice == "dataset.yaml":
        record: dict[Any, Any] = document
    else:
        records = document["statements" if choice.startswith("statements") else "entities"]
        record = records[draw(st.integers(0, len(records) - 1))]
        if draw(st.booleans()) and record.get("quantities"):
            record = draw(st.sampled_from(record["quantities"]))
    for _ in range(draw(st.integers(1, 3))):
        keys = sorted(record, key=str)
        how = draw(st.sampled_from(["retype", "drop", "add", "nest", "wrong-id"]))
        key = draw(st.sampled_from(keys)) if keys else "id"
        if how == "retype":
            record[key] = draw(values)
        elif how == "drop":
            record.pop(key, None)
        elif how == "add":
            record[draw(st.text(min_size=1, max_size=8) | st.integers())] = draw(values)
        elif how == "nest":
            for _ in range(draw(st.integers(1, 60))):
                record[key] = [record.get(key)] if draw(st.booleans()) else {"x": record.get(key)}
        else:
            record[key] = draw(st.sampled_from(["no-such-entity", "Russia", "russia ", "RUSSIA", "-", "a--b"]))
    return path, yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real project with a few statement files, built once."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO / "ontology", root / "ontology")
    (root / "data" / "statements").mkdir(parents=True)
    for name in ("entities", "sources"):
        shutil.copytree(REPO / "data" / name, root / "data" / name)
    for name in ("dataset.yaml", "review.yaml"):
        shutil.copyfile(REPO / "data" / name, root / "data" / name)
    for name in STATEMENT_FILES:
        shutil.copyfile(REPO / "data" / "statements" / name, root / "data" / "statements" / name)
    assert main(["--root", str(root), "-q", "build"]) == 0
    return root


@pytest.fixture(scope="module")
def ontology(fuzz_project: Path) -> Ontology:
    return Ontology.read(Project(fuzz_project).ontology_file)


def _load(project: Project, ontology: Ontology) -> None:
    """The curation loader and the graph builder, as the build runs them, without SHACL or output."""
    config = read_dataset_config(project.dataset_file)
    documents = {s.id: read_document(s.path) for s in config.sources}
    catalogue = read_catalogue(list(config.entity_files), ontology)
    statements = read_statements(list(config.statement_files), ontology, catalogue, documents)
    build_dataset(config, ontology, catalogue, statements, documents)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_the_loader_accepts_a_mutated_record_or_names_its_problem(data: st.DataObject, fuzz_project: Path, ontology):
    path, text = data.draw(mutations(fuzz_project))
    original = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    try:
        _load(Project(fuzz_project), ontology)
        event("accepted")
    except InputError as error:
        event("refused")
        assert error.problems and all(str(p.path) in str(p) for p in error.problems)
    finally:
        path.write_text(original, encoding="utf-8")


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_a_build_of_a_mutated_record_exits_0_or_3_and_a_failed_one_keeps_build(
    data: st.DataObject, fuzz_project: Path, capsys: pytest.CaptureFixture[str]
):
    path, text = data.draw(mutations(fuzz_project))
    build = fuzz_project / "build"
    before = _snapshot(build)
    original = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    try:
        code = main(["--root", str(fuzz_project), "-q", "build"])
    finally:
        path.write_text(original, encoding="utf-8")
    error = capsys.readouterr().err
    assert code in (0, EXIT_BAD_INPUT), error
    assert "Traceback" not in error and "internal error" not in error
    if code == EXIT_BAD_INPUT:
        assert _snapshot(build) == before
    else:
        write_build(build, before)  # back to the unmutated build for the next example
