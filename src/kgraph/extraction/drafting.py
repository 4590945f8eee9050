"""Drafting a dataset's sources: every draft and proposed entity, then the review file's decisions applied."""

from __future__ import annotations

from pathlib import Path

from kgraph.catalogue import Entity
from kgraph.extraction import extract
from kgraph.extraction.review import Reviewed, decisions_of, review_drafts
from kgraph.ontology import Ontology
from kgraph.source import Document
from kgraph.statements import Statement


def draft_all(
    documents: dict[str, Document], source_ids: list[str], catalogue: dict[str, Entity], ontology: Ontology
) -> tuple[list[Statement], list[Entity]]:
    """The drafts of each source, in order; an entity proposed by one source is known to the next."""
    statements: list[Statement] = []
    proposed: dict[str, Entity] = {}
    for source_id in source_ids:
        extraction = extract(documents[source_id], source_id, {**proposed, **catalogue}, ontology)
        proposed.update({e.id: e for e in extraction.proposed_entities})
        statements += extraction.statements
    return statements, sorted(proposed.values(), key=lambda e: e.id)


def draft_sources(
    documents: dict[str, Document],
    source_ids: list[str],
    catalogue: dict[str, Entity],
    ontology: Ontology,
    review_file: Path | None,
) -> Reviewed:
    """The drafts still undecided, the entities they would create, and the stale decisions."""
    statements, proposed = draft_all(documents, source_ids, catalogue, ontology)
    return review_drafts(statements, proposed, decisions_of(review_file), source_ids)
