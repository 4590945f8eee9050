"""Candidates made Statements: checked against the ontology's domains and ranges, dated, with stable ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kgraph.extraction.mentions import PROPOSED_PATH, EntityIndex
from kgraph.extraction.reading import Candidate
from kgraph.extraction.timeexpr import when
from kgraph.ontology import Ontology
from kgraph.statements import Evidence, Statement


def relation_slug(relation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", relation).lower()


def normalised(text: str) -> str:
    """Text as an id sees it: Unicode-composed, case-folded, runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def statement_id(subject: str, relation: str, obj: str, sentence: str) -> str:
    """An id made of what the draft says (subject, relation, object and its sentence), not where the sentence
    is: an edit elsewhere in the article keeps it, so review decisions keep applying."""
    content = "\x1f".join(normalised(part) for part in (subject, relation, obj, sentence))
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
    return f"x-{subject}-{relation_slug(relation)}-{obj}-{digest}"


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
        id=statement_id(candidate.subject, candidate.relation, candidate.object, sentence.text),
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
        on_behalf_of=candidate.on_behalf_of,
    )
