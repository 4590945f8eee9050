"""Drafting a dataset's sources: every draft and proposed entity, then the review file's decisions applied."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kgraph.catalogue import Entity
from kgraph.extraction import extract
from kgraph.extraction.review import Reviewed, decisions_of, review_drafts
from kgraph.ontology import Ontology
from kgraph.source import Document
from kgraph.statements import Statement


@dataclass(frozen=True)
class UnreviewedDrafts:
    """Every draft of some sources, before review, with the entities they propose."""

    statements: list[Statement]
    proposed: dict[str, Entity]
    possible_matches: dict[str, tuple[str, ...]]  # proposed id → catalogue entities it may be


def draft_all(
    documents: dict[str, Document], source_ids: list[str], catalogue: dict[str, Entity], ontology: Ontology
) -> UnreviewedDrafts:
    """The drafts of each source, in order; an entity proposed by one source is known to the next."""
    statements: list[Statement] = []
    proposed: dict[str, Entity] = {}
    matches: dict[str, tuple[str, ...]] = {}
    for source_id in source_ids:
        extraction = extract(documents[source_id], source_id, {**proposed, **catalogue}, ontology)
        proposed.update({e.id: e for e in extraction.proposed_entities})
        matches.update(extraction.possible_matches)
        statements += extraction.statements
    return UnreviewedDrafts(statements, dict(sorted(proposed.items())), matches)


def draft_sources(
    documents: dict[str, Document],
    source_ids: list[str],
    catalogue: dict[str, Entity],
    ontology: Ontology,
    review_file: Path | None,
) -> Reviewed:
    """The drafts still undecided, the entities they would create, and the stale decisions."""
    drafts = draft_all(documents, source_ids, catalogue, ontology)
    return review_drafts(drafts.statements, list(drafts.proposed.values()), decisions_of(review_file), source_ids)
