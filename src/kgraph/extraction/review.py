"""The review file: extracted statements a curator rejected, so that they stay rejected across rebuilds.

```yaml
rejected:
  - x-armenia-signed-ceasefire-2020-50971
  - {id: x-russia-supported-armenia-12345, reason: the sentence reports a narrative, not a fact}
```
"""

from __future__ import annotations

from pathlib import Path

from kgraph.curation.review_file import read_rejections
from kgraph.statements import Statement


def read_review(path: Path) -> set[str]:
    """The ids of rejected statements; a missing or empty file rejects nothing; a malformed one is an InputError."""
    return set(read_rejections(path))


def reasons(path: Path) -> dict[str, str]:
    """The reason given for each rejection, where one is given."""
    return {key: reason for key, reason in read_rejections(path).items() if reason is not None}


def apply_review(statements: list[Statement], rejected: set[str]) -> list[Statement]:
    """The statements without the rejected ones (curated statements are never dropped)."""
    return [s for s in statements if s.origin != "extracted" or s.id not in rejected]
