"""Each kind of bad input gives one clear error naming file, record and problem, and writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kgraph.cli import EXIT_BAD_INPUT, main
from kgraph.project import Project


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
    kept = {"build", "data", "ontology", ".build.lock", os.readlink(root / "build")}
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
