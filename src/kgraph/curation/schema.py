"""The declared schema of every curated record: one place says what a statement, entity, quantity,
source, dataset and review record may hold, and every error text about a field's shape comes from it.

Each record is checked here before anything else reads it, so the code after the check can trust the
types: a field declared as text is a str, a list of ids is a list of str, and so on. Checks that need
more than one field (a money figure needs a currency) or the article (a quote must be verbatim) stay with
the code that reads the record; values from the ontology or the catalogue are checked here through
named vocabularies.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kgraph.iri import iri_problem
from kgraph.yamlfile import LINE_KEY

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
DATE_PATTERN = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
# Figures beyond this are typos, and would be written in exponent form, which xsd:decimal does not allow.
LARGEST_NUMBER = 10**15


@dataclass(frozen=True)
class Kind:
    """A kind of field value: how the documentation names it, and the test a value must pass."""

    name: str
    test: Callable[[Any], bool]
    items: Kind | None = None  # for a kind that takes a list: the kind of each item


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not _CONTROL.search(value)


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


def _number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and (not math.isfinite(value) or "e" in repr(value)):
        return False
    return abs(value) <= LARGEST_NUMBER


TEXT = Kind("text", _text)
ID = Kind("an id (lower-case letters, digits and single hyphens)", _is_id)
NAME = Kind("a name (text)", _text)
NAMES = Kind(
    "a name or a list of names", lambda v: _text(v) or (isinstance(v, list) and bool(v) and all(map(_text, v))), NAME
)
IDS = Kind(
    "an entity id or a list of them",
    lambda v: _is_id(v) or (isinstance(v, list) and all(map(_is_id, v))),
    ID,
)
TEXT_LIST = Kind("a list of text", lambda v: isinstance(v, list) and all(map(_text, v)), TEXT)
DATE = Kind("a date: YYYY, YYYY-MM or YYYY-MM-DD", lambda v: isinstance(v, str) and bool(DATE_PATTERN.match(v)))
NUMBER = Kind("a plain number (such as 40, 2.5 or 1500000) between -10^15 and 10^15", _number)
BOOL = Kind("true or false", lambda v: isinstance(v, bool))
WIKIDATA = Kind("a Wikidata item such as Q42", lambda v: isinstance(v, str) and bool(WIKIDATA_PATTERN.match(v)))
CURRENCY = Kind(
    "an ISO 4217 currency code such as USD", lambda v: isinstance(v, str) and bool(CURRENCY_PATTERN.match(v))
)
IRI = Kind("an absolute http(s) IRI", lambda v: iri_problem(v, http=True) is None)
NAMESPACE = Kind(
    "an http(s) IRI ending with '/' or '#' (no spaces, quotes, angle brackets, braces, pipes, carets, "
    "backticks or backslashes)",
    lambda v: iri_problem(v, http=True, namespace=True) is None,
)
PATH = Kind("a relative path (text)", _text)
SIDES = Kind(
    "a mapping of side names to lists of entity ids",
    lambda v: (
        isinstance(v, dict)
        and all(isinstance(k, str) and isinstance(i, list) and all(map(_is_id, i)) for k, i in _fields(v).items())
    ),
)


@dataclass(frozen=True)
class Field:
    """One field of a record: its name, kind, whether it is required, and what values it allows."""

    name: str
    kind: Kind
    required: bool = False
    allowed: tuple[str, ...] = ()  # fixed values; empty means any value of the kind
    vocabulary: str = ""  # the name of a vocabulary the values must come from (see Vocabulary)
    records: RecordSchema | None = None  # for a list of nested records
    doc: str = ""


@dataclass(frozen=True)
class RecordSchema:
    """What one kind of record may hold."""

    name: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Vocabulary:
    """Values a field may take that come from elsewhere (the ontology, the catalogue), and a hint."""

    name: str
    values: frozenset[str]
    hint: str = ""


RECORDS = Kind("a list of records (mappings of fields)", lambda v: isinstance(v, list))

STATUSES = ("asserted", "alleged", "denied", "disputed")
QUANTITY_KINDS = ("share", "money", "count")

QUANTITY = RecordSchema(
    "quantity",
    (
        Field("kind", TEXT, True, QUANTITY_KINDS, doc="share, money or count"),
        Field("value", NUMBER, doc="a single figure"),
        Field("min", NUMBER, doc="the low end of a range, or 'at least'"),
        Field("max", NUMBER, doc="the high end of a range, or 'at most'"),
        Field("unit", TEXT, doc="what is counted (fighters, tanks); 'percent' for a share"),
        Field("currency", CURRENCY, doc="for money only"),
        Field("measures", TEXT, doc="what the figure measures, in words"),
        Field("approximate", BOOL, doc="true for 'around', 'some', 'roughly'"),
        Field("casualty", TEXT, vocabulary="casualty type", doc="for a count: killed, wounded, displaced…"),
        Field("group", TEXT, vocabulary="person group", doc="for a count: soldiers, civilians, people"),
    ),
)

STATEMENT = RecordSchema(
    "statement",
    (
        Field("id", ID, True, doc="unique across all files"),
        Field("subject", IDS, True, vocabulary="entity", doc="entity id, or a list: one statement per subject"),
        Field("relation", NAME, True, vocabulary="relation", doc="a sub-property of kg:relation"),
        Field("object", IDS, True, vocabulary="entity", doc="entity id, or a list: one statement per object"),
        Field("status", TEXT, allowed=STATUSES, doc="asserted (default), alleged, denied or disputed"),
        Field("according_to", IDS, vocabulary="entity", doc="who the source says makes the claim"),
        Field("denied_by", IDS, vocabulary="entity", doc="who denies it; required when denied"),
        Field("disputed_by", IDS, vocabulary="entity", doc="who disputes it"),
        Field("role", NAME, vocabulary="role", doc="the subject's role"),
        Field("on_behalf_of", ID, vocabulary="entity", doc="the party the subject acted for"),
        Field("date", DATE, doc="a point in time"),
        Field("start", DATE, doc="the start of a period"),
        Field("end", DATE, doc="the end of a period"),
        Field("quantities", RECORDS, records=QUANTITY, doc="figures, each a quantity record"),
        Field("quote", TEXT, True, doc="the sentence, verbatim"),
        Field(
            "source",
            NAME,
            vocabulary="source",
            doc="the source id; default: the file's 'source', else the first source of dataset.yaml",
        ),
        Field("section", TEXT, doc="part of the heading path, when the quote occurs more than once"),
        Field("note", TEXT, doc="how the sentence was read"),
    ),
)

STATEMENTS_FILE = RecordSchema(
    "statements file",
    (
        Field(
            "source",
            NAME,
            vocabulary="source",
            doc="the source its statements quote, unless a statement names another; "
            "default: the first source of dataset.yaml",
        ),
        Field("statements", RECORDS, True, doc="the statement records"),
        Field("entities", RECORDS, doc="entity records, as a draft from kgraph draft holds them"),
    ),
)

ENTITY = RecordSchema(
    "entity",
    (
        Field("id", ID, True, doc="unique across all files"),
        Field("type", NAMES, True, vocabulary="entity class", doc="a class of the ontology, or a list"),
        Field("label", TEXT, True, doc="the English name"),
        Field("aliases", TEXT_LIST, doc="other names the article uses"),
        Field("description", TEXT, True, doc="one line"),
        Field("wikidata", WIKIDATA, doc="only where certain"),
    ),
)

SOURCE = RecordSchema(
    "source",
    (
        Field("id", ID, True, doc="named by a statement's 'source'"),
        Field("file", PATH, True, doc="the article, relative to dataset.yaml"),
        Field("title", TEXT, True, doc="the article's title"),
        Field("publisher", TEXT, True, doc="who published it"),
        Field("creator", TEXT, True, doc="who wrote it"),
        Field("license", IRI, True, doc="the article's licence"),
        Field("attribution", TEXT, True, doc="the credit line shown with the graph"),
        Field("extract", BOOL, doc="true: draft statements from it at every build"),
    ),
)

DATASET = RecordSchema(
    "dataset",
    (
        Field("id", ID, True, doc="names the dataset"),
        Field("title", TEXT, True, doc="the dataset's title, in its description (void.ttl)"),
        Field("description", TEXT, True, doc="a paragraph; line breaks are folded"),
        Field("base", NAMESPACE, True, doc="every IRI of the data is minted under it"),
        Field("license", IRI, True, doc="the licence of the data"),
        Field(
            "sources",
            RECORDS,
            True,
            records=SOURCE,
            doc="the articles the statements quote, the first being the default; kgraph add-source adds one",
        ),
        Field("entities", PATH, True, doc="the folder of entity files (*.yaml), relative to dataset.yaml"),
        Field("statements", PATH, True, doc="the folder of statement files (*.yaml), relative to dataset.yaml"),
        Field("review", PATH, doc="the review file, relative to dataset.yaml; a missing file rejects nothing"),
        Field("sides", SIDES, doc="the sides of the conflict, each anchored by entities, for kgraph analyze"),
    ),
)

REJECTION = RecordSchema(
    "rejection",
    (
        Field("id", TEXT, True, doc="the id of a drafted statement"),
        Field("reason", TEXT, doc="why it was decided so"),
        Field("source", TEXT, doc="the source the draft was read from (kgraph accept/reject write it)"),
        Field("quote", TEXT, doc="the draft's sentence, to tell which decisions went stale"),
        Field("statement", TEXT, doc="for an accepted draft: the id of the curated statement written for it"),
    ),
)

_DECISIONS = Kind("a list of statement ids or {id, reason} mappings", lambda v: isinstance(v, list))

REVIEW = RecordSchema(
    "review",
    (
        Field("rejected", _DECISIONS, doc="drafted statements that stay out of the graph"),
        Field("accepted", _DECISIONS, doc="drafted statements written into the curated statements"),
    ),
)


def _fields(record: Mapping[Any, Any]) -> dict[Any, Any]:
    return {k: v for k, v in record.items() if k != LINE_KEY}


def describe(value: Any) -> str:
    """A value as an error message names it: its kind, and a short form of it."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, int):
        if abs(value) <= LARGEST_NUMBER:
            return f"the number {value}"
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = str(value)
    shown = f"{text[:60]!r}…" if len(text) > 60 else repr(text)
    if _CONTROL.search(text):
        return f"{shown} (it holds a control character)"
    return f"{shown} (blank)" if not text.strip() else shown


