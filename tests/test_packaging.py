"""An installed kgraph works in any folder: the ontology, shapes, checks and query catalogue ship with it, a
dataset may add its own, and the options every command takes go before or after the command's name."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from kgraph.cli import EXIT_NO_BUILD, EXIT_OK, main
from kgraph.graph import layout
from kgraph.pipeline import Build, assemble, render
from kgraph.project import Project, find_root, shipped_folder

from .conftest import REPO, TEST_DATA

ARTICLE = TEST_DATA / "articles" / "veloria-kestrania-war.txt"


@pytest.fixture()
def data_only(tmp_path: Path) -> Path:
    """The small test dataset with no ontology/ or queries/ of its own."""
    shutil.copytree(TEST_DATA / "mini", tmp_path / "data")
    return tmp_path


def test_a_dataset_without_its_own_ontology_uses_the_shipped_one(data_only: Path):
    project = Project(data_only)
    shipped = shipped_folder()
    assert project.ontology_file == shipped / "ontology" / "kgraph.ttl"
    assert project.shapes_file == shipped / "ontology" / "shapes.ttl"
    assert project.checks_dir == shipped / "ontology" / "checks"
    assert project.query_dirs == (shipped / "queries",)
    assert main(["--root", str(data_only), "-q", "validate"]) == EXIT_OK


def test_the_shipped_ontology_builds_the_same_graph_as_the_repository(build: Build, tmp_path: Path):
    """The Nagorno-Karabakh data with the shipped ontology, and with the repository's own: the same bytes."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    shipped = render(assemble(Project(tmp_path)))
    assert shipped == render(build)


def test_a_kgraph_that_ships_another_ontology_makes_the_build_of_a_dataset_using_it_stale(
    data_only: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, capsys
):
    assert main(["--root", str(data_only), "-q", "build"]) == EXIT_OK
    assert main(["--root", str(data_only), "-q", "stats"]) == EXIT_OK
    newer = tmp_path_factory.mktemp("newer-kgraph")
    shutil.copytree(shipped_folder() / "ontology", newer / "ontology")
    with (newer / "ontology" / "kgraph.ttl").open("a", encoding="utf-8") as stream:
        stream.write("\n# a later release\n")
    monkeypatch.setattr(layout, "shipped_folder", lambda: newer)
    capsys.readouterr()
    assert main(["--root", str(data_only), "-q", "stats"]) == EXIT_NO_BUILD
    err = capsys.readouterr().err
    assert "older than its inputs (kgraph/ontology/kgraph.ttl changed)" in err and "run 'kgraph build'" in err

    # A dataset with an ontology of its own does not depend on the one kgraph ships.
    shutil.copytree(newer / "ontology", data_only / "ontology")
    assert main(["--root", str(data_only), "-q", "build"]) == EXIT_OK
    with (newer / "ontology" / "shapes.ttl").open("a", encoding="utf-8") as stream:
        stream.write("\n# yet another release\n")
    assert main(["--root", str(data_only), "-q", "stats"]) == EXIT_OK


def test_a_dataset_extends_the_ontology_and_the_catalogue(data_only: Path, capsys: pytest.CaptureFixture[str]):
    (data_only / "ontology").mkdir()
    (data_only / "ontology" / "extension.ttl").write_text(
        "@prefix kg: <https://kgraph.example.org/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'kg:River a owl:Class ; rdfs:subClassOf kg:Place ; rdfs:label "river"@en .\n',
        encoding="utf-8",
    )
    entities = data_only / "data" / "entities" / "entities.yaml"
    with entities.open("a", encoding="utf-8") as stream:
        stream.write("  - {id: ost, type: River, label: Ost, description: An invented river.}\n")
    (data_only / "queries").mkdir()
    (data_only / "queries" / "rivers.rq").write_text(
        "# question: Which rivers are there?\nPREFIX kg: <https://kgraph.example.org/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?label WHERE { ?river a kg:River ; rdfs:label ?label }\n",
        encoding="utf-8",
    )
    project = Project(data_only)
    assert project.ontology_files == (
        shipped_folder() / "ontology" / "kgraph.ttl",
        data_only / "ontology" / "extension.ttl",
    )
    assert "River" in project.read_ontology().classes and "State" in project.read_ontology().classes
    assert main(["--root", str(data_only), "-q", "build"]) == EXIT_OK, capsys.readouterr().err
    assert main(["--root", str(data_only), "queries"]) == EXIT_OK
    listing = capsys.readouterr().out
    assert "rivers" in listing and "Which rivers are there?" in listing
    assert "war-belligerents" in listing, "the shipped catalogue stays"


