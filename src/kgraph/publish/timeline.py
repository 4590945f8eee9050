"""The timeline view's data: events and agreements as spans or points, and every dated statement, placed on
a year axis at the precision the article gives (a year covers the whole year and reads "1994", never
"1 January 1994")."""

from __future__ import annotations

import calendar
from datetime import date

import networkx as nx

EVENT_GROUPS = ("Event", "Agreement")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


def date_text(value: dict) -> str:
    """'1994', 'May 1994' or '12 May 1994', as precise as the value."""
    parts = [int(p) for p in value["text"].split("-")]
    if value["precision"] == "day":
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if value["precision"] == "month":
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def span(value: dict) -> tuple[float, float]:
    """The stretch of the year axis a time value covers: a whole year, a whole month, or one day."""
    parts = [int(p) for p in value["text"].split("-")]
    year = parts[0]
    if value["precision"] == "day":
        first = date(year, parts[1], parts[2]).timetuple().tm_yday - 1
        days = 366 if calendar.isleap(year) else 365
        return year + first / days, year + (first + 1) / days
    if value["precision"] == "month":
        return year + (parts[1] - 1) / 12, year + parts[1] / 12
    return float(year), float(year + 1)


def when(dates: list[dict | None]) -> dict | None:
    """from/to on the axis and the text of a statement's dates; None for an undated statement."""
    if not dates:
        return None
    start, end = dates
    if start is not None and end is not None and start == end:
        low, high = span(start)
        return {"from": round(low, 4), "to": round(high, 4), "text": date_text(start), "open": False}
    low = span(start)[0] if start else None
    high = span(end)[1] if end else None
    text = f"{date_text(start) if start else '…'} – {date_text(end) if end else '…'}"
    low = low if low is not None else high - 1
    high = high if high is not None else low + 1
    return {"from": round(low, 4), "to": round(high, 4), "text": text, "open": start is None or end is None}


def timeline(graph: nx.MultiDiGraph, parties: set[str]) -> dict:
    """Events (and agreements) with the span of the dated statements about them, the parties involved and the
    statements that give their date; and where on the axis every dated statement whose subject is a party lies
    (its lane is its subject)."""
    events = []
    for node, data in sorted(graph.nodes(data=True)):
        if data["group"] not in EVENT_GROUPS:
            continue
        own = [(k, d) for _, _, k, d in graph.out_edges(node, keys=True, data=True) if d["dates"]]
        dated = own or [(k, d) for _, _, k, d in graph.in_edges(node, keys=True, data=True) if d["dates"]]
        if not dated:
            continue
        spans = [when(d["dates"]) for _, d in dated]
        first = min(spans, key=lambda s: (s["from"], s["to"]))
        last = max(spans, key=lambda s: (s["to"], s["from"]))
        text = first["text"] if first is last or first["text"] == last["text"] else _joined(first, last)
        involved = {n for n in nx.all_neighbors(graph, node) if n in parties}
        events.append({
            "id": node, "label": data["label"], "group": data["group"], "type": data["types"][0],
            "from": first["from"], "to": last["to"], "text": text,
            "point": all(s["to"] - s["from"] < 0.01 for s in spans) and first["from"] == last["from"],
            "parties": sorted(involved), "evidence": sorted(k for k, _ in dated),
        })  # fmt: skip
    statements = []
    for subject, _obj, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        if subject not in parties or not data["dates"]:
            continue
        place = when(data["dates"])
        statements.append({"id": key, "from": place["from"], "to": place["to"], "open": place["open"]})
    return {"events": events, "statements": statements}


def _joined(first: dict, last: dict) -> str:
    start = first["text"].split(" – ")[0]
    end = last["text"].split(" – ")[-1]
    return start if start == end else f"{start} – {end}"
