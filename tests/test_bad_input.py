"""Each kind of bad input gives one clear error naming file, record and problem, and writes nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kgraph.cli import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_NO_BUILD, EXIT_QUERY_ERROR, EXIT_USAGE, main
from kgraph.curation.schema import ALL, field_table
from kgraph.project import Project
from kgraph.statements import TimeValue, parse_time
from kgraph.yamlfile import load_yaml

from .conftest import REPO, TEST_DATA


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


STATEMENTS = "statements/statements.yaml"
ENTITIES = "entities/entities.yaml"

CASES = {
    "malformed YAML": (
        STATEMENTS,
        "    relation: suppliedArmsTo\n    object: kestria\n    according_to",
        "    relation: suppliedArmsTo\n    object: [kestria\n    according_to",
        ["statements.yaml:6: malformed YAML", "column"],
    ),
    "unknown entity id": (
        STATEMENTS,
        "subject: norland\n    relation: suppliedArmsTo",
        "subject: norlandia\n    relation: suppliedArmsTo",
        ["statements.yaml:", "statement 'norland-arms-kestria'", "unknown entity 'norlandia'"],
    ),
    "duplicate statement id": (
        STATEMENTS,
        "id: lanholm-mediated",
        "id: norland-arms-kestria",
        ["statements.yaml:", "statement 'norland-arms-kestria'", "duplicate id"],
    ),
    "duplicate entity id": (
        ENTITIES,
        "id: dastia,",
        "id: veldor,",
        ["entities.yaml:", "entity 'veldor'", "duplicate id"],
    ),
    "invalid date": (
        STATEMENTS,
        'date: 2014-05-03\n    quote: "On 3 May 2014, Veldor and Kestria signed',
        'date: 2014-02-30\n    quote: "On 3 May 2014, Veldor and Kestria signed',
        ["statements.yaml:", "statement 'lanholm-signed'", "invalid date '2014-02-30'"],
    ),
    "unknown relation": (
        STATEMENTS,
        "relation: mediated",
        "relation: meditated",
        ["statements.yaml:", "statement 'lanholm-mediated'", "unknown relation 'meditated'"],
    ),
    "quote not in the source": (
        STATEMENTS,
        "Norland supplied 40% of",
        "Norland supplied 45% of",
        ["statements.yaml:", "statement 'norland-arms-kestria'", "quote is not verbatim in veldor-kestria.txt"],
    ),
    "type outside the range": (
        STATEMENTS,
        "relation: mediated\n    object: lanholm-accord",
        "relation: signed\n    object: ostmark-valley",
        [
            "statements.yaml:",
            "statement 'lanholm-mediated'",
            "object 'ostmark-valley' is a Region",
            "signed needs a Agreement",
        ],
    ),
    "type outside the domain": (
        STATEMENTS,
        "subject: norland\n    relation: mediated",
        "subject: lanholm-accord\n    relation: mediated",
        ["statements.yaml:", "statement 'lanholm-mediated'", "subject 'lanholm-accord' is a PeaceAgreement"],
    ),
    "denied without a denier": (
        STATEMENTS,
        "    denied_by: [dastia]\n",
        "",
        ["statement 'dastia-rifles-kestria'", "a denied statement needs 'denied_by': who denies it"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_names_file_record_and_problem_and_keeps_the_last_build(
    case: str, mini_project: Project, capsys: pytest.CaptureFixture[str]
):
    root = mini_project.root
    assert main(["--root", str(root), "-q", "build"]) == 0
    before = _snapshot(root / "build")
    capsys.readouterr()

    relative, old, new, expected = CASES[case]
    _replace(root / "data" / relative, old, new)
    assert main(["--root", str(root), "-q", "build"]) == EXIT_BAD_INPUT

    error = capsys.readouterr().err
    for fragment in expected:
        assert fragment in error, f"{fragment!r} missing from:\n{error}"
    assert _snapshot(root / "build") == before
    # build is a link to its version folder (.build.v-…), kept with the builds' lock file (.build.lock).
    kept = {"build", "data", "ontology", ".build.lock", ".kgraph-cache", os.readlink(root / "build")}
    assert sorted(p.name for p in root.iterdir() if p.name not in kept) == [], "a temporary folder was left"


def test_every_problem_in_a_file_is_reported_at_once(mini_project: Project, capsys: pytest.CaptureFixture[str]):
    path = mini_project.root / "data" / STATEMENTS
    _replace(path, "relation: mediated", "relation: meditated")
    _replace(path, "date: 2014-05-03", "date: 2014-13-01")
    assert main(["--root", str(mini_project.root), "-q", "validate"]) == EXIT_BAD_INPUT
    error = capsys.readouterr().err
    assert "unknown relation 'meditated'" in error and "invalid date '2014-13-01'" in error


def test_a_repeated_quote_must_say_which_section(mini_project: Project, capsys: pytest.CaptureFixture[str]):
    source = mini_project.root / "data" / "sources" / "veldor-kestria.txt"
    repeated = "On 3 May 2014, Veldor and Kestria signed the Lanholm Accord, mediated by Norland."
    source.write_text(source.read_text(encoding="utf-8") + f"\n==Again==\n\n{repeated}\n", encoding="utf-8")
    assert main(["--root", str(mini_project.root), "-q", "validate"]) == EXIT_BAD_INPUT
    assert "quote occurs 2 times" in capsys.readouterr().err

    path = mini_project.root / "data" / STATEMENTS
    text = path.read_text(encoding="utf-8")
    text = text.replace('    quote: "On 3 May', '    section: Agreements\n    quote: "On 3 May')
    path.write_text(text, encoding="utf-8")
    assert main(["--root", str(mini_project.root), "-q", "validate"]) == 0


# --- The regression corpus of tests/data/bad-input: input of the wrong type or shape ---------------------

BAD_INPUT = TEST_DATA / "bad-input"
CORPUS = yaml.safe_load((BAD_INPUT / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project, built once: each case starts from a copy of it, build/ included."""
    root = tmp_path_factory.mktemp("built-mini")
    shutil.copytree(REPO / "ontology", root / "ontology")
    shutil.copytree(TEST_DATA / "mini", root / "data")
    assert main(["--root", str(root), "-q", "build"]) == 0
    return root


