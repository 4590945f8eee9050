"""kgraph coverage: every section is covered, and each sentence left uncovered has been read and judged."""

from __future__ import annotations

from pathlib import Path

from kgraph.cli import main
from kgraph.coverage import coverage, total_share
from kgraph.pipeline import Build
from kgraph.source import sentences

from .conftest import TEST_DATA


def _reviewed() -> set[str]:
    text = (TEST_DATA / "uncovered-reviewed.txt").read_text(encoding="utf-8")
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def test_no_sentence_is_left_uncovered_unless_a_person_has_judged_it(build: Build):
    source = build.config.sources[0]
    sections = coverage(build.documents[source.id], source.id, build.statements)
    uncovered = {s.text for section in sections for s in section.uncovered}
    assert uncovered <= _reviewed(), f"new uncovered sentences: {sorted(uncovered - _reviewed())}"


def test_every_prose_section_is_covered_and_the_share_is_high(build: Build):
    source = build.config.sources[0]
    sections = coverage(build.documents[source.id], source.id, build.statements)
    covered, total = total_share(sections)
    assert total == len(sentences(build.documents[source.id]))
    assert covered / total >= 0.85
    for section in sections:
        if section.label not in {"See also"} and section.total >= 3:
            assert section.covered, f"{section.label} has no cited sentence"


def test_the_coverage_command_reports_each_section(built_repo: Path, capsys):
    assert main(["--root", str(built_repo), "-q", "coverage"]) == 0
    out = capsys.readouterr().out
    for heading in (
        "Infobox",
        "Lead",
        "Background",
        "Timeline > Second Nagorno-Karabakh War (2020)",
        "Fatalities > 1994–2019",
        "Azerbaijani laundromat",
        "Political status",
        "all sections",
    ):
        assert heading in out
    assert "sentence(s) no statement cites" in out
