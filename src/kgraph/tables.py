"""Plain-text tables for the terminal: numbers right-aligned, long cells cut to fit the width."""

from __future__ import annotations

from collections.abc import Sequence

ELLIPSIS = "…"


def format_table(
    header: Sequence[str], rows: Sequence[Sequence[object]], title: str = "", width: int | None = None
) -> str:
    """A fixed-width table; with `width`, the widest columns shrink (cells end in …) until it fits."""
    cells = [[_text(c) for c in header], *[[_text(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    if width:
        while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > 8:
            widest = widths.index(max(widths))
            widths[widest] -= 1
    numeric = [bool(rows) and all(isinstance(row[i], int | float) for row in rows) for i in range(len(header))]

    def line(row: list[str]) -> str:
        fitted = [_cut(c, w) for c, w in zip(row, widths, strict=True)]
        padded = [c.rjust(w) if n else c.ljust(w) for c, w, n in zip(fitted, widths, numeric, strict=True)]
        return "  ".join(padded).rstrip()

    out = [title] if title else []
    out += [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells[1:]]
    return "\n".join(out)


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS
