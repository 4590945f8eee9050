"""Fighting: "X fought for Y", "X fought on the Y side", and the sides of a war: "Z is a conflict between X and
Y", "clashes between X and Y escalated into the Z war"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.lexicon import alternatives
from kgraph.extraction.reading import Reader, listed_after, verb_subjects


def fought_for(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(
        r"\b(?:fought|fight|fights|fighting|served|serving)\s+(?:on\s+(?:the\s+)?(\w+)(?:['’]s)?\s+side|for|alongside)\b",
        text,
    ):
        if match.group(1):
            sides = [m.entity for m in reader.all_mentions if m.start == match.start(1)]
            rest = text[match.end() :]
        else:
            sides = listed_after(reader, match.end())[0][:1]
            rest = ""
        colon = re.match(r"\s*:\s*", rest)
        fighters = listed_after(reader, match.end() + colon.end())[0] if colon else verb_subjects(reader, match.start())
        if not fighters and not colon:
            before = [
                m
                for m in reader.names()
                if m.end <= match.start() and re.fullmatch(r"\s+(?:who\s+)?", text[m.end : match.start()])
            ]
            fighters = [before[-1].entity] if before else []
        fighters = [f for f in fighters if not reader.is_a(f, "State") or reader.is_a(f, "ArmedGroup")]
        reader.add(fighters, "foughtFor", sides, match.span(), CONFIDENCE["fought.1"])


_FIGHTING = r"(?:conflict|war|clashes|fighting|hostilities|battles?|skirmishes|insurgency|fought|waged)"


def sides(reader: Reader) -> None:
    """The two sides "between X and Y" of a fight: belligerents in the war named after it ("erupted into the Z
    War"), or in the article's war when the sentence defines it ("The Z war is a conflict between X and Y")."""
    text, main = reader.text, reader.context.main
    for match in re.finditer(rf"\b{_FIGHTING}\s+between\s+(?:the\s+)?", text, re.IGNORECASE):
        found = _sides_after(reader, match.end())
        if len(found) < 2:
            continue
        end = max(m_end for _, m_end in found)
        into = re.match(r"[^.;]{0,60}?\b(?:into|in|during)\s+(?:the\s+)?", text[end:])
        events = []
        if into:
            events = [
                m.entity for m in reader.names() if m.start == end + into.end() and reader.is_a(m.entity, "Event")
            ]
        if not events and main and reader.is_a(main, "Event"):
            label = reader.index.label(main)
            opening = [m for m in reader.names() if m.end <= match.start()][:1]
            defines = re.match(rf"(?:The\s+)?{re.escape(label)}\b", text) or (opening and opening[0].entity == main)
            if (defines or re.match(r"It\b", text)) and re.search(
                r"\b(?:is|was)\s+(?:an?\s+)?(?:[\w\-]+\s+){0,3}$", text[: match.start()] + " "
            ):
                events = [main]
        entities = [e for e, _ in found]
        reader.add(entities, "belligerentIn", events, match.span(), CONFIDENCE["belligerents.between"], "belligerent")


_GROUP = rf"(?:{alternatives('group-nouns.txt')}|troops|army|government|authorities)"


def _sides_after(reader: Reader, position: int) -> list[tuple[str, int]]:
    """The sides listed after "between": names, "the armed forces of X" (X), and "X-ian separatists" (X)."""
    text, found = reader.text, []
    cursor = position
    for _ in range(2):
        lead = (
            r"(?:the\s+)?(?:(?i:armed\s+forces|government|army|military|forces)\s+of\s+(?:the\s+)?)?"
            r"(?:[a-z][\w\-]*\s+|\S+-(?:backed|led|supported)\s+){0,3}"
        )
        here = [
            m
            for m in reader.all_mentions
            if m.start >= cursor
            and not re.match(r"-[a-z]", text[m.end : m.end + 2])
            and re.fullmatch(lead, text[cursor : m.start])
        ]
        if not here:
            return found
        m = here[0]
        end = m.end
        if m.kind == "demonym":
            group = re.match(rf"\s+(?:[a-z]\w*\s+)?{_GROUP}\b", text[m.end :])
            if not group:
                return found
            end = m.end + group.end()
        elif re.match(rf"\s+{_GROUP}\b", text[m.end :]):
            end = m.end + re.match(rf"\s+{_GROUP}\b", text[m.end :]).end()
        found.append((m.entity, end))
        joint = re.match(r"\s*(?:,\s*)?and\s+", text[end:])
        if not joint:
            return found
        cursor = end + joint.end()
    return found


def waged_against(reader: Reader) -> None:
    """ "(a war) waged/fought against X by Y": both sides fought in the war the sentence is about (it, the war)."""
    text, main = reader.text, reader.context.main
    for match in re.finditer(r"\b(?:waged|fought|launched)\s+against\s+(?:the\s+)?", text):
        by = re.match(r"([^.;]{1,80}?)\s+by\s+(?:the\s+)?", text[match.end() :])
        if not by:
            continue
        targets = listed_after(reader, match.end())[0]
        attackers = listed_after(reader, match.end() + by.end())[0]
        war = [m.entity for m in reader.names() if m.end <= match.start() and reader.is_a(m.entity, "Event")][-1:]
        if not war and main and reader.is_a(main, "Event") and re.match(r"(?:It|The\s+war|The\s+conflict)\b", text):
            war = [main]
        reader.add(
            targets + attackers, "belligerentIn", war, match.span(), CONFIDENCE["belligerents.between"], "belligerent"
        )
