"""Source parsing: a plain-text article, its sections and the character offsets of quotes.

The format is the seed's: a `= Title =` line, an `Infobox` block of `- Key: value` lines,
`==…==` headings at any depth, paragraphs, `- ` lists and pipe tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_TITLE = re.compile(r"^=\s*(?P<title>[^=].*?)\s*=\s*$")
_HEADING = re.compile(r"^(?P<marks>={2,})\s*(?P<title>.*?)\s*(?P=marks)\s*$")

LEAD = "Lead"
INFOBOX = "Infobox"


@dataclass(frozen=True)
class Section:
    """A heading and the text under it, up to the next heading of any depth."""

    path: tuple[str, ...]
    start: int
    end: int

    @property
    def title(self) -> str:
        return self.path[-1]

    @property
    def label(self) -> str:
        return " > ".join(self.path)

    @property
    def slug(self) -> str:
        return "--".join(_slug(part) for part in self.path)


@dataclass(frozen=True)
class Document:
    """A source article: its text, title and sections in order."""

    path: Path
    text: str
    title: str
    sections: tuple[Section, ...]

    def section_at(self, offset: int) -> Section:
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        raise ValueError(f"offset {offset} is outside {self.path}")

    def find(self, quote: str) -> list[int]:
        """Every offset at which `quote` occurs verbatim."""
        offsets, start = [], self.text.find(quote)
        while start != -1 and quote:
            offsets.append(start)
            start = self.text.find(quote, start + 1)
        return offsets


def read_document(path: Path) -> Document:
    """Read an article and split it into sections with character offsets."""
    text = path.read_text(encoding="utf-8")
    title, sections = "", []
    trail: list[str] = []
    current: tuple[tuple[str, ...], int] | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        new_path: tuple[str, ...] | None = None
        if not title and (match := _TITLE.match(stripped)):
            title = match["title"]
        elif stripped == INFOBOX and current is None:
            new_path = (INFOBOX,)
        elif heading:
            depth = len(heading["marks"]) - 1
            trail = [*trail[: depth - 1], heading["title"]]
            new_path = tuple(trail)
        elif stripped and (current is None or (current[0] == (INFOBOX,) and not line.startswith("- "))):
            new_path = (LEAD,)
        if new_path is not None:
            if current is not None:
                sections.append(Section(current[0], current[1], offset))
            current = (new_path, offset)
        offset += len(line)
    if current is not None:
        sections.append(Section(current[0], current[1], offset))
    return Document(path=path, text=text, title=title or path.stem, sections=tuple(sections))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
