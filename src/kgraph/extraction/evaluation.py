"""Extracted statements measured against curated ones: precision, recall and F1 per relation.

Matching. Statements are compared as facts, not as sentences: an extracted and a curated statement match when
subject, relation and object agree and both are asserted, or both are contested (alleged, denied or disputed).
The same fact quoted from several sentences counts once. An asserted extraction of a fact the curators mark as
contested (or the reverse) is an error: a false positive and a false negative, also listed in `status_errors`.

Sub-properties. Rows per relation are strict: an extracted `supported` does not match a curated
`supportedDiplomatically`. Family rows ("supported*": supported and its kinds; "mediated*": mediated and
brokered; "memberOf*": memberOf and coChairOf) compare after mapping every member to the family, so that a
right fact with a wrong kind counts there, and only there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kgraph.statements import Statement

FAMILIES = {
    "supported*": (
        "supported", "supportedDiplomatically", "supportedMilitarily", "supportedFinancially",
        "supportedEconomically", "supportedHumanitarian", "paid",
    ),
    "mediated*": ("mediated", "brokered"),
    "memberOf*": ("memberOf", "coChairOf"),
    "voted*": ("votedFor", "votedAgainst"),
}  # fmt: skip
CORE = (
    "signed", "mediated", "brokered", "suppliedArmsTo", "supported", "supportedDiplomatically",
    "supportedMilitarily", "supportedFinancially", "supportedEconomically", "supportedHumanitarian",
    "recognised", "votedFor", "votedAgainst", "foughtFor",
)  # fmt: skip

Key = tuple[str, str, str, bool]


@dataclass(frozen=True)
class RelationScore:
    relation: str
    true_positives: int
    false_positives: int
    false_negatives: int
    false_positive_statements: tuple[Statement, ...] = ()
    false_negative_statements: tuple[Statement, ...] = ()

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)


@dataclass(frozen=True)
class EvaluationReport:
    relations: dict[str, RelationScore]
    families: dict[str, RelationScore]
    core: RelationScore
    overall: RelationScore
    status_errors: list[tuple[Statement, Statement]] = field(default_factory=list)

    def table(self) -> str:
        """A plain-text table: one row per relation, then the families, the core relations and all."""
        lines = [f"{'relation':26} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} {'F1':>6}"]
        rows = [*sorted(self.relations.values(), key=lambda s: s.relation), None, *self.families.values(), None,
                self.core, self.overall]  # fmt: skip
        for score in rows:
            if score is None:
                lines.append("-" * 60)
                continue
            lines.append(
                f"{score.relation:26} {score.true_positives:>4} {score.false_positives:>4} {score.false_negatives:>4}"
                f" {_fmt(score.precision):>6} {_fmt(score.recall):>6} {_fmt(score.f1):>6}"
            )
        return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _key(statement: Statement, relation: str | None = None) -> Key:
    return (statement.subject, relation or statement.relation, statement.object, statement.status != "asserted")


def _score(name: str, extracted: dict[Key, Statement], curated: dict[Key, Statement]) -> RelationScore:
    hits = extracted.keys() & curated.keys()
    false_positives = [extracted[k] for k in sorted(extracted.keys() - hits)]
    false_negatives = [curated[k] for k in sorted(curated.keys() - hits)]
    return RelationScore(name, len(hits), len(false_positives), len(false_negatives),
                         tuple(false_positives), tuple(false_negatives))  # fmt: skip


def _index(statements: list[Statement], family: dict[str, str] | None = None) -> dict[str, dict[Key, Statement]]:
    grouped: dict[str, dict[Key, Statement]] = defaultdict(dict)
    for statement in statements:
        relation = (family or {}).get(statement.relation, statement.relation)
        grouped[relation].setdefault(_key(statement, relation), statement)
    return grouped


def evaluate(extracted: list[Statement], curated: list[Statement]) -> EvaluationReport:
    """Precision, recall and F1 of `extracted` against `curated`, per relation and per family."""
    found, expected = _index(extracted), _index(curated)
    relations = {r: _score(r, found.get(r, {}), expected.get(r, {})) for r in sorted(found.keys() | expected.keys())}
    to_family = {member: name for name, members in FAMILIES.items() for member in members}
    found_f, expected_f = _index(extracted, to_family), _index(curated, to_family)
    families = {name: _score(name, found_f.get(name, {}), expected_f.get(name, {})) for name in FAMILIES}

    def merged(names: tuple[str, ...] | None, label: str) -> RelationScore:
        pick_found = {k: v for r, d in found.items() if names is None or r in names for k, v in d.items()}
        pick_expected = {k: v for r, d in expected.items() if names is None or r in names for k, v in d.items()}
        return _score(label, pick_found, pick_expected)

    status_errors = []
    curated_facts = {(s.subject, s.relation, s.object): s for s in curated}
    for statement in extracted:
        other = curated_facts.get((statement.subject, statement.relation, statement.object))
        if other and _key(other) != _key(statement) and _key(statement) not in expected.get(statement.relation, {}):
            status_errors.append((statement, other))
    return EvaluationReport(relations, families, merged(CORE, "core relations"), merged(None, "all relations"),
                            status_errors)  # fmt: skip
