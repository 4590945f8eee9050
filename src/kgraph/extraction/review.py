"""The review file: extracted statements a curator rejected, so that they stay rejected across rebuilds.

```yaml
rejected:
  - x-armenia-signed-ceasefire-2020-50971
  - {id: x-russia-supported-armenia-12345, reason: the sentence reports a narrative, not a fact}
```
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kgraph.statements import Statement


def read_review(path: Path) -> set[str]:
    """The ids of rejected statements; a missing or empty file rejects nothing."""
    if not path.exists():
        return set()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with a 'rejected' list")
    rejected = data.get("rejected") or []
    if not isinstance(rejected, list):
        raise ValueError(f"{path}: 'rejected' must be a list of statement ids")
    ids = set()
    for item in rejected:
        if isinstance(item, str):
            ids.add(item)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.add(item["id"])
        else:
            raise ValueError(f"{path}: each rejected item is a statement id or {{id: ..., reason: ...}}, not {item!r}")
    return ids


def reasons(path: Path) -> dict[str, str]:
    """The reason given for each rejection, where one is given."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        item["id"]: str(item["reason"])
        for item in data.get("rejected") or []
        if isinstance(item, dict) and "id" in item and "reason" in item
    }


def apply_review(statements: list[Statement], rejected: set[str]) -> list[Statement]:
    """The statements without the rejected ones (curated statements are never dropped)."""
    return [s for s in statements if s.origin != "extracted" or s.id not in rejected]
