"""The party a person acted for: "Azerbaijani President Ilham Aliyev signed …" and "Aliyev signed the ceasefire
for Azerbaijan" both say Aliyev signed on behalf of Azerbaijan, so the draft meets a curated "Azerbaijan signed"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kgraph.extraction.lexicon import title_pattern
from kgraph.extraction.mentions import TITLES

if TYPE_CHECKING:
    from kgraph.extraction.mentions import Mention
    from kgraph.extraction.reading import Reader

# Relations a person performs as a state's or an organisation's agent.
ACTING_RELATIONS = frozenset({"signed", "mediated", "brokered"})

_FOR = re.compile(r"\b(?:for|on behalf of)\s+(?:the\s+)?$")
_CLAUSE_END = re.compile(r"[;.]|\bwhile\b|\bwhereas\b")


def _state_in_title(reader: Reader, person: Mention) -> str | None:
    """The state a person's title names: "Azerbaijani President Ilham Aliyev" (a demonym, or an office of the
    catalogue whose name holds the state's), "President of Pelloria Lena Sorvik"."""
    for m in reader.all_mentions:
        if m.end > person.start or m.entity == person.entity:
            continue
        gap, before = reader.text[m.end : person.start], reader.text[: m.start]
        if reader.is_a(m.entity, "State") and (
            re.fullmatch(rf"\s+(?:{TITLES}\s+|{title_pattern()})+", gap)  # "Azerbaijani President Ilham Aliyev"
            or (gap == " " and re.search(rf"{TITLES}\s+of\s+(?:the\s+)?$", before))  # "President of Pelloria …"
        ):
            return m.entity
        if gap == " " and reader.is_a(m.entity, "Office"):
            return _state_of_office(reader, m.entity)  # "Armenian Prime Minister" is the "Prime Minister of Armenia"
    return None


def _state_of_office(reader: Reader, office: str) -> str | None:
    """The state an office's names hold: after their last "of" ("Prime Minister of Armenia") or as their first
    word ("Armenian Prime Minister"); none when they name several."""
    states = set()
    for name in (reader.index.label(office), *reader.index.aliases(office)):
        for part in (name.rsplit(" of ", 1)[1] if " of " in name else "", name.split(" ", 1)[0]):
            state = reader.index.state_named(part.removeprefix("the ")) if part else None
            if state is not None:
                states.add(state)
    return states.pop() if len(states) == 1 else None


def acting_for(reader: Reader, subject: str, relation: str, trigger: tuple[int, int]) -> str | None:
    """The state (or other party) a person subject acted for, when the sentence says so: a demonym before the
    person's title, or "for <party>" after the trigger in the same clause."""
    if relation not in ACTING_RELATIONS:
        return None
    if not reader.is_a(subject, "Person") and not reader.index.looks_personal(subject):
        return None  # a proposed name is typed a Person only once something says so
    named = [m for m in reader.all_mentions if m.entity == subject and m.end <= trigger[0]]
    if named:
        found = _state_in_title(reader, named[-1])
        if found is not None:
            return found
    after = reader.text[trigger[1] :]
    clause = _CLAUSE_END.search(after)
    limit = trigger[1] + (clause.start() if clause else len(after))
    for m in reader.all_mentions:
        if (
            trigger[1] <= m.start < limit
            and m.entity != subject
            and reader.party(m.entity)
            and not reader.is_a(m.entity, "Person")
            and _FOR.search(reader.text[trigger[1] : m.start])
            and not re.match(r"['’]s\b", reader.text[m.end :])  # "a contract for Turkey's drones"
        ):
            return m.entity
    return None
