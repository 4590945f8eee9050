"""The review file (data/review.yaml): the drafted statements a curator rejected or accepted, checked against
its schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kgraph.curation.schema import REVIEW, check_record, check_rejection, describe
from kgraph.errors import InputError, ProblemList
from kgraph.yamlfile import LINE_KEY, load_yaml

DECISIONS = ("rejected", "accepted")


@dataclass(frozen=True)
class Decision:
    """A curator's decision on one drafted statement."""

    id: str
    decision: str  # "rejected" or "accepted"
    reason: str | None = None
    source: str | None = None
    quote: str | None = None
    statement: str | None = None  # accepted: the curated statement written for it


def check_decisions(path: Path, problems: ProblemList) -> dict[str, Decision]:
    """The decisions by draft id; each problem is added to `problems`. A missing file decides nothing."""
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        data = load_yaml(path)
    except InputError as error:
        problems.problems.extend(error.problems)
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.add(path, "review", f"expected a mapping with a 'rejected' list, not {describe(data)}")
        return {}
    found = check_record(data, REVIEW)
    for message, line in found:
        problems.add(path, "review", message, line)
    if found:
        return {}
    decisions: dict[str, Decision] = {}
    for decision in DECISIONS:
        for index, item in enumerate(data.get(decision) or [], 1):
            line = item.get(LINE_KEY) if isinstance(item, dict) else None
            item_problems = check_rejection(item, decision)
            for message, at in item_problems:
                problems.add(path, f"{decision} item {index}", message, at or line or data.get(LINE_KEY))
            if item_problems:
                continue
            if isinstance(item, str):
                made = Decision(item.strip(), decision)
            else:
                made = Decision(
                    item["id"].strip(),
                    decision,
                    item.get("reason"),
                    item.get("source"),
                    item.get("quote"),
                    item.get("statement"),
                )
            earlier = decisions.get(made.id)
            if earlier is not None and earlier.decision != decision:
                problems.add(path, f"{decision} item {index}", f"{made.id!r} is both rejected and accepted", line)
            decisions[made.id] = made
    return decisions


def check_review(path: Path, problems: ProblemList) -> dict[str, str | None]:
    """The rejected ids and their reasons; each problem is added to `problems`. A missing file rejects nothing."""
    decisions = check_decisions(path, problems)
    return {d.id: d.reason for d in decisions.values() if d.decision == "rejected"}


def read_decisions(path: Path) -> dict[str, Decision]:
    """Every decision by draft id; raise InputError naming every problem."""
    problems = ProblemList()
    decisions = check_decisions(path, problems)
    problems.raise_if_any()
    return decisions


def read_rejections(path: Path) -> dict[str, str | None]:
    """The rejected ids and their reasons; raise InputError naming every problem."""
    return {d.id: d.reason for d in read_decisions(path).values() if d.decision == "rejected"}
