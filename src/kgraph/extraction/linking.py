"""Linking names to the catalogue whatever their case and accents ("RUSSIA", "Mérimée" as "Merimee"), and
telling a proposed name that is clearly a catalogue entity ("Russian Federation") from one that only may be
("Aliyev" beside "Ilham Aliyev"), which is left for the reviewer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

_QUOTES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.translate(_QUOTES))
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if len(base) == 1:
        return base
    lower = char.lower()
    return lower if len(lower) == 1 else char


def fold(text: str) -> str:
    """`text` without case or accents, one character for each of `text`'s, so offsets carry over."""
    return "".join(_fold_char(c) for c in text)


def is_acronym(surface: str) -> bool:
    """ "US", "OSCE", "U.S.": matched only as written, since "us" and "Is" are ordinary words."""
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and len(letters) <= 6 and all(c.isupper() for c in letters)


def may_stand_for(written: str, surface: str) -> bool:
    """Whether `written` in a text (equal to `surface` once folded) names it: exactly as the catalogue writes
    it, or capitalised as a name is ("RUSSIA", "Merimee"), never an acronym in other case ("us" for "US")."""
    if written == surface:
        return True
    if is_acronym(surface):
        return False
    return written[:1].isupper()


class NameTable:
    """Names (labels, aliases, demonyms) → entity ids, looked up folded; a folded name two entities share is
    nobody's."""

    def __init__(self) -> None:
        self.by_folded: dict[str, tuple[str, str]] = {}  # folded → (entity id, the name as written)
        self._ambiguous: set[str] = set()

    def add(self, surface: str, entity_id: str) -> None:
        key = fold(surface)
        if not key or key in self._ambiguous:
            return
        known = self.by_folded.get(key)
        if known is not None and known[0] != entity_id:
            del self.by_folded[key]
            self._ambiguous.add(key)
            return
        if known is None or surface == known[1]:
            self.by_folded[key] = (entity_id, surface)

    def get(self, written: str) -> str | None:
        found = self.by_folded.get(fold(written))
        return found[0] if found and may_stand_for(written, found[1]) else None

    def names(self) -> Iterable[str]:
        return self.by_folded


_FEDERATION = re.compile(r"^(?:the\s+)?(.+?)\s+Federation$")
_STATE_FORMS = (
    re.compile(
        r"^(?:the\s+)?(?:Republic|Kingdom|State|Commonwealth|Principality|Emirate|Sultanate)\s+of\s+(?:the\s+)?(.+)$"
    ),
    re.compile(r"^(?:the\s+)?(.+?)\s+(?:Republic|Kingdom|State)$"),
)
_MINOR = frozenset({"the", "of", "and", "for", "on", "in", "de", "al", "bin", "ibn", "van", "von", "la", "le"})


def formal_state_name(name: str) -> tuple[str, bool] | None:
    """The short name inside a state's formal name, and whether the two are certainly one state: "Russian
    Federation" → ("Russian", True); "Republic of Azerbaijan" → ("Azerbaijan", False), since "Republic of China"
    is not China and "Chechen Republic" not every Chechen state."""
    match = _FEDERATION.match(name)
    if match:
        return match.group(1), True
    for pattern in _STATE_FORMS:
        match = pattern.match(name)
        if match:
            return match.group(1), False
    return None


def _tokens(name: str) -> set[str]:
    return {t for t in re.split(r"[\s\-]+", fold(name)) if len(t) >= 3 and t not in _MINOR}


def possible_matches(
    name: str, candidates: Iterable[tuple[str, tuple[str, ...]]], compatible: Callable[[str], bool]
) -> tuple[str, ...]:
    """Catalogue entities (id, names) a new name may be, but not certainly: the words of one name are all words
    of the other ("Aliyev" and "Ilham Aliyev", "Karabakh" and "Nagorno-Karabakh"), with a compatible type."""
    words = _tokens(name)
    if not words:
        return ()
    found = []
    for entity_id, names in candidates:
        for other in names:
            theirs = _tokens(other)
            if theirs and (words <= theirs or theirs <= words) and compatible(entity_id):
                found.append(entity_id)
                break
    return tuple(sorted(set(found)))