def test_the_repository_uses_its_own_folders():
    project = Project(REPO)
    assert project.ontology_file == REPO / "ontology" / "kgraph.ttl"
    assert project.ontology_extensions == ()
    assert project.queries_dir == REPO / "queries"


def test_the_root_is_found_from_any_folder_inside_the_dataset(data_only: Path, tmp_path_factory):
    inside = data_only / "data" / "statements"
    assert find_root(inside) == data_only.resolve()
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    assert find_root(elsewhere) == elsewhere.resolve()


def test_draft_takes_q_after_its_name_and_runs_from_inside_the_dataset(
    data_only: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """`kgraph draft -q` was a usage error, and draft outside the project folder needed --root."""
    monkeypatch.chdir(data_only / "data" / "sources")
    assert main(["draft", str(ARTICLE), "-q"]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.out.startswith(("#", "statements:", "entities:")) and "statements:" in captured.out
    assert captured.err == "", "-q prints no progress"


@pytest.mark.parametrize(
    "argv",
    [
        ["--root", "{root}", "-q", "validate"],
        ["validate", "--root", "{root}", "-q"],
        ["-q", "validate", "--root", "{root}"],
        ["--root", "/nonexistent", "validate", "--root", "{root}", "--quiet"],
    ],
)
def test_global_options_go_before_or_after_the_command(data_only: Path, capsys, argv: list[str]):
    assert main([a.format(root=data_only) for a in argv]) == EXIT_OK
    captured = capsys.readouterr()
    assert "valid: 7 entities" in captured.out and captured.err == ""


def test_base_after_the_command_changes_the_minted_iris(data_only: Path, tmp_path: Path):
    output = tmp_path / "out"
    argv = ["build", "-o", str(output), "--base", "https://other.example.org/g/", "--root", str(data_only), "-q"]
    assert main(argv) == EXIT_OK
    text = (output / "kgraph.nt").read_text(encoding="utf-8")
    assert "<https://other.example.org/g/entity/veldor>" in text
    assert "https://kgraph.example.org/test/" not in text


def test_the_wheel_ships_the_ontology_and_queries_and_runs_in_an_empty_folder(installed_kgraph, tmp_path: Path):
    """The wheel alone, installed into a folder, run from an empty one: init, add-source, build."""
    with zipfile.ZipFile(installed_kgraph.wheel) as archive:
        names = set(archive.namelist())
        assert archive.read("kgraph/shipped/ontology/kgraph.ttl") == (REPO / "ontology" / "kgraph.ttl").read_bytes()
    expected = {
        "kgraph/shipped/ontology/shapes.ttl",
        *(f"kgraph/shipped/ontology/checks/{p.name}" for p in (REPO / "ontology" / "checks").glob("*.rq")),
        *(f"kgraph/shipped/queries/{p.name}" for p in (REPO / "queries").glob("*.rq")),
        "kgraph/assets/viz-style.json",
        "kgraph/scaffold.py",
        "kgraph/assets/scaffold/dataset.yaml",
    }
    assert expected <= names, sorted(expected - names)
    work = tmp_path / "empty"
    work.mkdir()
    kgraph = installed_kgraph.runner(work)
    where = kgraph.python("import kgraph; print(kgraph.__file__)")
    assert where.stdout.strip() == str(installed_kgraph.site / "kgraph" / "__init__.py")
    assert kgraph("init", "war", "-q").returncode == 0
    shutil.copy(ARTICLE, work / "war.txt")
    added = kgraph(
        "add-source", "war.txt", "--root", "war", "--title", "Veloria–Kestrania war", "--publisher", "kgraph tests",
        "--creator", "kgraph developers", "--license", "https://creativecommons.org/licenses/by-sa/4.0/",
        "--attribution", "An invented article written for the kgraph tests.", "--extract",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    built = kgraph("build", "--root", "war", "-q")
    assert built.returncode == 0, built.stderr
    assert (work / "war" / "build" / "kgraph.ttl").is_file()
    listed = kgraph("queries", "--root", "war")
    assert listed.returncode == 0 and "war-belligerents" in listed.stdout


def test_draft_works_outside_any_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """With no data/dataset.yaml at or above the folder, the article is drafted against an empty catalogue.
    The Tashkent Declaration's infobox names its parties, India and Pakistan."""
    monkeypatch.chdir(tmp_path)
    article = TEST_DATA / "corpus" / "articles" / "tashkent-declaration.txt"
    assert main(["draft", str(article), "-q"]) == EXIT_OK
    drafted = capsys.readouterr().out
    assert "- id: india\n  type: State" in drafted and "- id: pakistan\n  type: State" in drafted
