"""The party a person acted for: "Azerbaijani President Ilham Aliyev signed …" and "Aliyev signed the ceasefire
for Azerbaijan" both say Aliyev signed on behalf of Azerbaijan, so the draft meets a curated "Azerbaijan signed"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kgraph.extraction.lexicon import title_pattern
from kgraph.extraction.mentions import TITLES

if TYPE_CHECKING:
    from kgraph.extraction.reading import Reader

# Relations a person performs as a state's or an organisation's agent.
ACTING_RELATIONS = frozenset({"signed"})

_FOR = re.compile(r"\b(?:for|on behalf of)\s+(?:the\s+)?$")
_CLAUSE_END = re.compile(r"[;.]|\bwhile\b|\bwhereas\b")


def acting_for(reader: Reader, subject: str, relation: str, trigger: tuple[int, int]) -> str | None:
    """The state (or other party) a person subject acted for, when the sentence says so: a demonym before the
    person's title, or "for <party>" after the trigger in the same clause."""
    if relation not in ACTING_RELATIONS or not reader.is_a(subject, "Person"):
        return None
    named = [m for m in reader.all_mentions if m.entity == subject and m.end <= trigger[0]]
    if named:
        person = named[-1]
        for m in reader.all_mentions:
            gap = reader.text[m.end : person.start]
            if (
                m.end <= person.start
                and m.entity != subject
                and reader.is_a(m.entity, "State")
                and re.fullmatch(rf"\s+(?:{TITLES}\s+|{title_pattern()})+", gap)
            ):
                return m.entity  # "Azerbaijani President Ilham Aliyev", "Armenian Prime Minister Nikol Pashinyan"
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
        ):
            return m.entity
    return None
