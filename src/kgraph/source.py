"""Source parsing: a plain-text article, its sections and the character offsets of quotes.

The format is the seed's: a `= Title =` line, an `Infobox` block of `- Key: value` lines,
`==…==` headings at any depth, paragraphs, `- ` lists and pipe tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kgraph.errors import InputError, Problem

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
    """Read an article and split it into sections with character offsets; an unreadable one is an InputError."""
    try:
        if not path.is_file():
            raise InputError([Problem(path, "", "not a regular file; an article must be a plain-text file")])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text: byte {exc.start} cannot be decoded; save the article as UTF-8"
        raise InputError([Problem(path, "", message)]) from None
    except OSError as exc:
        raise InputError([Problem(path, "", f"cannot read the article: {exc.strerror or exc}")]) from None
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


def slug(text: str) -> str:
    """An id made of a name: lower-case letters and digits joined by single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _slug(text: str) -> str:
    return slug(text) or "section"


@dataclass(frozen=True)
class Sentence:
    """A sentence, list item, table row or infobox field, with its offsets in the document."""

    start: int
    end: int
    text: str
    section: Section


def _asset_lines(name: str) -> list[list[str]]:
    text = resources.files("kgraph").joinpath(f"assets/{name}").read_text("utf-8")
    return [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]


_ABBREVIATIONS = {fields[0]: fields[1:] == ["end"] for fields in _asset_lines("abbreviations.txt")}
_STARTERS = frozenset(fields[0] for fields in _asset_lines("sentence-starters.txt"))
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph; survives abbreviations, initials and decimals."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        word = re.search(r"(\S+)$", text[start : match.start() + 1])
        token = word.group(1).rstrip(".").lstrip("\"'“‘(").lower() if word else ""
        following = re.match(r"\s+([A-Z][a-z]*)\b", text[end:])
        closes = _ABBREVIATIONS.get(token, False) and following is not None and following.group(1) in _STARTERS
        abbreviated = token in _ABBREVIATIONS or re.fullmatch(r"[a-z]|(?:[a-z]\.)+[a-z]", token)
        if abbreviated and not closes:
            continue
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentences(document: Document) -> list[Sentence]:
    """Every sentence of the document's prose, and each list item, table row and infobox field."""
    found = []
    for section in document.sections:
        body = document.text[section.start : section.end]
        for block_start, block in _blocks(body):
            offset = section.start + block_start
            if block.startswith(("- ", "|")):
                found.append(Sentence(offset, offset + len(block), block, section))
                continue
            for start, end in split_sentences(block):
                found.append(Sentence(offset + start, offset + end, block[start:end], section))
    return found


def _blocks(body: str) -> list[tuple[int, str]]:
    """Paragraphs (runs of prose lines) and single lines of lists and tables; headings are left out."""
    blocks, offset, paragraph_start, paragraph = [], 0, 0, []
    for line in body.splitlines(keepends=True):
        stripped = line.strip()
        is_item = stripped.startswith(("- ", "|"))
        if not stripped or is_item or _HEADING.match(stripped) or stripped == INFOBOX:
            if paragraph:
                blocks.append((paragraph_start, "".join(paragraph).strip()))
                paragraph = []
            if is_item:
                blocks.append((offset + line.index(stripped), stripped))
        else:
            if not paragraph:
                paragraph_start = offset + line.index(stripped)
            paragraph.append(line)
        offset += len(line)
    if paragraph:
        blocks.append((paragraph_start, "".join(paragraph).strip()))
    return blocks
