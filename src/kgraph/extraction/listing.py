"""Lists of names as infoboxes write them: "Gen. Aron VellKIA, (Sarn Guard), Mira Sol (Veloria), Supported by: …".

Items are split at commas outside parentheses (a parenthesis the page left open closes at the next comma); a
parenthesis after a name is a note on it (its group, its office, its state, its years). Titles and ranks
before a name and markers glued to it (KIA, †) are removed; empty values (flags rendered as nothing), wiki
debris ("22px|border") and lower-case words are not names. A "Supported by" entry ends the list of sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph.extraction.lexicon import lines, marker_pattern, title_pattern

_SUBHEADINGS = frozenset(lines("infobox-subheadings.txt"))
_SUPPORTERS = re.compile(r"^\s*supported\s+by\b", re.IGNORECASE)
_DEBRIS = re.compile(r"\||\]\]|\[\[|\bpx\b|\d+px|^\W*$")
_YEARS = re.compile(r"^(?:\w+\s+)?[\d\s–\-—]+$|^(?:until|from|since|before|after)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    name: str  # cleaned: no title, no marker
    raw: str  # as written, with its title
    notes: tuple[str, ...]  # the parentheses that follow it
    titled: bool  # a title or rank stood before it


def close_parentheses(value: str) -> str:
    """`value` with every parenthesis the page left open closed before the next comma (or at the end)."""
    out, depth = [], 0
    for i, char in enumerate(value):
        if char == "(":
            rest = value[i + 1 :]
            closing, reopening = rest.find(")"), rest.find("(")
            if closing < 0 or 0 <= reopening < closing:
                depth += 1  # unclosed: remember to close it at the next comma
                out.append(char)
                continue
        if char == "," and depth:
            out.append(")" * depth)
            depth = 0
        out.append(char)
    return "".join(out) + ")" * depth


def _top_level(value: str) -> list[str]:
    chunks, depth, current = [], 0, []
    for char in value:
        depth += char == "("
        depth -= char == ")" and depth > 0
        if char == "," and depth == 0:
            chunks.append("".join(current))
            current = []
        else:
            current.append(char)
    chunks.append("".join(current))
    return [chunk.strip() for chunk in chunks]


def clean(raw: str) -> tuple[str, bool]:
    """A name without its markers and leading titles, and whether a title stood before it."""
    name = marker_pattern().sub("", raw)
    name = re.sub(r"(?<=[a-z])(?:KIA|WIA|MIA|POW)\b", "", name)
    name = re.sub(rf"^[A-Z]{{2,4}}\s+(?={title_pattern()})", "", name.strip())  # "KSA Col. …": a state code
    titled = bool(re.match(title_pattern(), name))
    name = re.sub(rf"^{title_pattern()}", "", name)
    return name.strip(" '\"*:;.-–"), titled


def is_name(text: str) -> bool:
    """A proper name: starts with a capital or a digit followed by a capitalised word, no debris, not a year."""
    if not text or _DEBRIS.search(text) or _YEARS.match(text):
        return False
    return bool(re.match(r"[A-Z]|\d+(?:st|nd|rd|th)\s+[A-Z]", text))


def items(value: str) -> tuple[list[Item], bool]:
    """The names of a list value, and whether a "Supported by" entry ended it."""
    found: list[Item] = []
    for chunk in _top_level(close_parentheses(value)):
        if _SUPPORTERS.match(chunk):
            return found, True
        notes = tuple(n.strip() for n in re.findall(r"\(([^()]*)\)", chunk))
        head = re.sub(r"\([^()]*\)", " ", chunk).strip()
        if not head:
            if found and notes:
                last = found[-1]
                found[-1] = Item(last.name, last.raw, last.notes + notes, last.titled)
            continue
        name, titled = clean(head)
        if is_name(name) and name.lower() not in _SUBHEADINGS:
            found.append(Item(name, head, notes, titled))
    return found, False


def note_names(note: str) -> list[str]:
    """The names a note lists, when it is only a list of names ("PRM, RENAMO"); else nothing."""
    parts = [p.strip() for p in note.split(",")]
    if all(re.fullmatch(r"[A-Z][\w.’'\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.’'\-]*)*", p) for p in parts):
        return [p for p in parts if not _YEARS.match(p)]
    return []
