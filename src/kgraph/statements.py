"""Curation: statements read from data/statements/*.yaml and checked against the catalogue,
the ontology and the source text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.catalogue import Entity
from kgraph.curation.schema import QUANTITY_KINDS as QUANTITY_KINDS  # other modules import it from here
from kgraph.curation.schema import STATEMENT, STATEMENTS_FILE, Vocabulary, check_field, check_record
from kgraph.curation.schema import STATUSES as STATUSES  # other modules import it from here
from kgraph.errors import ProblemList
from kgraph.source import Document, Section
from kgraph.yamlfile import LINE_KEY, load_yaml, records_under

# rdflib (the namespaces, the ontology) loads only where records are checked against the ontology: records
# read back from a build (kgraph analyze) are made without it.
if TYPE_CHECKING:
    from kgraph.ontology import Ontology

_TIME = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


@dataclass(frozen=True)
class TimeValue:
    """A time as the source gives it: a year, a month or a day."""

    text: str
    precision: str  # "year" | "month" | "day"


@dataclass(frozen=True)
class Quantity:
    """A figure: a value, or a range, with its unit or currency."""

    kind: str
    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    unit: str | None = None
    currency: str | None = None
    measures: str | None = None
    approximate: bool = False
    casualty: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where a quote sits in its source."""

    source_id: str
    quote: str
    start: int
    end: int
    section: Section


@dataclass(frozen=True)
class Statement:
    """One relation between two entities, with its qualifiers and evidence."""

    id: str
    subject: str
    relation: str
    object: str
    status: str
    according_to: tuple[str, ...]
    denied_by: tuple[str, ...]
    disputed_by: tuple[str, ...]
    role: str | None
    date: TimeValue | None
    start: TimeValue | None
    end: TimeValue | None
    quantities: tuple[Quantity, ...]
    evidence: Evidence
    note: str | None
    path: Path
    line: int | None
    origin: str = "curated"  # "curated" by hand, or "extracted" by a program
    confidence: float | None = None  # an extractor's confidence in [0, 1]; None for curated statements
    confirmed_by: str | None = None  # for an extracted statement: the curated statement that says the same
    on_behalf_of: str | None = None  # the party the subject acted for ("Aliyev signed for Azerbaijan")


def read_statements(
    paths: list[Path],
    ontology: Ontology,
    catalogue: dict[str, Entity],
    documents: dict[str, Document],
    vocabularies: dict[str, Vocabulary] | None = None,
) -> list[Statement]:
    """Read every statement file; raise InputError listing every problem found. `vocabularies`: those of
    statement_vocabularies for these arguments, where the caller reads many files one at a time."""
    problems = ProblemList()
    statements: dict[str, Statement] = {}
    vocabularies = vocabularies or statement_vocabularies(ontology, catalogue, documents)
    for path in paths:
        document, file_source = _file_source(load_yaml(path), path, vocabularies, problems)
        for record in records_under(document, "statements", path, problems):
            if file_source is not None and record.get("source") is None:
                record = {**record, "source": file_source}
            for statement in _expand(record, path, ontology, catalogue, documents, vocabularies, problems):
                if statement.id in statements:
                    first = statements[statement.id]
                    problems.add(
                        path,
                        f"statement {statement.id!r}",
                        f"duplicate id; first defined at {first.path}:{first.line}",
                        statement.line,
                    )
                    continue
                statements[statement.id] = statement
    problems.raise_if_any()
    return sorted(statements.values(), key=lambda s: s.id)


def _file_source(
    document: Any, path: Path, vocabularies: dict[str, Vocabulary], problems: ProblemList
) -> tuple[Any, str | None]:
    """The file without its top-level 'source:', and that source: the one its statements quote unless a
    statement names another. A malformed or unknown one is reported, and its statements read without it."""
    if not isinstance(document, dict) or "source" not in document:
        return document, None
    value = document["source"]
    spec = STATEMENTS_FILE.field("source")
    assert spec is not None
    found = check_field(value, spec, vocabularies)
    for message, _ in found:
        problems.add(path, "statements file", message, document.get(LINE_KEY))
    rest = {k: v for k, v in document.items() if k != "source"}
    return rest, None if found or value is None else value


