"""Extracted statements and proposed entities written as curation YAML (data/README.md), ready for review."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import yaml

from kgraph.statements import Quantity, Statement

if TYPE_CHECKING:
    from kgraph.catalogue import Entity
    from kgraph.extraction import Extraction

HEADER = (
    "# Drafted by the kgraph extractor: review every record (kgraph review, accept ID…, reject ID…).\n"
    "# Ids depend on what a draft says and its sentence, not on where the sentence is: decisions in\n"
    "# data/review.yaml (rejected: [...], accepted: [...]) survive edits elsewhere in the article.\n"
)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _quantity(quantity: Quantity) -> dict[str, Any]:
    record: dict[str, Any] = {"kind": quantity.kind}
    for name in ("value", "min", "max"):
        if getattr(quantity, name) is not None:
            record[name] = _number(getattr(quantity, name))
    for name in ("unit", "currency", "measures", "casualty", "group"):
        if getattr(quantity, name):
            record[name] = getattr(quantity, name)
    if quantity.approximate:
        record["approximate"] = True
    return record


def statement_record(statement: Statement) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": statement.id,
        "subject": statement.subject,
        "relation": statement.relation,
        "object": statement.object,
        "status": statement.status,
    }
    for name in ("according_to", "denied_by", "disputed_by"):
        if getattr(statement, name):
            record[name] = list(getattr(statement, name))
    if statement.role:
        record["role"] = statement.role
    if statement.on_behalf_of:
        record["on_behalf_of"] = statement.on_behalf_of
    for name in ("date", "start", "end"):
        if getattr(statement, name):
            record[name] = getattr(statement, name).text
    if statement.quantities:
        record["quantities"] = [_quantity(q) for q in statement.quantities]
    record["quote"] = statement.evidence.quote
    record["source"] = statement.evidence.source_id
    record["section"] = statement.evidence.section.label
    note = f"Extracted (confidence {statement.confidence:.2f})."
    record["note"] = f"{note} {statement.note}" if statement.note else note
    return record


def entity_record(entity: Entity) -> dict[str, Any]:
    """A proposed entity as a curator writes one in data/entities/."""
    record: dict[str, Any] = {
        "id": entity.id,
        "type": entity.types[0] if len(entity.types) == 1 else list(entity.types),
        "label": entity.label,
    }
    if entity.aliases:
        record["aliases"] = list(entity.aliases)
    record["description"] = entity.description
    return record


def draft_yaml(extraction: Extraction) -> str:
    """The extraction as one YAML document with `entities` (the proposed ones) and `statements`."""
    entities = [entity_record(e) for e in extraction.proposed_entities]
    body = {"entities": entities, "statements": [statement_record(s) for s in extraction.statements]}
    return HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=1000)
