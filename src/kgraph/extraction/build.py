"""Candidates made Statements: checked against the ontology's domains and ranges, dated, with stable ids."""

from __future__ import annotations

import re

from kgraph.extraction.mentions import PROPOSED_PATH, EntityIndex
from kgraph.extraction.reading import Candidate
from kgraph.extraction.timeexpr import when
from kgraph.ontology import Ontology
from kgraph.statements import Evidence, Statement


def relation_slug(relation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", relation).lower()


def statement_id(subject: str, relation: str, obj: str, offset: int) -> str:
    """Stable across runs: the same reading of the same sentence always gets the same id."""
    return f"x-{subject}-{relation_slug(relation)}-{obj}-{offset}"


def fits(index: EntityIndex, ontology: Ontology, candidate: Candidate) -> bool:
    relation = ontology.relations.get(candidate.relation)
    if relation is None:
        return False
    for entity_id, required in ((candidate.subject, relation.domain), (candidate.object, relation.range)):
        types = [ontology.classes[t] for t in index.types(entity_id) if t in ontology.classes]
        if not types or not ontology.fits(types, required):
            return False
    return True


def to_statement(candidate: Candidate, source_id: str) -> Statement:
    sentence = candidate.sentence
    timing = candidate.when if candidate.when is not None else when(sentence.text)
    found = candidate.attribution
    status = found.status if found.status != "denied" or found.denied_by else "alleged"
    return Statement(
        id=statement_id(candidate.subject, candidate.relation, candidate.object, sentence.start),
        subject=candidate.subject,
        relation=candidate.relation,
        object=candidate.object,
        status=status,
        according_to=tuple(a for a in found.according_to if a not in (candidate.subject,) or status != "asserted"),
        denied_by=found.denied_by if status == "denied" else (),
        disputed_by=found.disputed_by if status == "disputed" else (),
        role=candidate.role,
        date=timing.date,
        start=timing.start,
        end=timing.end,
        quantities=candidate.quantities,
        evidence=Evidence(source_id, sentence.text, sentence.start, sentence.end, sentence.section),
        note=candidate.note,
        path=PROPOSED_PATH,
        line=None,
        origin="extracted",
        confidence=round(candidate.confidence * (0.85 if status != "asserted" else 1.0), 2),
    )
