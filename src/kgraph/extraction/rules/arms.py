"""Arms supplies: "X supplied weapons to Y", "Y bought arms from X", "X's arms suppliers include Y"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.reading import Reader, listed_after, verb_subjects

ARMS = (
    r"(?:arms|weapons|weaponry|munitions|armaments|military equipment|military hardware|missiles|drones|tanks|rifles|"
    r"artillery|ammunition|fighter jets|combat aircraft|helicopters|armoured vehicles|armored vehicles)"
)


def supplied_arms(reader: Reader) -> None:
    text = reader.text
    verbs = (
        r"(?:supplied|supplies|supply|supplying|provided|provides|providing|delivered|delivers|sold|sells|sell|"
        r"selling|shipped|ships|exported|exports|exporting)"
    )
    for match in re.finditer(rf"\b{verbs}\b(?:\s+[\w$%.,–\-]+){{0,6}}?\s+{ARMS}\b(?:\s+\w+)?\s+to\b", text):
        reader.add(
            verb_subjects(reader, match.start()),
            "suppliedArmsTo",
            listed_after(reader, match.end())[0],
            match.span(),
            confidence=CONFIDENCE["arms.1"],
        )
    for match in re.finditer(rf"\b{verbs}\b(?:\s+(?:around|some|about|\d+%|\$?[\d.,]+\s*\w*))*\s+(?:of\s+)?", text):
        rest = text[match.end() :]
        owner = [
            m
            for m in reader.names()
            if m.start == match.end() and re.match(rf"['’]s\s+(?:\w+\s+)?{ARMS}\b|['’]s\s+arms imports", text[m.end :])
        ]
        if owner:
            reader.add(
                verb_subjects(reader, match.start()),
                "suppliedArmsTo",
                [owner[0].entity],
                match.span(),
                confidence=CONFIDENCE["arms.2"],
            )
        with_arms = re.match(rf"(?:the\s+)?(\S.*?)\s+with\s+(?:\w+\s+)?{ARMS}\b", rest)
        if with_arms:
            objects = [m.entity for m in reader.names() if m.start == match.end() + with_arms.start(1)]
            reader.add(
                verb_subjects(reader, match.start()),
                "suppliedArmsTo",
                objects,
                match.span(),
                confidence=CONFIDENCE["arms.3"],
            )
    for match in re.finditer(
        rf"\b(?:bought|buys|purchased|purchases|acquired|imported|imports)\s+(?:\w+\s+)?{ARMS}(?:\s+\w+)?\s+from\b",
        text,
    ):
        reader.add(
            listed_after(reader, match.end())[0],
            "suppliedArmsTo",
            verb_subjects(reader, match.start()),
            match.span(),
            confidence=CONFIDENCE["arms.4"],
        )
    for match in re.finditer(
        rf"\b(?:bought|buys|purchased|purchases|acquired|imported|imports)\s+(\w+)\s+{ARMS}\b", text
    ):
        sellers = [m.entity for m in reader.all_mentions if m.start == match.start(1) and m.kind == "demonym"]
        reader.add(
            sellers,
            "suppliedArmsTo",
            verb_subjects(reader, match.start()),
            match.span(),
            CONFIDENCE["arms.5"],
        )
    for match in re.finditer(r"['’]s\s+(?:\w+\s+){0,2}?(?:arms\s+)?suppliers?\b", text):
        owner = [m for m in reader.names() if m.end == match.start()]
        if not owner:
            continue
        if re.match(r"\s+(?:include|includes|included|are|were)\b", text[match.end() :]):
            reader.add(
                listed_after(reader, match.end())[0],
                "suppliedArmsTo",
                [owner[0].entity],
                match.span(),
                CONFIDENCE["arms.6"],
                parentheses=listed_after(reader, match.end())[1],
            )
        else:
            reader.add(
                verb_subjects(reader, owner[0].start),
                "suppliedArmsTo",
                [owner[0].entity],
                match.span(),
                confidence=CONFIDENCE["arms.7"],
            )
    heading = reader.context.heading
    arms_section = any(re.search(r"\barms\b|\bsuppl", part, re.IGNORECASE) for part in reader.sentence.section.path)
    if heading and arms_section:
        for match in re.finditer(r"(?<!['’]s )\b(?:\w+\s+)?suppliers\s+(?:include|includes|are)\b", text):
            if re.search(r"['’]s\s+(?:\w+\s+)?$", text[: match.start()]):
                continue
            subjects, parentheses = listed_after(reader, match.end())
            reader.add(
                subjects,
                "suppliedArmsTo",
                [heading],
                match.span(),
                CONFIDENCE["arms.8"],
                parentheses=parentheses,
            )
        for match in re.finditer(
            r"\b(?:is|was|has become|became|remains|has been)\s+(?:a|an|the)\s+(?:\w+\s+)?supplier\b(?!\s+to|\s+of)",
            text,
        ):
            reader.add(
                verb_subjects(reader, match.start()),
                "suppliedArmsTo",
                [heading],
                match.span(),
                CONFIDENCE["arms.9"],
            )


def supply_deal(reader: Reader) -> None:
    """A deal "between X and Y … to supply Y with arms (through Z)": X, and Z as the channel, supplied Y."""
    text = reader.text
    for match in re.finditer(
        rf"\bto\s+(?:supply|arm|equip)\s+(?:the\s+)?(\S+)\s+with\s+[^.;]{{0,80}}?\b{ARMS}\b", text
    ):
        receivers = [m.entity for m in reader.names() if m.start == match.start(1)]
        if not receivers:
            continue
        suppliers = []
        between = re.search(r"\bbetween\s+(?:the\s+)?", text[: match.start()])
        if between:
            suppliers = [e for e in listed_after(reader, between.end())[0] if e not in receivers]
        channel = re.match(r",?\s+(?:through|via)\s+(?:the\s+)?", text[match.end() :])
        if channel:
            suppliers += listed_after(reader, match.end() + channel.end())[0]
        reader.add(suppliers, "suppliedArmsTo", receivers, match.span(), CONFIDENCE["arms.deal"])
