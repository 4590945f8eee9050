"""Starting a dataset of one's own: kgraph init, add-source, many sources, and the commands run from inside it.

The articles are real (tests/data/corpus/articles, English Wikipedia, CC BY-SA 4.0, see its SOURCES.md);
the expected answers are read from their text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kgraph.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, main
from kgraph.project import Project, read_dataset_config
from kgraph.query import KnowledgeGraph

from .conftest import TEST_DATA

ARTICLES = TEST_DATA / "corpus" / "articles"
GEORGIA = ARTICLES / "georgian-ossetian-conflict.txt"
SOCHI = ARTICLES / "sochi-agreement.txt"
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"


def _citation(title: str, *, license: str | None = CC_BY_SA) -> list[str]:
    options = [
        "--title",
        title,
        "--publisher",
        "English Wikipedia",
        "--creator",
        "Wikipedia contributors",
        "--attribution",
        f'Text of the English Wikipedia article "{title}" by Wikipedia contributors, used under CC BY-SA 4.0.',
    ]
    return [*options, "--license", license] if license else options


def _yaml(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


ENTITIES = """\
entities:
  - {id: russia, type: RecognisedState, label: Russia, description: A state.}
  - {id: georgia, type: RecognisedState, label: Georgia, description: A state.}
  - {id: south-ossetia, type: Region, label: South Ossetia, description: A region of Georgia.}
  - {id: sochi-agreement, type: Ceasefire, label: Sochi agreement, description: The 1992 ceasefire.}
"""
# No 'source:': it quotes the first source of dataset.yaml.
LEAD = """\
statements:
  - id: russia-controls-south-ossetia
    subject: russia
    relation: controlled
    object: south-ossetia
    start: 2008
    quote: "Since then, South Ossetia has been under de facto Russian control."
"""
# The file names its source once, at the top.
SOCHI_STATEMENTS = """\
source: sochi-agreement
statements:
  - id: russia-brokered-sochi
    subject: russia
    relation: brokered
    object: sochi-agreement
    date: 1992
    quote: "Russia brokered a ceasefire and negotiated the agreement in 1992."
"""


@pytest.fixture()
def dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A dataset started with kgraph init, with the Georgian–Ossetian article as its source."""
    folder = tmp_path / "my-war"
    assert main(["init", str(folder), "--base", "https://example.org/my-war/", "-q"]) == EXIT_OK
    assert main(["--root", str(folder), "add-source", str(GEORGIA), *_citation("Georgian–Ossetian conflict")]) == 0
    capsys.readouterr()
    return folder


def test_init_writes_a_dataset_and_says_what_to_do_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = tmp_path / "new"
    code = main(["init", str(folder), "--title", "A war: 'quoted' title", "--base", "https://example.org/w/"])
    assert code == EXIT_OK
    out = capsys.readouterr().out
    assert "kgraph add-source" in out and "kgraph build" in out
    raw = yaml.safe_load((folder / "data" / "dataset.yaml").read_text(encoding="utf-8"))
    assert raw["title"] == "A war: 'quoted' title"
    assert raw["base"] == "https://example.org/w/"
    assert raw["license"] == CC_BY_SA
    assert raw["id"] == "new"
    assert raw["sources"] == []
    for name in ("sources", "entities", "statements"):
        assert (folder / "data" / name).is_dir()
    assert yaml.safe_load((folder / "data" / "review.yaml").read_text(encoding="utf-8")) == {"rejected": []}


