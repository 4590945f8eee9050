"""Coverage: which sentences of a source no statement cites, section by section."""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.source import Document, Sentence, sentences
from kgraph.statements import Statement


@dataclass(frozen=True)
class SectionCoverage:
    """The sentences of one section, split into those cited by a statement and those not."""

    label: str
    covered: tuple[Sentence, ...]
    uncovered: tuple[Sentence, ...]

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.uncovered)

    @property
    def share(self) -> float:
        return len(self.covered) / self.total if self.total else 1.0


def coverage(document: Document, source_id: str, statements: list[Statement]) -> list[SectionCoverage]:
    """Per section, in document order: a sentence is covered when a statement's quote overlaps it."""
    quoted = sorted((s.evidence.start, s.evidence.end) for s in statements if s.evidence.source_id == source_id)
    by_section: dict[str, tuple[list[Sentence], list[Sentence]]] = {}
    for sentence in sentences(document):
        covered, uncovered = by_section.setdefault(sentence.section.label, ([], []))
        hit = any(start < sentence.end and end > sentence.start for start, end in quoted)
        (covered if hit else uncovered).append(sentence)
    return [SectionCoverage(label, tuple(c), tuple(u)) for label, (c, u) in by_section.items()]


def total_share(sections: list[SectionCoverage]) -> tuple[int, int]:
    """(covered, total) sentences over all sections."""
    return sum(len(s.covered) for s in sections), sum(s.total for s in sections)
