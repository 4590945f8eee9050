"""Statistics of a build: entities per class and statements per relation."""

from __future__ import annotations

from collections import Counter

from kgraph.catalogue import Entity
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
