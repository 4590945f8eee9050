"""Extraction: draft statements from any article, to be reviewed and measured against curated ones.

`extract` reads a Document with the entity catalogue (never the curated statements): infobox fields,
pipe tables and sentence-level relations, each with its status and sources, as Statements with
`origin="extracted"`, plus the names it found that the catalogue lacks, as proposed entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgraph.catalogue import Entity
from kgraph.extraction.build import fits, to_statement
from kgraph.extraction.draft import draft_yaml
from kgraph.extraction.evaluation import EvaluationReport, evaluate
from kgraph.extraction.infobox import FIELD, read_infobox
from kgraph.extraction.mentions import GROUP_NOUNS, EntityIndex, Mention, guess_title_type
from kgraph.extraction.reading import Candidate, Context
from kgraph.extraction.review import apply_review, read_review
from kgraph.extraction.rules import read
from kgraph.extraction.tables import read_table
from kgraph.extraction.timeexpr import years
from kgraph.ontology import Ontology
from kgraph.source import INFOBOX, LEAD, Document, Sentence, sentences
from kgraph.statements import Statement

__all__ = [
    "EvaluationReport",
    "Extraction",
    "apply_review",
    "draft_yaml",
    "evaluate",
    "extract",
    "read_review",
]


@dataclass(frozen=True)
class Extraction:
    statements: list[Statement]  # origin="extracted", confidence in (0, 1], evidence with exact offsets
    proposed_entities: list[Entity]  # names found but not in the catalogue; ids kebab-case, type best guess
    # a proposed entity that may be a catalogue entity under another name → those entities, for the reviewer
    possible_matches: dict[str, tuple[str, ...]] = field(default_factory=dict)


def extract(document: Document, source_id: str, catalogue: dict[str, Entity], ontology: Ontology) -> Extraction:
    """Draft statements from `document`, using only the entity catalogue."""
    index = EntityIndex(catalogue, ontology)
    index.learn(document.text)
    main = index.lookup(document.title) or index.propose(
        document.title, guess_title_type(document.title), document.title
    )
    context = Context(index, main=main)
    _learn_aliases(document, index, main)
    candidates: list[Candidate] = []
    infobox_rows: list[Sentence] = []
    mentions = {}
    table: list[Sentence] = []
    prose_seen = False
    groups: dict[str, str] = {}  # a group noun ("mujahideen") → the named group last spoken of
    for sentence in sentences(document):
        if table and (not sentence.text.startswith("|") or sentence.section != table[0].section):
            candidates += read_table(table, context)
            table = []
        if sentence.text.startswith("|"):
            table.append(sentence)
            continue
        mentions[sentence.start] = _with_groups(sentence.text, index.find(sentence.text), groups, index)
        if sentence.section.path == (INFOBOX,) or (not prose_seen and FIELD.match(sentence.text)):
            infobox_rows.append(sentence)  # also a block headed by the title, or after a comment line
            continue
        prose_seen = prose_seen or _is_prose(sentence.text)
        title = sentence.section.title
        heading = index.lookup(title)
        context.heading = heading if heading and heading != main else None
        context.section_years = sorted({y for part in sentence.section.path for y in years(part)})
        candidates += read(sentence, mentions[sentence.start], context)
    if table:
        candidates += read_table(table, context)
    candidates += read_infobox(infobox_rows, mentions, context)
    statements: dict[str, Statement] = {}
    for candidate in candidates:
        if not fits(index, ontology, candidate):
            continue
        statement = to_statement(candidate, source_id)
        if statement.evidence.quote != document.text[statement.evidence.start : statement.evidence.end]:
            continue
        if statement.id in statements:
            kept = statements[statement.id]
            if kept.quantities or not statement.quantities:
                continue
        statements[statement.id] = statement
    used = {s.subject for s in statements.values()} | {s.object for s in statements.values()}
    for statement in statements.values():
        used |= set(statement.according_to) | set(statement.denied_by) | set(statement.disputed_by)
    proposed = [entity for entity_id, entity in sorted(index.proposed.items()) if entity_id in used]
    ordered = sorted(statements.values(), key=lambda s: (s.evidence.start, s.id))
    matches = {e.id: index.possible_matches[e.id] for e in proposed if e.id in index.possible_matches}
    return Extraction(statements=ordered, proposed_entities=proposed, possible_matches=matches)


def _is_prose(text: str) -> bool:
    """A sentence of running text, not a heading line, a comment or an infobox's title."""
    return len(text.split()) >= 6 and text.rstrip().endswith((".", "!", "?", '"', "”"))


_ALIAS = re.compile(
    r"\b(?:formally|officially|also known as|informally known as|better known as|commonly known as)\s+(?:the\s+)?"
    r"([A-Z][^,()«»;]*?)(?=\s*[,(;]|\s+(?:is|was|were|are)\b)"
)


_NAME_KEYS = ("long name", "full name", "official name", "conventional name")


def _alias_position(text: str) -> list[tuple[int, int]]:
    return [m.span(1) for m in _ALIAS.finditer(text)]


def _learn_aliases(document: Document, index: EntityIndex, main: str) -> None:
    """The other names the infobox ("Long Name: …") and the first sentence ("also known as the Tarvel Accords")
    give the article's subject."""
    for sentence in sentences(document):
        field = FIELD.match(sentence.text)
        if field and field["key"].strip().lower() in _NAME_KEYS and field["value"].strip():
            index.add_alias(main, field["value"].strip())
    for sentence in sentences(document):
        if sentence.section.path != (LEAD,) or not _is_prose(sentence.text):
            continue
        for start, end in _alias_position(sentence.text):
            index.add_alias(main, sentence.text[start:end].strip())
        return


def _with_groups(text: str, mentions: list[Mention], groups: dict[str, str], index: EntityIndex) -> list[Mention]:
    """ "The mujahideen" after "the Velorian mujahideen": the group named before (its label ends with the noun)."""
    found = list(mentions)
    for match in re.finditer(rf"\b[Tt]he\s+({GROUP_NOUNS})\b", text):
        noun = match.group(1)
        if noun in groups and not any(m.start <= match.start(1) < m.end for m in mentions):
            found.append(Mention(match.start(1), match.end(1), groups[noun], noun, "name"))
    for m in mentions:
        last = index.label(m.entity).split()[-1:]
        if (
            m.kind != "demonym"
            and last
            and re.fullmatch(GROUP_NOUNS, last[0])
            and len(index.label(m.entity).split()) > 1
        ):
            groups[last[0]] = m.entity
    return sorted(found, key=lambda m: m.start)
