"""Infobox fields (`- Key: value` lines) read as statements about the article's subject.

Keys are matched without their side number (Combatant1, Commanders2, Casualties1 ...):
place/location → locatedIn; partof → partOf; combatants/belligerents → belligerentIn; commanders/leaders →
participatedIn; signatories → signed; mediators/brokers → mediated/brokered; parties → partyTo (or
belligerentIn for an event); casualties → sufferedLossesIn of that side, with counts;
result/status/outcome "<X> victory" → won. A date field gives the date of every statement from the infobox.
"""

from __future__ import annotations

import re

from kgraph.extraction.mentions import EntityIndex, Mention
from kgraph.extraction.reading import Candidate, Context
from kgraph.extraction.tables import casualty_kind, quantities
from kgraph.extraction.timeexpr import When, when, years
from kgraph.source import Sentence

_FIELD = re.compile(r"^- (?P<key>[A-Za-z][A-Za-z ]*?)(?P<side>\d*)\s*:\s*(?P<value>.*)$")
_KEYS = {
    "place": "locatedIn", "location": "locatedIn", "partof": "partOf", "part of": "partOf",
    "combatant": "belligerentIn", "combatants": "belligerentIn", "belligerents": "belligerentIn",
    "belligerent": "belligerentIn", "commanders": "participatedIn", "commander": "participatedIn",
    "leaders": "participatedIn", "signatories": "signed", "signatory": "signed", "signed by": "signed",
    "mediators": "mediated", "mediator": "mediated", "brokers": "brokered", "broker": "brokered",
    "parties": "partyTo", "party": "partyTo", "casualties": "sufferedLossesIn", "losses": "sufferedLossesIn",
    "result": "won", "status": "won", "outcome": "won",
}  # fmt: skip
_ROLES = {"signed": "signatory", "mediated": "mediator", "brokered": "broker", "belligerentIn": "belligerent"}


def infobox_when(rows: list[Sentence]) -> When:
    for row in rows:
        match = _FIELD.match(row.text)
        if match and match["key"].lower() == "date":
            return when(match["value"])
    return When()


def read_infobox(rows: list[Sentence], mentions: dict[int, list[Mention]], context: Context) -> list[Candidate]:
    index, main = context.index, context.main
    if main is None:
        return []
    default_when = infobox_when(rows)
    sides: dict[str, list[str]] = {}
    found: list[Candidate] = []

    def add(subject: str, relation: str, obj: str, row: Sentence, **extra: object) -> None:
        found.append(
            Candidate(
                subject,
                relation,
                obj,
                row,
                role=_ROLES.get(relation),
                confidence=0.85,
                when=extra.pop("when", default_when),
                **extra,
            )
        )

    for row in rows:
        match = _FIELD.match(row.text)
        if not match:
            continue
        key, side, value = match["key"].strip().lower(), match["side"], match["value"]
        relation = _KEYS.get(key)
        names = [m for m in mentions[row.start] if m.start >= match.start("value") and m.kind != "demonym"]
        if relation in ("belligerentIn",):
            parties = [m.entity for m in names if index.is_a(m.entity, "Party")]
            sides[side] = parties
            for party in parties:
                add(party, "belligerentIn", main, row)
        elif relation == "partyTo":
            for m in names:
                add(m.entity, "partyTo" if index.is_a(main, "Agreement") else "belligerentIn", main, row)
        elif relation in ("signed", "mediated", "brokered", "participatedIn"):
            for m in names:
                add(m.entity, relation, main, row)
        elif relation == "locatedIn":
            for m in names:
                add(main, "locatedIn", m.entity, row)
        elif relation == "partOf":
            for m in names:
                add(main, "partOf", m.entity, row)
        elif relation == "sufferedLossesIn":
            losers = sides.get(side, [])[:1]
            for item in re.split(r",\s+(?=\d)", value):
                kind = casualty_kind([item]) or "killed"
                counted = quantities(
                    re.sub(r"(\d)\s+(killed|wounded|missing|captured|dead)", r"\1 people \2", item), kind
                )
                counted = (
                    quantities(item, kind) if any(q.group != "people" for q in quantities(item, kind)) else counted
                )
                for loser in losers:
                    if counted:
                        add(loser, "sufferedLossesIn", main, row, quantities=counted)
        elif relation == "won":
            for item in re.split(r",\s*", value):
                victory = re.search(r"(\S+(?:\s\S+)?)\s+victory", item)
                if not victory:
                    continue
                offset = match.start("value") + value.find(item)
                winners = [
                    m.entity for m in mentions[row.start]
                    if offset + victory.start(1) <= m.start < offset + victory.end(1) and index.is_a(m.entity, "Party")
                ]  # fmt: skip
                item_years = years(item)
                event = _war_of_year(index, item_years[0]) if item_years else main
                for winner in winners[-1:]:
                    if event is None:
                        event = main
                    add(winner, "won", event, row, when=when(item) if item_years else default_when)
    return found


def _war_of_year(index: EntityIndex, year: int) -> str | None:
    """The one catalogue war whose names or description give `year`, else the article's subject."""
    wars = [
        e.id for e in index.catalogue.values()
        if index.is_a(e.id, "War") and year in years(" ".join((e.label, *e.aliases, e.description)))
    ]  # fmt: skip
    return wars[0] if len(wars) == 1 else None
