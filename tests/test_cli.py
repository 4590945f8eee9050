"""The command line as a user meets it: help, stats, validate and exit codes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from kgraph.cli import EXIT_NOT_CONFORMANT, main
from kgraph.project import Project


def test_python_dash_m_and_help_list_the_commands():
    result = subprocess.run([sys.executable, "-m", "kgraph", "--help"], capture_output=True, text=True, check=True)
    for command in ("build", "validate", "export", "stats"):
        assert command in result.stdout
    assert "exit codes" in result.stdout


def test_stats_counts_entities_per_class_and_statements_per_relation(
    mini_project: Project, capsys: pytest.CaptureFixture[str]
):
    assert main(["--root", str(mini_project.root), "-q", "build"]) == 0  # stats reads the build
    capsys.readouterr()
    assert main(["--root", str(mini_project.root), "-q", "stats"]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    # tests/data/mini: four states, one institute, one agreement, one region
    assert lines["RecognisedState"] == ["4"]
    assert lines["ResearchInstitute"] == ["1"]
    # two arms statements (one asserted, one denied), two signatures, one mediation
    assert lines["suppliedArmsTo"] == ["1", "0", "1", "0", "2"]
    assert lines["signed"] == ["2", "0", "0", "0", "2"]
    assert lines["mediated"] == ["1", "0", "0", "0", "1"]


def test_validate_writes_nothing(mini_project: Project, capsys: pytest.CaptureFixture[str]):
    assert main(["--root", str(mini_project.root), "-q", "validate"]) == 0
    assert "valid: 7 entities and 5 statements" in capsys.readouterr().out
    assert not (mini_project.root / "build").exists()


def test_shacl_violations_exit_with_their_own_code(mini_project: Project, capsys: pytest.CaptureFixture[str]):
    shapes = mini_project.shapes_file
    text = shapes.read_text(encoding="utf-8")
    stricter = text.replace(
        "sh:path kg:evidence ; sh:minCount 1 ; sh:maxCount 1 ; sh:class kg:Evidence ;",
        "sh:path kg:evidence ; sh:minCount 2 ; sh:class kg:Evidence ;",
    )
    assert stricter != text
    shapes.write_text(stricter, encoding="utf-8")
    assert main(["--root", str(mini_project.root), "-q", "build"]) == EXIT_NOT_CONFORMANT
    assert "A statement needs exactly one kg:Evidence." in capsys.readouterr().err
    assert not (mini_project.root / "build").exists()


def test_a_folder_that_is_not_a_project_is_named(tmp_path, capsys: pytest.CaptureFixture[str]):
    assert main(["--root", str(tmp_path), "-q", "validate"]) == 3
    assert "is --root the kgraph project folder?" in capsys.readouterr().err


def test_docs_writes_offline_html_documentation_of_the_ontology(project: Project, tmp_path, capsys):
    target = tmp_path / "ontology.html"
    assert main(["--root", str(project.root), "-q", "docs", "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert "supplied arms to" in page and "Artsakh" not in page, "the ontology, not the data, is documented"
    assert "CAMEO event code" in page
    assert not re.search(r"""<(script|link)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//""", page)
