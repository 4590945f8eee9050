"""Leadership: "X led Y", "Y was led by X"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.reading import Reader, listed_after, verb_subjects


def led(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:were|was|is|are)?\s*(?:\w+\s+)?led\s+by\b", reader.text):
        leaders = [e for e in listed_after(reader, match.end())[0] if reader.is_a(e, "Person")]
        reader.add(
            leaders,
            "led",
            verb_subjects(reader, match.start())[-1:],
            match.span(),
            CONFIDENCE["led.1"],
            passive_agent=match.end(),
        )
    for match in re.finditer(r"\b(?:led|leads|commanded|commands|headed|heads)\b(?!\s+by)(?!\s+to)", reader.text):
        objects = listed_after(reader, match.end())[0][:1]
        subjects = [s for s in verb_subjects(reader, match.start()) if reader.is_a(s, "Person")]
        reader.add(
            subjects,
            "led",
            [o for o in objects if reader.is_a(o, "ArmedGroup") or reader.is_a(o, "Organisation")],
            match.span(),
            confidence=CONFIDENCE["led.2"],
        )
