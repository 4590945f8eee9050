"""Other actions: blockades, deployments, expulsions, condemnations."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.reading import Reader, listed_after, verb_subjects


def blockaded(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(r"\bblockaded\b(?!\s+by)", text):
        objects = [m for m in reader.names() if re.fullmatch(r"\s+(?:the\s+)?", text[match.end() : m.start])][:1]
        reader.add(
            verb_subjects(reader, match.start()),
            "blockaded",
            [m.entity for m in objects],
            match.span(),
            CONFIDENCE["blockaded.1"],
        )
    for match in re.finditer(r"\b(?:was|were|been)\s+blockaded\s+by\b", text):
        reader.add(
            listed_after(reader, match.end())[0],
            "blockaded",
            verb_subjects(reader, match.start()),
            match.span(),
            CONFIDENCE["blockaded.2"],
        )
    for match in re.finditer(
        r"\b(?:launched|imposed|began|started|escalated|maintained|consolidated)\s+(?:an?\s+|its\s+|the\s+)?(?:\w+\s+){0,3}?blockade\s+(?:of|on|against)\s+(?:the\s+)?",
        text,
    ):
        objects = [m for m in reader.names() if m.start == match.end()]
        reader.add(
            verb_subjects(reader, match.start()),
            "blockaded",
            [m.entity for m in objects],
            match.span(),
            CONFIDENCE["blockaded.3"],
        )


def deployed(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(
        r"\b(\w+)\s+(?:soldiers|troops|forces|peacekeepers|units|personnel)\s+(?:were|was|have been|had been)\s+"
        r"deployed\b(?:\s+\w+){0,4}?\s+(?:to|in|around|into|along)\s+(?:the\s+)?",
        text,
    ):
        senders = [m.entity for m in reader.all_mentions if m.start == match.start(1)]
        places = [m.entity for m in reader.names() if m.start == match.end() and reader.is_a(m.entity, "Place")]
        reader.add(senders, "deployedTo", places, match.span(), CONFIDENCE["deployed.1"])
    for match in re.finditer(r"\bdeployed\s+(?:\w+\s+){0,4}?(?:to|in|into)\s+(?:the\s+)?", text):
        if re.search(r"\b(?:were|was|been)\s+$", text[: match.start()]):
            continue
        places = [m.entity for m in reader.names() if m.start == match.end() and reader.is_a(m.entity, "Place")]
        reader.add(
            verb_subjects(reader, match.start()),
            "deployedTo",
            places,
            match.span(),
            CONFIDENCE["deployed.2"],
        )


def expelled(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:expelled|deported)\b(?!\s+by)(?!\s+from)", reader.text):
        objects = [
            m for m in reader.names() if re.fullmatch(r"\s+(?:the\s+)?(?:\w+\s+)?", reader.text[match.end() : m.start])
        ][:1]
        reader.add(
            verb_subjects(reader, match.start()),
            "expelled",
            [m.entity for m in objects],
            match.span(),
            CONFIDENCE["expelled.1"],
        )


def condemned(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(r"\bcondemned\b(?!\s+by)", text):
        if re.search(r"\b(?:been|was|were|be)\s+$", text[: match.start()]):
            continue
        objects = [m for m in reader.names() if re.fullmatch(r"\s+(?:the\s+)?", text[match.end() : m.start])][:1]
        reader.add(
            verb_subjects(reader, match.start()),
            "condemned",
            [m.entity for m in objects],
            match.span(),
            CONFIDENCE["condemned.1"],
        )
    for match in re.finditer(r"\b(?:been|was|were)\s+condemned\s+by\b", text):
        objects = [m.entity for m in reader.items_before(match.start())]
        reader.add(
            listed_after(reader, match.end())[0],
            "condemned",
            objects,
            match.span(),
            CONFIDENCE["condemned.2"],
            passive_agent=match.end(),
        )