def statement_vocabularies(
    ontology: Ontology, catalogue: dict[str, Entity], documents: dict[str, Document]
) -> dict[str, Vocabulary]:
    """The values a statement's fields may take from the ontology, the catalogue and the sources."""
    from kgraph.namespaces import KG

    def listed(values: Any) -> str:
        return f"use one of {', '.join(sorted(values))}"

    roles, casualties, groups = (
        ontology.individuals(KG.Role),
        ontology.individuals(KG.CasualtyType),
        ontology.individuals(KG.PersonGroup),
    )
    return {
        "entity": Vocabulary("entity", frozenset(catalogue), "see data/entities/"),
        "relation": Vocabulary(
            "relation", frozenset(ontology.relations), "see the sub-properties of kg:relation in ontology/kgraph.ttl"
        ),
        "role": Vocabulary("role", frozenset(roles), listed(roles)),
        "casualty type": Vocabulary("casualty", frozenset(casualties), listed(casualties)),
        "person group": Vocabulary("group", frozenset(groups), listed(groups)),
        "source": Vocabulary("source", frozenset(documents), listed(documents)),
    }


def parse_time(text: Any) -> TimeValue:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError naming what is wrong."""
    text = str(text).strip()
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"invalid date {text!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match["year"], match["month"], match["day"]
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"invalid date {text!r}: {exc}") from None
    precision = "day" if day else "month" if month else "year"
    return TimeValue(text, precision)


class _Checker:
    """Collects the problems of one YAML record under its name."""

    def __init__(self, record: dict[str, Any], path: Path, problems: ProblemList):
        self.record, self.path, self.problems = record, path, problems
        self.line = record.get(LINE_KEY)
        has_id = isinstance(record.get("id"), str)
        self.name = f"statement {record['id']!r}" if has_id else f"statement at line {self.line}"
        self.count = 0

    def problem(self, message: str, line: int | None = None) -> None:
        self.count += 1
        self.problems.add(self.path, self.name, message, line or self.line)

    def ids(self, field: str) -> list[str]:
        value = self.record.get(field) or []
        return [value] if isinstance(value, str) else list(value)

    def time(self, field: str) -> TimeValue | None:
        if self.record.get(field) is None:
            return None
        try:
            return parse_time(self.record[field])
        except ValueError as exc:
            self.problem(f"'{field}': {exc}")
            return None


def _expand(
    record: dict[str, Any],
    path: Path,
    ontology: Ontology,
    catalogue: dict[str, Entity],
    documents: dict[str, Document],
    vocabularies: dict[str, Vocabulary],
    problems: ProblemList,
) -> list[Statement]:
    check = _Checker(record, path, problems)
    for message, line in check_record(record, STATEMENT, vocabularies):
        check.problem(message, line)
    if check.count:  # the checks below trust the declared types
        return []
    statement_id = record["id"]
    subjects, objects = check.ids("subject"), check.ids("object")
    relation = ontology.relations[record["relation"]]
    status = record.get("status") or "asserted"
    according_to, denied_by, disputed_by = check.ids("according_to"), check.ids("denied_by"), check.ids("disputed_by")
    if status == "denied" and not denied_by:
        check.problem("a denied statement needs 'denied_by': who denies it")
    if denied_by and status != "denied":
        check.problem("'denied_by' is given but the status is not 'denied'")
    role = record.get("role")
    date, start, end = check.time("date"), check.time("start"), check.time("end")
    if date and (start or end):
        check.problem("give either 'date' or 'start'/'end', not both")
    if start and end and end.text < start.text[: len(end.text)]:
        check.problem(f"'end' {end.text} is before 'start' {start.text}")
    quantities = _quantities(record.get("quantities") or [], check)
    note = record.get("note")
    evidence = _evidence(record, documents, check)
    for field, ids, required in (("subject", subjects, relation.domain), ("object", objects, relation.range)):
        for entity_id in ids:
            entity = catalogue[entity_id]
            types = [ontology.classes[t] for t in entity.types]
            if not ontology.fits(types, required):
                check.problem(
                    f"{field} {entity_id!r} is a {'/'.join(entity.types)}, but "
                    f"{relation.name} needs a {_local(required)} as its {field}"
                )
    if check.count:
        return []
    base = Statement(
        id=statement_id,
        subject="",
        relation=relation.name,
        object="",
        status=status,
        according_to=tuple(according_to),
        denied_by=tuple(denied_by),
        disputed_by=tuple(disputed_by),
        role=role,
        date=date,
        start=start,
        end=end,
        quantities=tuple(quantities),
        evidence=evidence,
        note=note.strip() if note else None,
        path=path,
        line=check.line,
        on_behalf_of=record.get("on_behalf_of"),
    )
    many_subjects, many_objects = isinstance(record["subject"], list), isinstance(record["object"], list)
    expanded = []
    for subject in subjects:
        for obj in objects:
            suffix = [subject] * many_subjects + [obj] * many_objects
            expanded.append(replace(base, id="-".join([statement_id, *suffix]), subject=subject, object=obj))
    return expanded


def _quantities(values: list[dict[str, Any]], check: _Checker) -> list[Quantity]:
    """The quantities of a statement; their fields' types were checked against the schema."""
    quantities = []
    for index, value in enumerate(values, 1):
        where, line = f"quantity {index}", value.get(LINE_KEY)
        kind = value["kind"]
        numbers = {f: Decimal(str(value[f])) for f in ("value", "min", "max") if value.get(f) is not None}
        if not numbers:
            check.problem(f"{where}: give 'value', or 'min' and/or 'max'", line)
        if "value" in numbers and ("min" in numbers or "max" in numbers):
            check.problem(f"{where}: give 'value' or a 'min'/'max' range, not both", line)
        if "min" in numbers and "max" in numbers and numbers["min"] > numbers["max"]:
            check.problem(f"{where}: 'min' is greater than 'max'", line)
        currency = value.get("currency")
        if kind == "money" and currency is None:
            check.problem(f"{where}: money needs an ISO 4217 'currency' such as USD", line)
        if kind != "money" and currency is not None:
            check.problem(f"{where}: only money has a 'currency'", line)
        if kind == "share" and value.get("unit") != "percent":
            check.problem(f"{where}: a share needs 'unit: percent'", line)
        if kind == "count" and any(n != n.to_integral_value() for n in numbers.values()):
            check.problem(f"{where}: a count must be a whole number", line)
        for field in ("casualty", "group"):
            if value.get(field) is not None and kind != "count":
                check.problem(f"{where}: only a count has a '{field}'", line)
        quantities.append(
            Quantity(
                kind=kind,
                value=numbers.get("value"),
                min=numbers.get("min"),
                max=numbers.get("max"),
                unit=value.get("unit"),
                currency=currency,
                measures=value.get("measures"),
                approximate=value.get("approximate") is True,
                casualty=value.get("casualty"),
                group=value.get("group"),
            )
        )
    return quantities


