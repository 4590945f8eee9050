"""The article's figures as charts: fatalities per year and side (the Fatalities table), shares of arms
imports by supplier and period, sums of money, and the figures two sources give differently, side by side
(never summed). Read from the build with SPARQL; each bar says where its figure comes from and its status."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from kgraph.publish.svg import Amount, Bar, bars, columns
from kgraph.query import KnowledgeGraph

SIDES = {"Armenia": ("#c0392b", "#e6a19a"), "Azerbaijan": ("#2e86de", "#9cc6ef")}
STATUS_COLORS = {"asserted": "#4c6272", "alleged": "#b7950b", "denied": "#8e44ad", "disputed": "#d35400"}
SOURCE_COLORS = ("#4c6272", "#d35400")


@dataclass(frozen=True)
class Figure:
    """A chart with its title, what it shows and where its figures come from."""

    name: str
    title: str
    caption: str
    svg: str
    rows: list[dict]


def _query(name: str) -> str:
    return resources.files("kgraph").joinpath(f"assets/charts/{name}.rq").read_text("utf-8")


def _amount(row: dict, value: str = "value", low: str = "min", high: str = "max") -> Amount:
    number = lambda v: float(v) if v is not None else None  # noqa: E731
    return Amount(number(row.get(value)), number(row.get(low)), number(row.get(high)))


def _note(row: dict, according_to: str = "accordingTo", status: str = "status") -> str:
    source = f"according to {row[according_to]}" if row.get(according_to) else "the article's own voice"
    return f"{source}; {row.get(status) or 'asserted'}"


def fatalities(graph: KnowledgeGraph) -> Figure:
    """Soldiers and civilians killed per year on each side, as the article's Fatalities table gives them."""
    rows = graph.select(_query("fatalities-table"))
    years = sorted({r["year"] for r in rows if r["sideLabel"] in SIDES})
    series = []
    for side, (dark, light) in SIDES.items():
        for group, color in (("soldiers", dark), ("civilians", light)):
            amounts = {r["year"]: _amount(r) for r in rows if r["sideLabel"] == side and r["group"] == group}
            if amounts:
                series.append((f"{side}: {group}", color, amounts))
    statuses = sorted({r["status"] for r in rows})
    sources = sorted({r["accordingTo"] for r in rows if r["accordingTo"]}) or ["the article's own voice"]
    caption = (
        f"Source: the Fatalities table of the article ({len(rows)} figures; {', '.join(sources)}); status: "
        f"{', '.join(statuses)}. A pale top is a range (e.g. 108–112); '+' means 'at least'. The table's own "
        "column for both sides together is left out rather than drawn on top."
    )
    return Figure("fatalities", "Killed per year and side", caption, columns(years, series, "people killed"), rows)


def arms_shares(graph: KnowledgeGraph) -> Figure:
    """Each supplier's share of a country's arms imports, by period, as the article gives them."""
    rows = graph.select(_query("arms-shares"))
    items = [
        Bar(
            f"{r['supplierLabel']} → {r['recipientLabel']}, {_period(r)}",
            Amount(float(r["share"])),
            _note(r),
            STATUS_COLORS.get(r["status"], "#4c6272"),
        )
        for r in rows
    ]
    caption = (
        "Source: the article's sentences on arms imports, each with its own attribution (SIPRI where the "
        "article names it) and status. Periods overlap (2007–11 and 2010–14), so the shares of different "
        "periods are separate bars, never added."
    )
    return Figure(
        "arms-shares", "Shares of arms imports by supplier and period", caption, bars(items, "% of arms imports"), rows
    )


def money(graph: KnowledgeGraph) -> Figure:
    """Every sum of money the article gives, between whom and when."""
    rows = graph.select("money")
    items = [
        Bar(
            f"{r['subjectLabel']} {r['relation']} {r['objectLabel']}, {_period(r)}",
            _amount(r),
            f"{r['currency']}; {r['status']}; {r['measures'] or ''}".rstrip("; "),
            STATUS_COLORS.get(r["status"], "#4c6272"),
        )
        for r in rows
    ]
    caption = (
        "Source: the article's sentences that give sums of money (amounts in their currency, as stated; not "
        "adjusted). Each bar is one statement; sums that are parts of others are drawn separately, not added."
    )
    return Figure("money", "Money", caption, bars(items, "amount", log=True), rows)


def disagreeing(graph: KnowledgeGraph) -> Figure:
    """Where two sources give different figures for the same side, event and kind of loss: side by side."""
    rows = graph.select("disagreeing-figures")
    items = []
    for r in rows:
        what = f"{r['sideLabel']} {r['group']} {r['casualty']}, {r['eventLabel']}"
        for suffix, color in zip("AB", SOURCE_COLORS, strict=True):
            items.append(
                Bar(
                    what,
                    _amount(r, f"value{suffix}", f"min{suffix}", f"max{suffix}"),
                    f"according to {r['source' + suffix]}",
                    color,
                )
            )
    caption = (
        "Source: the article, which reports both figures with their sources. Each pair of bars is one "
        "disagreement; the figures are shown next to each other and never summed or averaged."
    )
    return Figure("disagreeing", "Figures the sources disagree on", caption, bars(items, "people"), rows)


def all_figures(graph: KnowledgeGraph) -> list[Figure]:
    return [fatalities(graph), arms_shares(graph), money(graph), disagreeing(graph)]


def _period(row: dict) -> str:
    if row.get("date"):
        return str(row["date"])
    start, end = row.get("start"), row.get("end")
    if start or end:
        return f"{start or '…'}–{end or '…'}"
    return "no date given"
