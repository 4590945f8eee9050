"""Pipe tables: a header row of sides and rows of yearly figures, read as `sufferedLossesIn` statements.

`| Year | Armenia | Azerbaijan | Total |` then `| 2014 | 27 soldiers, 6 civilians | 37 soldiers | 64 soldiers |`:
each side column gives, for each year, a count per group (soldiers, civilians, people). "Total" is the
catalogue's "Both sides" entity where there is one. The event is the narrowest event whose years span the
whole table, else the article's subject; the kind of loss (killed, wounded, ...) comes from the headings.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kgraph.extraction.mentions import EntityIndex
from kgraph.extraction.reading import Candidate, Context
from kgraph.extraction.timeexpr import When, years
from kgraph.source import Sentence
from kgraph.statements import Quantity, parse_time

_FIGURE = re.compile(r"(?P<low>\d[\d,]*)(?:\s*[–-]\s*(?P<high>\d[\d,]*))?(?P<plus>\+)?\s+(?P<unit>[a-z]+)")
_TOTAL = re.compile(r"^(?:total|both|combined|both sides|all)$", re.IGNORECASE)
_CASUALTY_CUES = (
    (r"wound|injur", "wounded"),
    (r"missing", "missing"),
    (r"captur|prisoner", "captured"),
    (r"displac|refugee", "displaced"),
    (r"expell|deport", "expelled"),
    (r"fatalit|killed|death|dead|casualt|losses", "killed"),
)


def cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def group_of(unit: str) -> str:
    if unit.startswith("soldier") or unit in ("troops", "servicemen", "combatants", "fighters"):
        return "soldiers"
    if unit.startswith("civilian"):
        return "civilians"
    return "people"


def quantities(cell: str, casualty: str) -> tuple[Quantity, ...]:
    found = []
    for match in _FIGURE.finditer(cell):
        low = Decimal(match["low"].replace(",", ""))
        high = Decimal(match["high"].replace(",", "")) if match["high"] else None
        group = group_of(match["unit"])
        if high is not None:
            found.append(Quantity("count", min=low, max=high, casualty=casualty, group=group))
        elif match["plus"]:
            found.append(Quantity("count", min=low, casualty=casualty, group=group))
        else:
            found.append(Quantity("count", value=low, casualty=casualty, group=group))
    return tuple(found)


def casualty_kind(texts: list[str]) -> str | None:
    for text in texts:
        for cue, kind in _CASUALTY_CUES:
            if re.search(cue, text, re.IGNORECASE):
                return kind
    return None


def covering_event(index: EntityIndex, table_years: list[int], fallback: str | None) -> str | None:
    """The event with the narrowest span of years (from its names and description) that holds every year."""
    best: tuple[int, str] | None = None
    low, high = min(table_years), max(table_years)
    for entity in list(index.catalogue.values()) + list(index.proposed.values()):
        if not index.is_a(entity.id, "Event"):
            continue
        spans = years(" ".join((entity.label, *entity.aliases, entity.description)))
        if len(spans) < 2:
            continue
        if min(spans) <= low and high <= max(spans):
            width = max(spans) - min(spans)
            if best is None or width < best[0]:
                best = (width, entity.id)
    return best[1] if best else fallback


def read_table(rows: list[Sentence], context: Context) -> list[Candidate]:
    """Candidates from one table (its rows in order, the first being the header)."""
    if len(rows) < 2:
        return []
    index = context.index
    header = cells(rows[0].text)
    if not header or not re.search(r"year", header[0], re.IGNORECASE):
        return []
    sides: dict[int, str] = {}
    for column, name in enumerate(header[1:], 1):
        entity = index.lookup(name)
        if entity is None and _TOTAL.match(name):
            entity = index.lookup("Both sides")
        if entity is not None and index.is_a(entity, "Party"):
            sides[column] = entity
    section = rows[0].section
    casualty = casualty_kind([*reversed(section.path), *header]) or "killed"
    table_years = [int(cells(row.text)[0]) for row in rows[1:] if re.fullmatch(r"\d{4}", cells(row.text)[0])]
    if not table_years:
        return []
    event = covering_event(index, table_years, context.main)
    found = []
    for row in rows[1:]:
        values = cells(row.text)
        if not re.fullmatch(r"\d{4}", values[0]):
            continue
        for column, side in sides.items():
            if column >= len(values):
                continue
            counted = quantities(values[column], casualty)
            if counted and event:
                found.append(
                    Candidate(
                        side,
                        "sufferedLossesIn",
                        event,
                        row,
                        confidence=0.9,
                        quantities=counted,
                        when=When(date=parse_time(values[0])),
                        note=f'Table row {values[0]}, column "{header[column]}".',
                    )
                )
    return found