def _copy(built_mini: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_mini, root)
    return root


def _fixture(case: str) -> Path:
    (found,) = BAD_INPUT.glob(f"{case}.*")
    return found


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_the_corpus_of_bad_input_exits_3_naming_file_line_record_and_problem(
    case: str, built_mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    root = _copy(built_mini, tmp_path)
    before = _snapshot(root / "build")
    shutil.copyfile(_fixture(case), root / "data" / CORPUS[case]["into"])
    if CORPUS[case]["into"] == "review.yaml":
        with (root / "data" / "dataset.yaml").open("a", encoding="utf-8") as dataset:
            dataset.write("review: review.yaml\n")
    capsys.readouterr()
    assert main(["--root", str(root), "-q", "build"]) == EXIT_BAD_INPUT

    error = capsys.readouterr().err
    for fragment in CORPUS[case]["expect"]:
        assert fragment in error, f"{fragment!r} missing from:\n{error}"
    assert "Traceback" not in error and "internal error" not in error
    assert _snapshot(root / "build") == before


def test_a_fifo_among_the_statement_files_is_reported_not_read(
    built_mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Opening a FIFO blocks until someone writes to it: the build hung."""
    root = _copy(built_mini, tmp_path)
    os.mkfifo(root / "data" / "statements" / "pipe.yaml")
    capsys.readouterr()
    assert main(["--root", str(root), "-q", "validate"]) == EXIT_BAD_INPUT
    assert "pipe.yaml: not a regular file" in capsys.readouterr().err


def test_a_date_yaml_would_read_as_octal_keeps_the_digits_the_curator_typed(built_mini: Path, tmp_path: Path):
    """`date: 0700` was read as the octal number 448 and reported as "invalid date '448'"."""
    root = _copy(built_mini, tmp_path)
    _replace(root / "data" / STATEMENTS, "date: 2014-05-03", "date: 0700")
    record = load_yaml(root / "data" / STATEMENTS)["statements"][2]
    assert record["date"] == "0700"
    assert parse_time(record["date"]) == TimeValue("0700", "year")


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kgraph", *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("case", ["nested-brackets", "relation-as-mapping", "base-with-angle-brackets"])
def test_no_traceback_reaches_the_terminal(case: str, built_mini: Path, tmp_path: Path):
    root = _copy(built_mini, tmp_path)
    shutil.copyfile(_fixture(case), root / "data" / CORPUS[case]["into"])
    result = _run_cli("--root", str(root), "-q", "validate")
    assert result.returncode == EXIT_BAD_INPUT
    assert "Traceback" not in result.stderr
    assert all(fragment in result.stderr for fragment in CORPUS[case]["expect"]), result.stderr


# --- Exit codes follow the cause -------------------------------------------------------------------------


def test_a_binary_query_file_is_bad_input_named_by_its_file(built_mini: Path, capsys: pytest.CaptureFixture[str]):
    query = BAD_INPUT / "binary-query.rq"
    code = main(["--root", str(built_mini), "query", str(query)])
    error = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert "binary-query.rq: not UTF-8 text" in error


def test_a_damaged_context_is_a_damaged_build_named_by_its_file(
    built_mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    root = _copy(built_mini, tmp_path)
    (root / "build" / "context.jsonld").write_text('{"@context": {"kg": ', encoding="utf-8")
    code = main(["--root", str(root), "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"])
    error = capsys.readouterr().err
    assert code == EXIT_NO_BUILD
    assert "is damaged: context.jsonld" in error and "run 'kgraph build'" in error


def test_a_missing_query_file_is_a_usage_error_not_sparql(built_mini: Path, capsys: pytest.CaptureFixture[str]):
    """`kgraph query missing.rq` parsed the path as SPARQL and reported a syntax error."""
    code = main(["--root", str(built_mini), "query", "missing.rq"])
    error = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "missing.rq does not exist" in error


def test_a_missing_file_for_viz_is_not_reported_as_no_build(built_mini: Path, capsys: pytest.CaptureFixture[str]):
    """Every FileNotFoundError became exit 6, 'no build'."""
    code = main(["--root", str(built_mini), "-q", "viz", "--query", "/missing.rq", "-o", str(built_mini / "x.html")])
    error = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "/missing.rq" in error and "build" not in error


def test_an_invalid_iri_parameter_is_a_query_error(built_mini: Path, capsys: pytest.CaptureFixture[str]):
    """The README promises exit 5 for a bad parameter; '<a b>' gave exit 2."""
    code = main(["--root", str(built_mini), "query", "SELECT * WHERE { ?x ?p ?o }", "--param", "x=<a b>"])
    error = capsys.readouterr().err
    assert code == EXIT_QUERY_ERROR
    assert "'<a b>' is not an IRI" in error


def test_a_bad_base_option_is_a_usage_error(built_mini: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["--root", str(built_mini), "--base", "https://x.example/> <y/", "validate"])
    assert code == EXIT_USAGE
    assert "--base" in capsys.readouterr().err


def test_any_other_exception_is_one_line_naming_a_bug(
    built_mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr("kgraph.cli.format_table", broken)
    monkeypatch.delenv("KGRAPH_DEBUG", raising=False)
    code = main(["--root", str(built_mini), "-q", "queries"])
    error = capsys.readouterr().err
    assert code == EXIT_INTERNAL
    assert error.startswith("internal error: KeyError: 'boom'") and "KGRAPH_DEBUG=1" in error
    assert len(error.strip().splitlines()) == 1
    monkeypatch.setenv("KGRAPH_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["--root", str(built_mini), "-q", "queries"])


def test_data_readme_shows_the_declared_schema_of_every_record():
    """The curation format is documented from the one place that declares it, and cannot drift from it."""
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    for schema in ALL:
        assert field_table(schema) in readme, f"data/README.md lacks the table of the {schema.name} record"
