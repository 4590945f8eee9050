"""Bar charts as inline SVG text: no library, no script, every text escaped. A figure is either columns
(categories along the bottom, one column per series) or horizontal bars (one labelled bar per row).
A range is drawn as a solid bar to its lower end and a pale one to its upper end; "at least" as a solid
bar marked with a plus."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Amount:
    """A figure as the source gives it: a value, or a range whose ends may be open."""

    value: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def top(self) -> float:
        return next(v for v in (self.value, self.high, self.low, 0.0) if v is not None)

    @property
    def solid(self) -> float:
        return next(v for v in (self.value, self.low, 0.0) if v is not None)

    def text(self, number) -> str:
        if self.value is not None:
            return number(self.value)
        if self.low is not None and self.high is not None:
            return f"{number(self.low)}–{number(self.high)}"
        if self.low is not None:
            return f"{number(self.low)}+"
        return f"up to {number(self.high)}"


@dataclass(frozen=True)
class Bar:
    """One bar: what it is, its amount, the note that says where the figure comes from, its colour."""

    label: str
    amount: Amount
    note: str
    color: str


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12, extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def columns(categories: list[str], series: list[tuple[str, str, dict[str, Amount]]], unit: str) -> str:
    """Grouped columns: for each category one column per series (name, colour, amounts by category)."""
    width, height, left, bottom, top = 860, 330, 48, 40, 30
    peak = max((a.top for _, _, amounts in series for a in amounts.values()), default=1) or 1
    step = _nice(peak / 5)
    peak = math.ceil(peak / step) * step
    plot_w, plot_h = width - left - 10, height - bottom - top
    slot = plot_w / max(len(categories), 1)
    bar_w = max(min((slot - 8) / max(len(series), 1), 22), 3)
    y = lambda v: top + plot_h - v / peak * plot_h  # noqa: E731
    parts = [_svg_open(width, height)]
    for tick in range(0, int(peak) + 1, int(step) or 1):
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e1e4e8"/>')
        parts.append(_text(left - 6, y(tick) + 4, _number(tick), "end", 11))
    parts.append(_text(4, 14, unit, size=11, extra=' fill="#57606a"'))
    for i, category in enumerate(categories):
        x0 = left + i * slot + (slot - bar_w * len(series)) / 2
        for j, (name, color, amounts) in enumerate(series):
            amount = amounts.get(category)
            if amount is None:
                continue
            x = x0 + j * bar_w
            parts.append(
                _bar_rect(
                    x,
                    y(amount.solid),
                    bar_w - 1,
                    y(0) - y(amount.solid),
                    color,
                    f"{name}, {category}: {amount.text(_number)}",
                )
            )
            if amount.top > amount.solid:
                parts.append(_bar_rect(x, y(amount.top), bar_w - 1, y(amount.solid) - y(amount.top), color, pale=True))
            if amount.value is None:
                parts.append(_text(x + bar_w / 2, y(amount.top) - 3, amount.text(_number), "middle", 9))
        parts.append(_text(left + i * slot + slot / 2, height - bottom + 16, category, "middle", 11))
    x = left
    for name, color, _ in series:
        parts.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{color}"/>')
        parts.append(_text(x + 14, height - 5, name, size=11))
        x += 24 + 7 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def bars(rows: list[Bar], unit: str, log: bool = False) -> str:
    """One horizontal bar per row, labelled with what it is, its figure and its note (source and status)."""
    row_h, width, label_w = 40, 860, 330
    height = row_h * len(rows) + 24
    values = [r.amount.top for r in rows if r.amount.top > 0] or [1]
    if log:
        low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
        scale = lambda v: (math.log10(max(v, 10**low)) - low) / max(high - low, 1)  # noqa: E731
    else:
        top = max(values)
        scale = lambda v: v / top  # noqa: E731
    plot_w = width - label_w - 130
    parts = [_svg_open(width, height)]
    parts.append(_text(label_w, 12, unit + (" (log scale)" if log else ""), size=11, extra=' fill="#57606a"'))
    for i, row in enumerate(rows):
        y = 20 + i * row_h
        parts.append(_text(label_w - 8, y + 13, _clip(row.label, 46), "end", 12))
        parts.append(_text(label_w - 8, y + 27, _clip(row.note, 56), "end", 10, ' fill="#57606a"'))
        solid = scale(row.amount.solid) * plot_w if row.amount.solid else 0
        full = scale(row.amount.top) * plot_w
        parts.append(
            _bar_rect(
                label_w, y + 4, max(solid, 1), 22, row.color, f"{row.label}: {row.amount.text(_number)} ({row.note})"
            )
        )
        if full > solid:
            parts.append(_bar_rect(label_w + solid, y + 4, full - solid, 22, row.color, pale=True))
        parts.append(_text(label_w + full + 6, y + 20, row.amount.text(_number), size=12))
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(width: int, height: int) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" font-family="system-ui">'


def _bar_rect(x: float, y: float, w: float, h: float, color: str, title: str = "", pale: bool = False) -> str:
    size = f'x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{max(h, 0):.1f}"'
    opacity = ' fill-opacity="0.35"' if pale else ""
    inside = f"<title>{escape(title)}</title>" if title else ""
    return f'<rect {size} fill="{color}"{opacity}>{inside}</rect>'


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _nice(raw: float) -> float:
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