def test_init_refuses_a_folder_that_holds_files_and_overwrites_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == EXIT_USAGE
    assert "is not empty (notes.txt)" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_accepts_a_fresh_repository(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("# My war\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("secret\n", encoding="utf-8")
    assert main(["init", str(tmp_path), "-q"]) == EXIT_OK
    assert (tmp_path / "data" / "dataset.yaml").is_file()
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "secret\n", "an existing file is kept"


def test_init_twice_is_refused(dataset: Path, capsys: pytest.CaptureFixture[str]):
    before = (dataset / "data" / "dataset.yaml").read_bytes()
    assert main(["init", str(dataset)]) == EXIT_USAGE
    assert "is not empty (data)" in capsys.readouterr().err
    assert (dataset / "data" / "dataset.yaml").read_bytes() == before


def test_init_refuses_a_base_that_is_not_a_namespace(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["init", str(tmp_path / "x"), "--base", "https://example.org/no-slash"]) == EXIT_USAGE
    assert "--base 'https://example.org/no-slash'" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_add_source_copies_the_article_and_registers_its_citation(dataset: Path):
    copied = dataset / "data" / "sources" / GEORGIA.name
    assert copied.read_bytes() == GEORGIA.read_bytes()
    config = read_dataset_config(dataset / "data" / "dataset.yaml")
    (source,) = config.sources
    assert source.id == "georgian-ossetian-conflict"
    assert source.path == copied
    assert (source.title, source.publisher, source.creator) == (
        "Georgian–Ossetian conflict",
        "English Wikipedia",
        "Wikipedia contributors",
    )
    assert source.license == CC_BY_SA
    assert source.attribution.startswith('Text of the English Wikipedia article "Georgian–Ossetian conflict"')
    assert source.extract is False


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (_citation("Sochi agreement", license=None), "--license is required: the graph quotes the article's text"),
        (_citation("Sochi agreement", license="CC BY-SA"), "--license 'CC BY-SA': must be an absolute http(s) IRI"),
        (["--license", CC_BY_SA, "--title", "Sochi agreement"], "--publisher is required"),
    ],
)
def test_add_source_without_a_full_citation_is_refused_and_writes_nothing(
    dataset: Path, capsys: pytest.CaptureFixture[str], options: list[str], expected: str
):
    before = (dataset / "data" / "dataset.yaml").read_bytes()
    assert main(["--root", str(dataset), "add-source", str(SOCHI), *options]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert (dataset / "data" / "dataset.yaml").read_bytes() == before
    assert not (dataset / "data" / "sources" / SOCHI.name).exists()


def test_add_source_refuses_a_second_source_with_the_same_id(dataset: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["--root", str(dataset), "add-source", str(SOCHI), "--id", "georgian-ossetian-conflict"])
    assert code == EXIT_USAGE  # the missing citation is reported before the id, so give it in full:
    capsys.readouterr()
    options = [*_citation("Sochi agreement"), "--id", "georgian-ossetian-conflict"]
    assert main(["--root", str(dataset), "add-source", str(SOCHI), *options]) == EXIT_USAGE
    assert "already has a source 'georgian-ossetian-conflict'" in capsys.readouterr().err


def test_add_source_refuses_an_article_that_is_not_utf8(dataset: Path, tmp_path: Path, capsys):
    article = tmp_path / "latin1.txt"
    article.write_bytes("= Caf\u00e9 =\n\nText.\n".encode("latin-1"))
    assert main(["--root", str(dataset), "add-source", str(article), *_citation("Café")]) == EXIT_BAD_INPUT
    assert "latin1.txt: not UTF-8 text" in capsys.readouterr().err


def test_add_source_keeps_the_comments_and_records_of_a_hand_written_dataset_file(tmp_path: Path):
    """The repository's own dataset.yaml: its comments stay, its source stays first, and the new one is added."""
    root = tmp_path / "nk"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", root / "data")
    path = root / "data" / "dataset.yaml"
    before = path.read_text(encoding="utf-8")
    options = [*_citation("Sochi agreement"), "--extract", "-q"]
    assert main(["add-source", str(SOCHI), "--root", str(root), *options]) == EXIT_OK
    after = path.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    old, new = yaml.safe_load(before), yaml.safe_load(after)
    assert new["sources"][0] == old["sources"][0]
    assert new["sources"][1]["id"] == "sochi-agreement" and new["sources"][1]["extract"] is True
    assert {k: v for k, v in new.items() if k != "sources"} == {k: v for k, v in old.items() if k != "sources"}


def test_a_dataset_of_its_own_builds_and_answers_catalogue_queries(
    dataset: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """Two real articles; a statements file names its source once at the top, another names none and so
    quotes the first source; commands run from inside data/ without --root, global options after the command."""
    monkeypatch.chdir(dataset / "data")
    assert main(["add-source", str(SOCHI), *_citation("Sochi agreement"), "-q"]) == EXIT_OK
    _yaml(dataset / "data" / "entities" / "core.yaml", ENTITIES)
    _yaml(dataset / "data" / "statements" / "lead.yaml", LEAD)
    _yaml(dataset / "data" / "statements" / "sochi.yaml", SOCHI_STATEMENTS)
    assert main(["build", "-q"]) == EXIT_OK, capsys.readouterr().err
    assert "built 4 entities, 2 statements" in capsys.readouterr().out
    project = Project(dataset)
    graph = KnowledgeGraph.open(project.build_dir, project.query_dirs)
    territory = graph.select(graph.catalogue["territory"])
    assert [(r["subjectLabel"], r["objectLabel"]) for r in territory] == [("Russia", "South Ossetia")]
    (agreement,) = graph.select(graph.catalogue["agreements"])
    assert (agreement["partyLabel"], agreement["agreementLabel"]) == ("Russia", "Sochi agreement")
    sources = {
        str(row["statement"]).rsplit("/", 1)[-1]: str(row["source"]).rsplit("/", 1)[-1]
        for row in graph.select(
            "PREFIX kg: <https://kgraph.example.org/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
            "SELECT ?statement ?source WHERE { ?statement kg:evidence/oa:hasSource ?source }"
        )
    }
    assert sources == {
        "russia-controls-south-ossetia": "georgian-ossetian-conflict",
        "russia-brokered-sochi": "sochi-agreement",
    }


def test_a_quote_from_another_source_says_which_source_to_name(dataset: Path, capsys: pytest.CaptureFixture[str]):
    root = str(dataset)
    assert main(["--root", root, "add-source", str(SOCHI), *_citation("Sochi agreement"), "-q"]) == EXIT_OK
    _yaml(dataset / "data" / "entities" / "core.yaml", ENTITIES)
    _yaml(dataset / "data" / "statements" / "sochi.yaml", SOCHI_STATEMENTS.replace("source: sochi-agreement\n", ""))
    assert main(["--root", root, "-q", "validate"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "sochi.yaml:" in err and "statement 'russia-brokered-sochi'" in err
    assert "quote is not verbatim in georgian-ossetian-conflict.txt" in err
    assert "give 'source: sochi-agreement' in the record or at the top of the file" in err


def test_a_file_naming_an_unknown_source_is_bad_input(dataset: Path, capsys: pytest.CaptureFixture[str]):
    _yaml(dataset / "data" / "entities" / "core.yaml", ENTITIES)
    _yaml(dataset / "data" / "statements" / "sochi.yaml", SOCHI_STATEMENTS)
    assert main(["--root", str(dataset), "-q", "validate"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "sochi.yaml:1: statements file: unknown source 'sochi-agreement' in 'source'" in err
    assert "Traceback" not in err


def test_a_record_naming_its_source_wins_over_its_file(dataset: Path, capsys: pytest.CaptureFixture[str]):
    root = str(dataset)
    assert main(["--root", root, "add-source", str(SOCHI), *_citation("Sochi agreement"), "-q"]) == EXIT_OK
    _yaml(dataset / "data" / "entities" / "core.yaml", ENTITIES)
    both = SOCHI_STATEMENTS + LEAD.removeprefix("statements:\n").replace(
        "    start: 2008\n", "    start: 2008\n    source: georgian-ossetian-conflict\n"
    )
    _yaml(dataset / "data" / "statements" / "both.yaml", both)
    assert main(["--root", root, "-q", "validate"]) == EXIT_OK, capsys.readouterr().err


def test_a_dataset_with_no_source_yet_says_how_to_add_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["init", str(tmp_path / "w"), "-q"]) == EXIT_OK
    assert main(["--root", str(tmp_path / "w"), "-q", "validate"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "dataset.yaml:" in err and "'sources' is empty: add an article with 'kgraph add-source ARTICLE.txt'" in err


def test_an_article_already_in_sources_is_registered_where_it_is(tmp_path: Path, capsys):
    folder = tmp_path / "w"
    assert main(["init", str(folder), "-q"]) == EXIT_OK
    placed = folder / "data" / "sources" / SOCHI.name
    shutil.copy(SOCHI, placed)
    assert main(["--root", str(folder), "add-source", str(placed), *_citation("Sochi agreement")]) == EXIT_OK
    assert "statements quoting it need no 'source:'" in capsys.readouterr().out
    assert sorted(p.name for p in placed.parent.iterdir()) == [".gitkeep", SOCHI.name]
    (source,) = read_dataset_config(folder / "data" / "dataset.yaml").sources
    assert source.path == placed and source.id == "sochi-agreement"


RECORD = {
    "id": "b",
    "file": "sources/b.txt",
    "title": "B",
    "publisher": "P",
    "creator": "C",
    "license": CC_BY_SA,
    "attribution": "Credit.",
}


@pytest.mark.parametrize(
    "text",
    [
        "id: x\nsources:\n- id: a\n  file: sources/a.txt\nentities: entities\n",  # items at column 0
        "id: x\nsources:\n    - id: a   # a comment\n      file: sources/a.txt\n\n# trailing\nentities: entities\n",
        "id: x\nentities: entities\nsources:\n  - {id: a, file: sources/a.txt}",  # flow item, no final newline
        "id: x\nsources: []   # none yet\nentities: entities\n",
        "id: x\nentities: entities\n",  # no sources at all
    ],
)
def test_a_source_is_appended_to_any_block_layout_of_sources(text: str):
    from kgraph.scaffold import _with_source

    new = _with_source(text, RECORD, Path("dataset.yaml"))
    before, after = yaml.safe_load(text), yaml.safe_load(new)
    assert after["sources"] == [*(before.get("sources") or []), RECORD]
    assert {k: v for k, v in after.items() if k != "sources"} == {k: v for k, v in before.items() if k != "sources"}
    assert all(line[line.index("#") :] in new for line in text.splitlines() if "#" in line), "comments are kept"


def test_a_layout_it_cannot_edit_safely_is_reported_with_the_record_to_add(tmp_path: Path, capsys):
    folder = tmp_path / "w"
    assert main(["init", str(folder), "-q"]) == EXIT_OK
    dataset_file = folder / "data" / "dataset.yaml"
    text = dataset_file.read_text(encoding="utf-8").replace(
        "sources: []", "sources: [{id: a, file: sources/a.txt, title: A, publisher: P, creator: C,\n"
        f"  license: '{CC_BY_SA}', attribution: A}}]"
    )  # fmt: skip
    dataset_file.write_text(text, encoding="utf-8")
    assert main(["--root", str(folder), "add-source", str(SOCHI), *_citation("Sochi agreement")]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "cannot add the source to this layout of 'sources:'; add this record under it by hand" in err
    assert "- id: sochi-agreement" in err
    assert dataset_file.read_text(encoding="utf-8") == text
    assert not (folder / "data" / "sources" / SOCHI.name).exists()