def _evidence(record: dict[str, Any], documents: dict[str, Document], check: _Checker) -> Evidence | None:
    quote = record.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        return None
    # A record naming no source (nor its file) quotes the first source of dataset.yaml, so that adding a
    # source needs no edit to the records already written.
    named = record.get("source")
    source_id = named or next(iter(documents), None)
    document = documents.get(source_id)
    if document is None:
        check.problem(f"unknown source {source_id!r}; name one of {', '.join(documents)} in 'source'")
        return None
    offsets = document.find(quote)
    if not offsets:
        hint = _closest_hint(quote, document.text)
        elsewhere = [i for i, d in documents.items() if i != source_id and d.find(quote)]
        if not named and elsewhere:
            hint += (
                f"; records naming no source quote the first source, {source_id}, but the quote is in "
                f"{', '.join(elsewhere)}: give 'source: {elsewhere[0]}' in the record or at the top of the file"
            )
        check.problem(f"quote is not verbatim in {document.path.name}{hint}")
        return None
    hint = record.get("section")
    if hint is not None:
        offsets = [o for o in offsets if hint in document.section_at(o).label]
    if len(offsets) != 1:
        where = "in the section named by 'section'" if hint else f"in {document.path.name}"
        check.problem(
            f"quote occurs {len(offsets)} times {where}; "
            + ("quote a longer passage or " if offsets else "")
            + "give 'section' with part of the heading path"
        )
        return None
    start = offsets[0]
    return Evidence(source_id, quote, start, start + len(quote), document.section_at(start))


def _closest_hint(quote: str, text: str) -> str:
    """Point at the first character where the longest matching prefix of the quote diverges."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low < 10:
        return ""
    return (
        f" (it matches up to character {low + 1}: ...{quote[max(0, low - 30) : low]!r} then {quote[low : low + 15]!r})"
    )


def _local(iri: Any) -> str:
    return str(iri).rsplit("#", 1)[-1]
