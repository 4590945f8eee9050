"""Review decisions written back: an accepted draft becomes a curated statement (and the entities it needs
curated entities) in the same YAML a curator writes by hand; every decision is recorded in the review file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph.catalogue import Entity
from kgraph.curation.append import append_records
from kgraph.errors import UsageError
from kgraph.extraction.build import relation_slug
from kgraph.extraction.draft import entity_record, statement_record
from kgraph.extraction.review import entities_used
from kgraph.ontology import Ontology
from kgraph.project import DatasetConfig
from kgraph.source import read_document
from kgraph.statements import Statement, read_statements
from kgraph.yamlfile import load_yaml

_STATEMENTS_HEADER = "# Statements accepted from the drafts of {title} (kgraph accept). Format: data/README.md.\n"
_ENTITIES_HEADER = "# Entities accepted from the drafts of {title} (kgraph accept). Format: data/README.md.\n"


@dataclass(frozen=True)
class Folders:
    """Where accepted records go: the dataset's statements and entities folders, and its review file."""

    statements: Path
    entities: Path
    review: Path


def folders(dataset_file: Path, config: DatasetConfig) -> Folders:
    """The folders dataset.yaml names; a dataset without a review file cannot record decisions."""
    raw = load_yaml(dataset_file)
    if config.review_file is None:
        raise UsageError(f"{dataset_file} names no review file; add 'review: review.yaml' to record decisions")
    root = dataset_file.parent
    return Folders(root / raw["statements"], root / raw["entities"], config.review_file)


def curated_id(statement: Statement, taken: set[str]) -> str:
    """An id as a curator names a statement ("russia-brokered-ceasefire-2020"), unique among `taken`."""
    base = f"{statement.subject}-{relation_slug(statement.relation)}-{statement.object}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def curated_record(statement: Statement, new_id: str) -> dict[str, Any]:
    """The draft as a curator writes a statement: its own id, and a note saying where it came from."""
    record = statement_record(statement)
    record["id"] = new_id
    note = f"Accepted from the draft {statement.id} (confidence {statement.confidence:.2f})."
    record["note"] = f"{note} {statement.note}" if statement.note else note
    return record


def _decision(draft: Statement, **extra: str | None) -> dict[str, Any]:
    """The review file's record of a decision: the id, the extra fields given, and the source and sentence that
    tell later whether the decision went stale."""
    record: dict[str, Any] = {"id": draft.id}
    record.update({k: v for k, v in extra.items() if v})
    record["source"] = draft.evidence.source_id
    record["quote"] = draft.evidence.quote
    return record


def accept(
    drafts: list[Statement],
    proposed: dict[str, Entity],
    taken_ids: set[str],
    titles: dict[str, str],
    where: Folders,
) -> list[tuple[Statement, str]]:
    """Write each draft as a curated statement, the proposed entities it uses as curated entities, then record
    the decisions; return each draft with its new id. Each file is replaced in one step."""
    taken = set(taken_ids)
    written: list[tuple[Statement, str]] = []
    by_source: dict[str, list[dict[str, Any]]] = {}
    entities: dict[str, list[dict[str, Any]]] = {}
    done: set[str] = set()
    for statement in drafts:
        new_id = curated_id(statement, taken)
        taken.add(new_id)
        source = statement.evidence.source_id
        by_source.setdefault(source, []).append(curated_record(statement, new_id))
        for entity_id in sorted(entities_used([statement])):
            if entity_id in proposed and entity_id not in done:
                entities.setdefault(source, []).append(entity_record(proposed[entity_id]))
                done.add(entity_id)
        written.append((statement, new_id))
    for source, records in sorted(entities.items()):
        header = _ENTITIES_HEADER.format(title=titles.get(source, source))
        append_records(where.entities / f"{source}.yaml", "entities", records, header)
    for source, records in sorted(by_source.items()):
        header = _STATEMENTS_HEADER.format(title=titles.get(source, source))
        append_records(where.statements / f"{source}.yaml", "statements", records, header)
    decisions = [_decision(statement, statement=new_id) for statement, new_id in written]
    append_records(where.review, "accepted", decisions, REVIEW_HEADER)
    return written


def reject(drafts: list[Statement], reason: str | None, where: Folders) -> None:
    """Record the drafts as rejected in the review file; the next build leaves them, and the entities only they
    would create, out."""
    append_records(where.review, "rejected", [_decision(s, reason=reason) for s in drafts], REVIEW_HEADER)


REVIEW_HEADER = (
    "# Decisions on drafted statements (kgraph accept / kgraph reject, or by hand): each an id, or\n"
    "# {id, reason, source, quote}; an accepted one also names the curated statement written for it.\n"
)


def curated_ids(config: DatasetConfig, ontology: Ontology, catalogue: dict[str, Entity]) -> set[str]:
    """The ids of the curated statements (each file read and checked as the build reads it)."""
    documents = {s.id: read_document(s.path) for s in config.sources}
    return {s.id for s in read_statements(list(config.statement_files), ontology, catalogue, documents)}
