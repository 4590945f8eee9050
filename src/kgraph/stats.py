"""Statistics of a build: entities per class and statements per relation, drafts counted apart.

`count_build` counts with SPARQL on the store of a curated build (assets/stats-*.rq), so `kgraph stats` needs
neither the records nor rdflib; `entities_per_class` and `statements_per_relation` count records already read
(a build read with its drafts, split by `apart`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kgraph.graph.layout import PROPOSED_CLASS

if TYPE_CHECKING:
    from kgraph.catalogue import Entity
    from kgraph.statements import Statement
_ASSETS = Path(__file__).parent / "assets"
_KG = "https://kgraph.example.org/ontology#"


@dataclass(frozen=True)
class BuildCounts:
    """What `kgraph stats` prints: (class, entities) and (relation, per status…, total) rows, largest first."""

    entities: int
    classes: list[tuple[str, int]]
    statements: int
    relations: list[tuple[str | int, ...]]
    triples: int


def count_build(store: ox.Store, prefixes: dict[str, str]) -> BuildCounts:
    """Count a build's entities per class and statements per relation and status, with SPARQL on its store."""
    from kgraph.curation.schema import STATUSES

    namespace = prefixes["kgr"]
    types: dict[str, set[str]] = {}
    for row in store.query(_query("stats-entities.rq")):
        if not row["entity"].value.startswith(namespace):
            continue
        found = types.setdefault(row["entity"].value, set())
        if row["type"] is not None and row["type"].value.startswith(_KG):
            found.add(row["type"].value.removeprefix(_KG))
    classes = Counter(t for found in types.values() for t in found)
    by_relation: dict[str, Counter] = {}
    for row in store.query(_query("stats-statements.rq")):
        status = row["status"].value.removeprefix(_KG).lower()
        by_relation.setdefault(_local(row["predicate"].value), Counter())[status] += int(row["statements"].value)
    relations = [(relation, *(c[s] for s in STATUSES), sum(c.values())) for relation, c in by_relation.items()]
    return BuildCounts(
        entities=len(types),
        classes=sorted(classes.items(), key=lambda item: (-item[1], item[0])),
        statements=sum(row[-1] for row in relations),
        relations=sorted(relations, key=lambda row: (-row[-1], row[0])),
        triples=len(store),
    )


def entities_per_class(catalogue: dict[str, Entity]) -> list[tuple[str, int]]:
    """(class, count) rows, largest first; an entity with two types counts under each."""
    counts = Counter(t for e in catalogue.values() for t in e.types)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def statements_per_relation(statements: list[Statement]) -> list[tuple[str, ...]]:
    """(relation, asserted, alleged, denied, disputed, total) rows, largest first."""
    from kgraph.statements import STATUSES

    counts: dict[str, Counter] = {}
    for statement in statements:
        counts.setdefault(statement.relation, Counter())[statement.status] += 1
    rows = [(relation, *(c[s] for s in STATUSES), sum(c.values())) for relation, c in counts.items()]
    return sorted(rows, key=lambda row: (-row[-1], row[0]))


def apart(
    catalogue: dict[str, Entity], statements: list[Statement]
) -> tuple[dict[str, Entity], list[Statement], dict[str, Entity], list[Statement]]:
    """(curated entities, curated statements, proposed entities, drafted statements) of a build read with its
    drafts; a proposed entity is counted under the classes it would have once accepted."""
    proposed = {k: e for k, e in catalogue.items() if PROPOSED_CLASS in e.types}
    curated = {k: e for k, e in catalogue.items() if k not in proposed}
    guessed = {k: replace(e, types=tuple(t for t in e.types if t != PROPOSED_CLASS)) for k, e in proposed.items()}
    drafted = [s for s in statements if s.origin != "curated"]
    return curated, [s for s in statements if s.origin == "curated"], guessed, drafted


def _query(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
