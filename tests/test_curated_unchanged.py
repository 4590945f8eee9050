"""The Nagorno-Karabakh graph built before and after issue 12 is the same set of curated triples, apart from
the documented modelling change: the signatures of leaders gained the party they signed for
(`kg:onBehalfOf`), and the ontology gained the terms for it and for proposed entities."""

from __future__ import annotations

import gzip

from .conftest import TEST_DATA

REFERENCE = TEST_DATA / "reference" / "nagorno-karabakh-before-issue-12.nt.gz"
KG = "https://kgraph.example.org/ontology#"
NEW_TERMS = {f"<{KG}onBehalfOf>", f"<{KG}ProposedEntity>", f"<{KG}proposedType>"}


def _subject_and_predicate(line: str) -> tuple[str, str]:
    subject, predicate, _ = line.split(" ", 2)
    return subject, predicate


def test_the_curated_triples_are_those_built_before_plus_the_documented_modelling_change(outputs):
    before = set(gzip.decompress(REFERENCE.read_bytes()).decode("utf-8").splitlines())
    now = set(outputs["kgraph.nt"].decode("utf-8").splitlines())
    assert before - now == set(), "no curated triple is lost"
    added = now - before
    signatures = {line for line in added if _subject_and_predicate(line)[1] == f"<{KG}onBehalfOf>"}
    ontology = {line for line in added if _subject_and_predicate(line)[0] in NEW_TERMS}
    assert added == signatures | ontology
    # the four signatures of the article where a leader signed for a state: the 2025 peace agreement
    # (Pashinyan, Aliyev) and the 2022 Declaration of Allied Interaction (Aliyev, Putin)
    assert len(signatures) == 4
