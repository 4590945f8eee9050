"""Fighting: "X fought for Y", "X fought on the Y side"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
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
