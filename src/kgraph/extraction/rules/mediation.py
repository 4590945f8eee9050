"""Mediation and brokering: "X-brokered", "mediated by X", "under the mediation of X", "under the auspices of
X", "the talks were hosted by X"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.lexicon import office_pattern, title_pattern
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
        if objects in ([None], []) and re.match(r"(?:The\s+)?(?:negotiations|talks)\b", reader.text, re.I):
            objects = [_main_agreement(reader)]  # "Negotiations were …, mediated by X": the article's agreement
        reader.add(
            listed_after(reader, match.end())[0] + _titled_people(reader, match.end()),
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


def _main_agreement(reader: Reader) -> str | None:
    main = reader.context.main
    return main if main and reader.is_a(main, "Agreement") else None


def _titled_people(reader: Reader, position: int) -> list[str]:
    """A person named after an organisation and an office: "by the Union's High Representative Vesna Orlic"."""
    people = []
    for m in reader.names():
        if m.start > position and reader.is_a(m.entity, "Person"):
            gap = reader.text[position : m.start]
            if re.fullmatch(
                rf"\s*(?:the\s+)?\S+(?:['’]s)?\s+(?:(?:{title_pattern()})|(?:{office_pattern()})\s+|(?:High\s+)?Representative\s+|[Ee]nvoy\s+)+",
                gap,
            ):
                people.append(m.entity)
            break
    return people


def auspices(reader: Reader) -> None:
    """ "under the auspices of X", "hosted by X" (of talks): X mediated the agreement the article is about."""
    text = reader.text
    for match in re.finditer(r"\bunder\s+the\s+auspices\s+of\s+(?:the\s+)?", text):
        agreement = reader.agreement_before(match.start()) or _main_agreement(reader)
        hosts = listed_after(reader, match.end())[0]
        reader.add(
            hosts,
            "mediated",
            [agreement],
            match.span(),
            CONFIDENCE["mediation.auspices"],
            "mediator",
            check_from=match.start(),
        )
    for match in re.finditer(
        r"\b(?:the\s+)?(?:meeting|talks|negotiations|summit|conference)\s+(?:was|were)\s+hosted\s+by\s+(?:the\s+)?",
        text,
        re.IGNORECASE,
    ):
        hosts = listed_after(reader, match.end())[0]
        reader.add(
            hosts,
            "mediated",
            [_main_agreement(reader)],
            match.span(),
            CONFIDENCE["mediation.hosted"],
            "mediator",
            passive_agent=match.end(),
        )