def check_record(
    record: Mapping[Any, Any], schema: RecordSchema, vocabularies: Mapping[str, Vocabulary] | None = None
) -> list[tuple[str, int | None]]:
    """Every problem of `record` against `schema`, as (message, line); nested records are checked too.

    A vocabulary the caller does not pass is not checked (the catalogue, say, before it is read).
    """
    vocabularies = vocabularies or {}
    problems: list[tuple[str, int | None]] = []
    line = record.get(LINE_KEY) if isinstance(record, dict) else None

    def add(message: str, at: int | None = None) -> None:
        problems.append((message, at or line))

    values = _fields(record)
    odd = [k for k in values if not isinstance(k, str)]
    if odd:
        add(f"field names must be text, not {', '.join(describe(k) for k in odd)}")
    unknown = sorted(k for k in values if isinstance(k, str) and schema.field(k) is None)
    if unknown:
        allowed = ", ".join(f.name for f in schema.fields)
        add(f"unknown field(s) {', '.join(unknown)}; a {schema.name} may have: {allowed}")
    for spec in schema.fields:
        for message, at in check_field(values.get(spec.name), spec, vocabularies):
            add(message, at)
    return problems


def check_field(
    value: Any, spec: Field, vocabularies: Mapping[str, Vocabulary] | None = None
) -> list[tuple[str, int | None]]:
    """Every problem of one field's value (None: the field is absent), as (message, line or None)."""
    vocabularies = vocabularies or {}
    problems: list[tuple[str, int | None]] = []

    def add(message: str, at: int | None = None) -> None:
        problems.append((message, at))

    if value is None or value == "" or value == []:
        if spec.required:
            add(f"'{spec.name}' is required: {spec.kind.name}")
        return problems
    if not spec.kind.test(value):
        shown = describe(value)
        if isinstance(value, list) and spec.kind.items is not None:
            wrong = [item for item in value if not spec.kind.items.test(item)]
            shown = f"a list holding {describe(wrong[0])}" if wrong else shown
        add(f"'{spec.name}' must be {spec.kind.name}, not {shown}")
        return problems
    if spec.allowed and value not in spec.allowed:
        add(f"'{spec.name}' is {describe(value)}; use one of {', '.join(spec.allowed)}")
    vocabulary = vocabularies.get(spec.vocabulary) if spec.vocabulary else None
    if vocabulary is not None:
        for item in value if isinstance(value, list) else [value]:
            if item not in vocabulary.values:
                hint = f"; {vocabulary.hint}" if vocabulary.hint else ""
                add(f"unknown {vocabulary.name} {item!r} in '{spec.name}'{hint}")
    if spec.records is not None:
        for index, item in enumerate(value, 1):
            where = f"{spec.records.name} {index}"
            if not isinstance(item, dict):
                add(f"{where}: expected a mapping of fields, not {describe(item)}")
                continue
            for message, at in check_record(item, spec.records, vocabularies):
                add(f"{where}: {message}", at)
    return problems


def check_rejection(item: Any, decision: str = "rejected") -> list[tuple[str, int | None]]:
    """A review item is a statement id, or a mapping with its id and the reason."""
    if isinstance(item, str) and item.strip():
        return []
    if isinstance(item, dict):
        return check_record(item, REJECTION)
    return [(f"each {decision} item is a statement id or {{id: …, reason: …}}, not {describe(item)}", None)]


ALL = (DATASET, SOURCE, ENTITY, STATEMENTS_FILE, STATEMENT, QUANTITY, REVIEW, REJECTION)


def field_table(schema: RecordSchema) -> str:
    """The schema as a Markdown table, as data/README.md shows it (a test keeps the two the same)."""
    rows = ["| field | required | value | meaning |", "|---|---|---|---|"]
    for spec in schema.fields:
        value = spec.kind.name
        if spec.allowed:
            value = f"one of {', '.join(spec.allowed)}"
        elif spec.vocabulary:
            value += f"; a known {spec.vocabulary}"
        elif spec.records is not None:
            value = f"a list of {spec.records.name} records"
        cells = [f"`{spec.name}`", "yes" if spec.required else "no", value, spec.doc]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows)
