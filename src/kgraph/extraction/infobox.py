"""Infobox fields (`- Key: value` lines) read as statements about the article's subject.

Keys are matched without their side number (Combatant1, Commanders2, Casualties1 ...):
place/location → locatedIn; partof → partOf; combatants/belligerents → belligerentIn; commanders/leaders →
participatedIn; signatories → signed; mediators/brokers → mediated/brokered; parties → partyTo (or
belligerentIn for an event); casualties → sufferedLossesIn of that side, with counts;
result/status/outcome "<X> victory" → won. A date field gives the date of every statement from the infobox.
"""

from __future__ import annotations

import re

from kgraph.extraction.lexicon import office_pattern, table
from kgraph.extraction.listing import items, note_names
from kgraph.extraction.mentions import EntityIndex, Mention, guess_type, looks_like_person
from kgraph.extraction.reading import Candidate, Context
from kgraph.extraction.tables import casualty_kind, quantities
from kgraph.extraction.timeexpr import When, when, years
from kgraph.source import Sentence

FIELD = re.compile(r"^- (?P<key>[A-Za-z][A-Za-z ]*?)(?P<side>\d*)\s*:\s*(?P<value>.*)$")
_ROLES = {"signed": "signatory", "mediated": "mediator", "brokered": "broker", "belligerentIn": "belligerent"}
_LEADS = re.compile(
    rf"^(?!.*\b(?:deputy|vice|assistant|acting)\b)(?:{office_pattern()})\s+of\s+(?:the\s+)?(?P<group>.+)$", re.I
)


def relation_of(key: str) -> str | None:
    """What an infobox key's values are (assets/infobox-keys.txt), or None."""
    return table("infobox-keys.txt").get(key.strip().lower())


def infobox_when(rows: list[Sentence]) -> When:
    for row in rows:
        match = FIELD.match(row.text)
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
                role=extra.pop("role", _ROLES.get(relation)),  # type: ignore[arg-type]
                confidence=0.85,
                when=extra.pop("when", default_when),
                **extra,
            )
        )

    for row in rows:
        match = FIELD.match(row.text)
        if not match:
            continue
        key, side, value = match["key"].strip().lower(), match["side"], match["value"]
        relation = relation_of(key)
        names = [m for m in mentions[row.start] if m.start >= match.start("value") and m.kind != "demonym"]
        if relation in ("belligerentIn", "commander", "signed", "mediated", "brokered", "partyTo"):
            listed, _ = items(value)
            people = sum(
                bool(index.lookup(i.name) and index.is_a(index.lookup(i.name), "Person"))
                or i.titled
                or looks_like_person(i.name)
                for i in listed
            )
            for item in listed:
                # a commander is a person; so is a signatory or mediator listed among people ("A, B, Said Rook")
                person = relation == "commander" or item.titled
                person = person or (
                    relation in ("signed", "mediated")
                    and people * 2 > len(listed)
                    and guess_type(item.name) == "Party"
                    and len(item.name.split()) in (2, 3)
                )
                entity = _entity(index, item.name, "Person" if person else None, row.text)
                if entity is None:
                    continue
                if relation == "belligerentIn":
                    if index.is_a(entity, "Party"):
                        sides.setdefault(side, []).append(entity)
                        add(entity, "belligerentIn", main, row)
                elif relation == "commander":
                    add(entity, "belligerentIn", main, row)  # a commander fights in the war
                    for group in _led_groups(index, item.notes, row.text):
                        add(entity, "led", group, row)
                elif relation == "partyTo":
                    add(entity, "partyTo" if index.is_a(main, "Agreement") else "belligerentIn", main, row)
                else:
                    add(entity, relation, main, row)
                    if relation == "signed":  # "Vesna Orlic (Norvania)": a person signing for a state
                        for note in item.notes:
                            for state in filter(None, (index.lookup(n) for n in note_names(note))):
                                if index.is_a(state, "Person") or not index.is_a(state, "Party"):
                                    continue
                                index.retype(entity, "Person")
                                if index.is_a(entity, "Person"):
                                    add(state, "signed", main, row)
                                    add(entity, "led", state, row)
        elif relation == "locatedIn":
            for m in names:
                add(main, "locatedIn", m.entity, row)
        elif relation == "partOf":
            for m in names:  # only a named event ("the post-war era" is not one), not what came before it
                after_event = re.search(
                    r"\b(?:aftermath|legacy|prelude|origins?)\s+(?:of|to)\s+(?:the\s+)?$", row.text[: m.start]
                )
                if index.is_a(m.entity, "Event") and m.text[:1].isupper() and not after_event and m.entity != main:
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


def _entity(index: EntityIndex, name: str, type_name: str | None, row: str) -> str | None:
    """The entity a listed name stands for: the catalogue's or an already proposed one, else a new proposal."""
    known = index.lookup(name)
    if known:
        if type_name:
            index.retype(known, type_name)
        return known
    guessed = guess_type(name)
    if type_name is None:
        type_name = "Person" if guessed == "Party" and looks_like_person(name) else guessed
    elif guessed not in ("Party", "State"):
        type_name = guessed if type_name != "Person" else type_name
    return index.propose(name, type_name, row)


def _led_groups(index: EntityIndex, notes: tuple[str, ...], row: str) -> list[str]:
    """What a commander's notes say they led: the groups a note lists ("(PRM, RENAMO)"), or the group of an
    office that leads ("(Commander of the Northern Guard)"); a deputy leads nothing."""
    groups = []
    for note in notes:
        office = _LEADS.match(note)
        if not office and re.search(office_pattern(), note):
            continue  # an office that does not lead ("Deputy Commander of …"): no group
        if office:
            name = office["group"].strip(" ,.;")
            if name[:1].isupper() or re.match(r"\d", name):
                groups.append(index.lookup(name) or index.propose(name, _group_type(name), row))
            continue
        for name in note_names(note):
            groups.append(index.lookup(name) or index.propose(name, _group_type(name), row))
    return groups


def _group_type(name: str) -> str:
    guessed = guess_type(name)
    return guessed if guessed not in ("Party", "State", "Person") else "ArmedGroup"
