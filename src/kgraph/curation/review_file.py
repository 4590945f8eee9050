"""The review file (data/review.yaml): extracted statements a curator rejected, checked against its schema."""

from __future__ import annotations

from pathlib import Path

from kgraph.curation.schema import REVIEW, check_record, check_rejection, describe
from kgraph.errors import InputError, ProblemList
from kgraph.yamlfile import LINE_KEY, load_yaml


def check_review(path: Path, problems: ProblemList) -> dict[str, str | None]:
    """The rejected ids and their reasons; each problem is added to `problems`. A missing file rejects nothing."""
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
    rejected: dict[str, str | None] = {}
    for index, item in enumerate(data.get("rejected") or [], 1):
        line = item.get(LINE_KEY) if isinstance(item, dict) else None
        item_problems = check_rejection(item)
        for message, at in item_problems:
            problems.add(path, f"rejected item {index}", message, at or line or data.get(LINE_KEY))
        if item_problems:
            continue
        if isinstance(item, str):
            rejected[item.strip()] = None
        else:
            rejected[item["id"].strip()] = item.get("reason")
    return rejected


def read_rejections(path: Path) -> dict[str, str | None]:
    """The rejected ids and their reasons; raise InputError naming every problem."""
    problems = ProblemList()
    rejected = check_review(path, problems)
    problems.raise_if_any()
    return rejected
