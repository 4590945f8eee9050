"""Mediation and brokering: "X-brokered", "mediated by X", "under the mediation of X"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.reading import Reader, listed_after, verb_subjects


def brokered(reader: Reader) -> None:
    for match in re.finditer(r"(?<![\w])(\S+?)-(?:brokered|mediated)\b", reader.text):
        brokers = [m.entity for m in reader.all_mentions if m.start == match.start() and m.end == match.end(1)]
        agreement = reader.agreement_after(match.end(), 40)
        reader.add(brokers, "brokered", [agreement], match.span(), CONFIDENCE["brokered.1"], "broker")
    for match in re.finditer(r"\b(brokered|mediated)\s+by\b", reader.text):
        relation = "brokered" if match.group(1) == "brokered" else "mediated"
        objects = [reader.agreement_before(match.start())]
        if objects == [None] and relation == "mediated":
            objects = [m.entity for m in reader.items_before(match.start()) if reader.is_a(m.entity, "Event")]
        reader.add(
            listed_after(reader, match.end())[0],
            relation,
            objects,
            match.span(),
            CONFIDENCE["brokered.2"],
            "broker" if relation == "brokered" else "mediator",
            passive_agent=match.end(),
        )
    for match in re.finditer(r"\b(?:brokered|mediated)\b(?!\s+by)", reader.text):
        if reader.text[match.start() - 1 : match.start()] == "-":
            continue
        relation = "brokered" if match.group(0) == "brokered" else "mediated"
        objects = [reader.agreement_after(match.end())]
        if objects == [None] and relation == "mediated":
            objects = [m.entity for m, _ in reader.items_after(match.end()) if reader.is_a(m.entity, "Event")]
        reader.add(
            verb_subjects(reader, match.start()),
            relation,
            objects,
            match.span(),
            CONFIDENCE["brokered.3"],
            "mediator",
        )


def mediation(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:under|at|with|through)\s+(?:the\s+)?mediation\s+(?:from|of|by)\b", reader.text):
        mediators = listed_after(reader, match.end())[0]
        agreement = reader.agreement_before(match.start()) or reader.agreement_after(match.end(), 200)
        reader.add(
            mediators,
            "mediated",
            [agreement or reader.context.main],
            match.span(),
            CONFIDENCE["mediation.1"],
            "mediator",
            check_from=match.start(),
        )
    for match in re.finditer(r"\b(?:role of (?:a |the )?mediator|acted as (?:a |the )?mediator)\b", reader.text):
        subjects = verb_subjects(reader, match.start()) or reader.clause_subject(match.start())
        reader.add(
            subjects,
            "mediated",
            [reader.context.main],
            match.span(),
            CONFIDENCE["mediation.2"],
            "mediator",
            check_from=match.start(),
        )
    for match in re.finditer(r"\bmediation by (?:several groups, )?including (?:the )?", reader.text):
        event = (
            reader.context.heading if reader.context.heading and reader.is_a(reader.context.heading, "Event") else None
        )
        reader.add(
            listed_after(reader, match.end())[0],
            "mediated",
            [event or reader.context.main],
            match.span(),
            CONFIDENCE["mediation.3"],
        )
