"""Drafts after review: the rejected and the accepted (now curated) ones left out, the proposed entities only
those a remaining draft uses, and the decisions whose draft is gone reported as stale.

```yaml
rejected:
  - x-armenia-signed-ceasefire-2020-3f9a0c21d4
  - {id: x-russia-supported-armenia-77b1e0c2aa, reason: the sentence reports a narrative, not a fact}
accepted:
  - {id: x-russia-brokered-ceasefire-2020-0c4be1f7d2, statement: russia-brokered-ceasefire-2020-2}
```
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.catalogue import Entity
from kgraph.curation.review_file import Decision, read_decisions, read_rejections
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


@dataclass(frozen=True)
class Reviewed:
    """The drafts still to review, the entities they would create, and the decisions that no draft matches."""

    statements: list[Statement]
    proposed_entities: list[Entity]
    stale: list[Decision]
    # accepted in the review file by hand but not yet written into the curated YAML: kept as drafts meanwhile
    unwritten: list[Statement] = field(default_factory=list)


def entities_used(statements: Iterable[Statement]) -> set[str]:
    """Every entity a statement names: subject, object, the party acted for and who says, denies or disputes."""
    used: set[str] = set()
    for s in statements:
        used |= {s.subject, s.object, *s.according_to, *s.denied_by, *s.disputed_by}
        if getattr(s, "on_behalf_of", None):
            used.add(s.on_behalf_of)
    return used


def review_drafts(
    drafts: list[Statement],
    proposed: list[Entity],
    decisions: dict[str, Decision],
    sources: Iterable[str] | None = None,
) -> Reviewed:
    """The drafts without the decided ones; a decision is stale when its draft is no longer drafted (its sentence
    left the article, or the extractor reads it differently). `sources` are the sources drafted: decisions about
    others are not judged."""
    drafted = {s.id for s in drafts}
    unwritten = [s for s in drafts if s.id in decisions and _accepted_unwritten(decisions[s.id])]
    left = [s for s in drafts if s.id not in decisions or _accepted_unwritten(decisions[s.id])]
    used = entities_used(left)
    judged = set(sources) if sources is not None else None
    stale = [
        d
        for d in decisions.values()
        if d.id not in drafted and (judged is None or d.source is None or d.source in judged)
    ]
    return Reviewed(left, [e for e in proposed if e.id in used], sorted(stale, key=lambda d: d.id), unwritten)


def _accepted_unwritten(decision: Decision) -> bool:
    """Accepted by editing the review file: no curated statement was written for it yet."""
    return decision.decision == "accepted" and decision.statement is None


def decisions_of(path: Path | None) -> dict[str, Decision]:
    """The decisions in the review file (none without one)."""
    return read_decisions(path) if path is not None else {}


def review_warnings(reviewed: Reviewed) -> list[str]:
    """What `build` and `review` warn of: stale decisions, and drafts accepted by hand but not yet written."""
    warnings = [stale_warning(reviewed.stale)] if reviewed.stale else []
    if reviewed.unwritten:
        ids = " ".join(s.id for s in reviewed.unwritten)
        warnings.append(
            f"warning: {len(reviewed.unwritten)} draft(s) accepted in the review file are not in the curated YAML "
            f"yet and stay drafts until 'kgraph accept {ids}' writes them"
        )
    return warnings


def stale_warning(stale: list[Decision]) -> str:
    """A warning listing the decisions whose draft is gone, with their sentence where the file keeps it."""
    lines = [
        f"warning: {len(stale)} review decision(s) match no draft any more "
        "(the sentence left the article or is read differently); remove them from the review file or decide again:"
    ]
    for d in stale:
        quote = f': "{d.quote[:100]}"' if d.quote else ""
        lines.append(f"  {d.decision} {d.id}{quote}")
    return "\n".join(lines)
