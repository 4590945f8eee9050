"""Curation: the entity catalogue, read and checked from data/entities/*.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph.errors import ProblemList
from kgraph.namespaces import KG
from kgraph.ontology import Ontology
from kgraph.yamlfile import LINE_KEY, load_yaml, records_under

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
_FIELDS = {"id", "type", "label", "aliases", "description", "wikidata"}


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
    for path in paths:
        for record in records_under(load_yaml(path), "entities", path, problems):
            entity = _entity(record, path, ontology, problems)
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


def _entity(record: dict[str, Any], path: Path, ontology: Ontology, problems: ProblemList) -> Entity | None:
    line = record.get(LINE_KEY)
    entity_id = record.get("id")
    name = f"entity {entity_id!r}" if entity_id else f"entity at line {line}"
    before = len(problems.problems)

    def problem(message: str) -> None:
        problems.add(path, name, message, line)

    if not isinstance(entity_id, str) or not ID_PATTERN.match(entity_id):
        problem("'id' must be lower-case letters, digits and single hyphens")
    unknown = set(record) - _FIELDS - {LINE_KEY}
    if unknown:
        problem(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}; allowed: {', '.join(sorted(_FIELDS))}")
    types = record.get("type")
    types = [types] if isinstance(types, str) else types
    if not types or not isinstance(types, list):
        problem("'type' is required: a class of the ontology, or a list of them")
        types = []
    for type_name in types:
        cls = ontology.classes.get(type_name) if isinstance(type_name, str) else None
        if cls is None or KG.Entity not in ontology.superclasses(cls):
            problem(f"unknown type {type_name!r}; use an entity class of ontology/kgraph.ttl")
    for field in ("label", "description"):
        if not isinstance(record.get(field), str) or not record[field].strip():
            problem(f"'{field}' is required text")
    aliases = record.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problem("'aliases' must be a list of names")
        aliases = []
    wikidata = record.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and WIKIDATA_PATTERN.match(wikidata)):
        problem(f"'wikidata' must look like Q42, not {wikidata!r}")
    if len(problems.problems) > before:
        return None
    return Entity(
        id=entity_id,
        types=tuple(types),
        label=record["label"].strip(),
        aliases=tuple(a.strip() for a in aliases),
        description=record["description"].strip(),
        wikidata=wikidata,
        path=path,
        line=line,
    )
