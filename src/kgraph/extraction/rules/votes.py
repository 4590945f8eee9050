"""Votes on resolutions: "X voted for/against", "the resolution was supported by X"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.reading import Reader, listed_after, verb_subjects


def voted(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(r"\bvoted\s+(for|in\s+favou?r\s+of|against)\b", text):
        relation = "votedAgainst" if match.group(1) == "against" else "votedFor"
        objects = [reader.agreement_after(match.end())]
        subjects = verb_subjects(reader, match.start())
        group = re.search(r"\(([^()]*)\)\s*(?:\w+\s+){0,3}$", text[: match.start()])
        if group:
            opening = match.start() - len(group.group(0)) + group.start(1) - group.start(0)
            inside = [
                m.entity for m in reader.all_mentions if m.kind != "demonym" and opening <= m.start < match.start()
            ]
            subjects = [s for s in inside if reader.is_a(s, "State")] or subjects
        reader.add(subjects, relation, objects, match.span(), CONFIDENCE["voted.1"])
    for match in re.finditer(
        r"\b(?:was|were)\s+(?:(?:also|mostly|largely|strongly)\s+)?(opposed|supported|backed|endorsed)\s+by\b", text
    ):
        relation = "votedAgainst" if match.group(1) == "opposed" else "votedFor"
        agreement = reader.agreement_before(match.start())
        if not agreement or not reader.is_a(agreement, "Resolution"):
            continue
        # every state named after "by", also in a parenthesis ("one NATO member (Ardenia)"), but not "no member"
        voters = [
            m.entity
            for m in reader.all_mentions
            if m.start > match.end()
            and m.kind != "demonym"
            and reader.is_a(m.entity, "State")
            and not re.search(r"\bno\s+(?:\w+\s+)?\(?$", text[max(0, m.start - 20) : m.start])
        ]
        # "by seven Union members": an organisation named before "members" is not a voter
        listed = [e for e in listed_after(reader, match.end())[0] if not reader.is_a(e, "Organisation")]
        reader.add(
            listed or voters, relation, [agreement], match.span(), CONFIDENCE["voted.2"], passive_agent=match.end()
        )
    for match in re.finditer(
        r"\bthat\s+(supported|backed|opposed|voted\s+for|voted\s+against)\s+the\s+resolution\s+(?:included|include|were|are)\b",
        text,
    ):
        relation = "votedAgainst" if "against" in match.group(1) or "opposed" in match.group(1) else "votedFor"
        agreement = reader.agreement_before(match.end())
        reader.add(listed_after(reader, match.end())[0], relation, [agreement], match.span(), CONFIDENCE["voted.3"])
    for match in re.finditer(r"\b(opposed|supported|backed)\s+the\s+resolution\b", text):
        if re.search(r"\bthat\s+$", text[: match.start()]):
            continue
        relation = "votedAgainst" if match.group(1) == "opposed" else "votedFor"
        reader.add(
            verb_subjects(reader, match.start()),
            relation,
            [reader.agreement_before(match.end())],
            match.span(),
            CONFIDENCE["voted.4"],
        )
