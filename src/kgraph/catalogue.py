"""Curation: the entity catalogue, read and checked from data/entities/*.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.curation.schema import ENTITY, Vocabulary, check_record
from kgraph.curation.schema import ID_PATTERN as ID_PATTERN  # other modules import it from here
from kgraph.curation.schema import WIKIDATA_PATTERN as WIKIDATA_PATTERN  # other modules import it from here
from kgraph.errors import ProblemList
from kgraph.yamlfile import LINE_KEY, load_yaml, records_under

# rdflib (the namespaces, the ontology) loads only where records are checked against the ontology: records
# read back from a build (kgraph analyze) are made without it.
if TYPE_CHECKING:
    from kgraph.ontology import Ontology


@dataclass(frozen=True)
class Entity:
    """A curated entity."""

    id: str
    types: tuple[str, ...]
    label: str
    aliases: tuple[str, ...]
    description: str
    wikidata: str | None
    path: Path
    line: int | None


def read_catalogue(paths: list[Path], ontology: Ontology) -> dict[str, Entity]:
    """Read every entity file; raise InputError listing every problem found."""
    problems = ProblemList()
    catalogue: dict[str, Entity] = {}
    vocabularies = entity_vocabularies(ontology)
    for path in paths:
        for record in records_under(load_yaml(path), "entities", path, problems):
            entity = _entity(record, path, vocabularies, problems)
            if entity is None:
                continue
            if entity.id in catalogue:
                first = catalogue[entity.id]
                where = f"{first.path}:{first.line}"
                problems.add(path, f"entity {entity.id!r}", f"duplicate id; first defined at {where}", entity.line)
                continue
            catalogue[entity.id] = entity
    problems.raise_if_any()
    return catalogue


def _entity(
    record: dict[str, Any], path: Path, vocabularies: dict[str, Vocabulary], problems: ProblemList
) -> Entity | None:
    line = record.get(LINE_KEY)
    entity_id = record.get("id")
    name = f"entity {entity_id!r}" if isinstance(entity_id, str) else f"entity at line {line}"
    found = check_record(record, ENTITY, vocabularies)
    for message, at in found:
        problems.add(path, name, message, at)
    if found:
        return None
    types = record["type"]
    return Entity(
        id=entity_id,
        types=tuple([types] if isinstance(types, str) else types),
        label=record["label"].strip(),
        aliases=tuple(a.strip() for a in record.get("aliases") or []),
        description=record["description"].strip(),
        wikidata=record.get("wikidata"),
        path=path,
        line=line,
    )


def entity_vocabularies(ontology: Ontology) -> dict[str, Vocabulary]:
    """The values an entity's fields may take from the ontology."""
    from kgraph.namespaces import KG

    classes = frozenset(name for name, cls in ontology.classes.items() if KG.Entity in ontology.superclasses(cls))
    return {"entity class": Vocabulary("type", classes, "use an entity class of ontology/kgraph.ttl")}
