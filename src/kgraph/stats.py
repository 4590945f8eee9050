"""Statistics of a build: entities per class and statements per relation, drafts counted apart."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from kgraph.catalogue import Entity
from kgraph.graph.layout import PROPOSED_CLASS
from kgraph.statements import STATUSES, Statement


def entities_per_class(catalogue: dict[str, Entity]) -> list[tuple[str, int]]:
    """(class, count) rows, largest first; an entity with two types counts under each."""
    counts = Counter(t for e in catalogue.values() for t in e.types)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def statements_per_relation(statements: list[Statement]) -> list[tuple[str, ...]]:
    """(relation, asserted, alleged, denied, disputed, total) rows, largest first."""
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
