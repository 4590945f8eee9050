"""Dates in a sentence: "9 November 2020", "August 2025", "1994", "between 2005 and 2016", "2007–11"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph.statements import TimeValue, parse_time

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) (\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH}) (\d{{1,2}}), (\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH}) (\d{{4}})\b")
_RANGE = re.compile(r"\b(?:between|from) (\d{4}) (?:and|to|until) (\d{4})\b|\b(\d{4})[–-](\d{2,4})\b")
_YEAR = re.compile(r"(?<![\d,.$£€/])\b(1[89]\d\d|20\d\d)\b(?![\d%])")


@dataclass(frozen=True)
class When:
    date: TimeValue | None = None
    start: TimeValue | None = None
    end: TimeValue | None = None


def _time(text: str) -> TimeValue | None:
    try:
        return parse_time(text)
    except ValueError:
        return None


def when(text: str) -> When:
    """The first time expression of `text`: a point (day, month or year) or a period of years."""
    found: list[tuple[int, When]] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        day, month, year = int(match[1]), MONTHS[match[2].lower()], match[3]
        found.append((match.start(), When(date=_time(f"{year}-{month:02d}-{day:02d}"))))
    for match in _MONTH_DAY_YEAR.finditer(text):
        month, day, year = MONTHS[match[1].lower()], int(match[2]), match[3]
        found.append((match.start(), When(date=_time(f"{year}-{month:02d}-{day:02d}"))))
    for match in _MONTH_YEAR.finditer(text):
        found.append((match.start(), When(date=_time(f"{match[2]}-{MONTHS[match[1].lower()]:02d}"))))
    for match in _RANGE.finditer(text):
        first, last = (match[1], match[2]) if match[1] else (match[3], match[4])
        if len(last) == 2:
            last = first[:2] + last
        if last > first:
            found.append((match.start(), When(start=_time(first), end=_time(last))))
    for match in _YEAR.finditer(text):
        found.append((match.start(), When(date=_time(match[1]))))
    if not found:
        return When()
    found.sort(key=lambda item: (item[0], -_precision(item[1])))
    return found[0][1]


def _precision(value: When) -> int:
    if value.start:
        return 4
    return {"day": 3, "month": 2, "year": 1}[value.date.precision] if value.date else 0


def years(text: str) -> list[int]:
    """Every year written in `text`, with two-digit range ends expanded ("2007–11" gives 2007 and 2011)."""
    found = [int(y) for y in _YEAR.findall(text)]
    for match in re.finditer(r"\b(\d{4})[–-](\d{2})\b", text):
        found.append(int(match[1][:2] + match[2]))
    return found
