"""Status and attribution of a candidate statement, and negation, from the words of its sentence.

- "according to X", "per X sources", "X argued/noted/wrote/stated that": `according_to` X; status unchanged.
- "X claimed/alleged", "X accused Y of": status alleged, `according_to` X.
- "reportedly", "allegedly", "may have", "alleged": status alleged, no source named.
- "denied by X", "X denied": status denied, `denied_by` X.
- "disputed", "contested", "widely challenged": status disputed (`disputed_by` X for "disputed by X").
- Negation ("not", "never", "declined to", "refused to", "no longer", ...) between the subject and the verb,
  or "by no/any" after a passive verb, means the sentence gives no positive statement at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph.extraction.mentions import Mention

NEGATION = re.compile(
    r"\b(?:not|never|no longer|neither|nor|declined to|refused to|refuses to|refusing to|failed to|"
    r"didn['’]t|doesn['’]t|don['’]t|hasn['’]t|haven['’]t|hadn['’]t|isn['’]t|wasn['’]t|weren['’]t|cannot|"
    r"unable to|rather than|instead of|without)\b",
    re.IGNORECASE,
)
_NEGATED_AGENT = re.compile(r"^\s*(?:by )?(?:any|no|none of)\b")
_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|alleged|purportedly|supposedly|may have|might have|is said to|are said to|"
    r"was said to|were said to|is believed to|rumou?red)\b",
    re.IGNORECASE,
)
_CLAIM_VERBS = r"(?:claimed|claims|claim|alleged|alleges|allege|accused|accuses|accuse|charged|asserted)"
_SAY_VERBS = (
    r"(?:argued|argues|noted|notes|wrote|writes|stated|states|said|says|suggested|suggests|concluded|concludes|"
    r"reported|reports|documented|estimated|estimates|announced|found|believes|believed)"
)
_DISPUTED = re.compile(r"\b(?:disputed|contested|widely challenged|challenged by|questioned by)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Attribution:
    status: str = "asserted"
    according_to: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    disputed_by: tuple[str, ...] = ()


def outside_parentheses(text: str) -> str:
    """The text with every parenthesis blanked out (same length, so offsets still hold)."""
    chars, depth = list(text), 0
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
        if depth:
            chars[i] = " "
        if char == ")" and depth:
            depth -= 1
    return "".join(chars)


def negated(text: str, start: int, end: int, after: int | None = None) -> bool:
    """Whether the words from `start` to `end` (subject to verb) negate the relation, or a passive verb is
    followed by "by no one", "by any country" (from `after`)."""
    window = outside_parentheses(text)[start:end]
    if NEGATION.search(window) or re.search(r"\bno\b", window, re.IGNORECASE):
        return True
    return after is not None and bool(_NEGATED_AGENT.match(text[after : after + 20]))


_AUTHORITY = re.compile(r"\s+(?:authorities|government|officials|sources|side|embassy|ministry|MoD|military)\b")


def _parties(mentions: list[Mention], party: callable, text: str) -> list[Mention]:
    """Mentions that can make or deny a claim: names, and demonyms only as "Czech authorities" and the like."""
    return [
        m for m in mentions if party(m.entity) and (m.kind != "demonym" or _AUTHORITY.match(text[m.end : m.end + 20]))
    ]


def attribution(text: str, mentions: list[Mention], party: callable, parenthesis: str | None = None) -> Attribution:
    """Status and sources for a statement read from `text`; `parenthesis` is a remark attached to one list item
    ("per Armenian MoD sources, denied by Jordan"), whose mentions are looked up in `mentions` by text."""
    bare = outside_parentheses(text)
    status, according, denied, disputed = "asserted", [], [], []
    people = _parties(mentions, party, text)

    def first_after(position: int) -> str | None:
        for m in people:
            if m.start >= position and bare[m.start : m.end].strip():
                return m.entity
        return None

    def last_before(position: int) -> str | None:
        found = [m for m in people if m.end <= position and bare[m.start : m.end].strip()]
        return found[-1].entity if found else None

    for match in re.finditer(r"\baccording to\b|\bper\b(?= [A-Z])", bare, re.IGNORECASE):
        source = first_after(match.end())
        if source:
            according.append(source)
    for match in re.finditer(rf"\b{_SAY_VERBS}\b(?: in \d{{4}})?(?: that|,|:| \")", bare):
        source = last_before(match.start())
        if source and source not in according and _near(bare, source, match.start(), people):
            according.append(source)
    for match in re.finditer(rf"\b{_CLAIM_VERBS}\b", bare):
        status = "alleged"
        source = last_before(match.start())
        if source and _near(bare, source, match.start(), people):
            according.insert(0, source) if source not in according else None
    if _HEDGE.search(bare):
        status = "alleged"
    for match in re.finditer(r"\bdenied by\b", bare):
        source = first_after(match.end())
        if source:
            status, denied = "denied", [source]
    for match in re.finditer(r"\b(?:denied|denies|deny)\b(?! by)", bare):
        source = last_before(match.start())
        if source and _near(bare, source, match.start(), people):
            status, denied = "denied", [source]
    if status == "asserted" and _DISPUTED.search(bare):
        status = "disputed"
        match = re.search(r"\b(?:disputed|challenged|questioned) by\b", bare)
        source = first_after(match.end()) if match else None
        disputed = [source] if source else []
    if parenthesis:
        inner = attribution(parenthesis, _shift(mentions, text, parenthesis), party)
        if inner.status != "asserted":
            status, denied = inner.status, list(inner.denied_by)
        for source in inner.according_to:
            if source not in according:
                according.append(source)
        if re.search(r"\bper\b", parenthesis):
            src = [m.entity for m in _shift(mentions, text, parenthesis) if party(m.entity)]
            if src and src[0] not in according and src[0] not in denied:
                according.append(src[0])
    according = [a for a in dict.fromkeys(according) if a not in denied]
    return Attribution(status, tuple(according), tuple(dict.fromkeys(denied)), tuple(disputed))


def _near(bare: str, entity: str, position: int, people: list[Mention]) -> bool:
    """The mention of `entity` closest before `position` is in the same clause (no full clause in between)."""
    before = [m for m in people if m.entity == entity and m.end <= position]
    if not before:
        return False
    gap = bare[before[-1].end : position]
    return len(gap.split()) <= 12 and ";" not in gap


def _shift(mentions: list[Mention], text: str, part: str) -> list[Mention]:
    offset = text.find(part)
    if offset < 0:
        return []
    return [
        Mention(m.start - offset, m.end - offset, m.entity, m.text, m.kind)
        for m in mentions
        if offset <= m.start and m.end <= offset + len(part)
    ]
