"""Query results for people and programs: a terminal table, or the standard SPARQL and RDF formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from html import escape as _escape_html
from itertools import islice
from typing import BinaryIO

import pyoxigraph as ox

from kgraph.errors import UsageError
from kgraph.tables import format_table


def escape(text: str) -> str:
    """XML text: &, < and > escaped (what xml.sax.saxutils.escape does, without importing urllib for it)."""
    return _escape_html(text, quote=False)


SOLUTION_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES}
RESULT_FORMATS = ("table", *SOLUTION_FORMATS, *GRAPH_FORMATS)


TABLE_ROWS = 10_000


def render_result(result: object, fmt: str, compact: Callable[[str], str], width: int) -> bytes:
    """Serialise a pyoxigraph query result in `fmt`; raise ValueError if the format does not fit the result."""
    buffer = io.BytesIO()
    write_result(result, fmt, compact, width, buffer)
    return buffer.getvalue()


def write_result(
    result: object, fmt: str, compact: Callable[[str], str], width: int, out: BinaryIO, table_rows: int = TABLE_ROWS
) -> None:
    """Write a pyoxigraph query result to `out` in `fmt` as the rows come (all formats but the table stream);
    raise ValueError if the format does not fit the result.

    The table needs every row for its column widths, so it shows at most `table_rows` rows and says so.
    """
    if isinstance(result, ox.QueryTriples):
        if fmt in SOLUTION_FORMATS:
            raise UsageError(f"a CONSTRUCT or DESCRIBE result is a graph: use turtle, jsonld or nt, not {fmt}")
        result.serialize(out, format=GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE))
        return
    if fmt in GRAPH_FORMATS:
        raise UsageError(f"a SELECT or ASK result is a table: use table, csv, tsv, json or xml, not {fmt}")
    if fmt in SOLUTION_FORMATS:
        result.serialize(out, format=SOLUTION_FORMATS[fmt])
        return
    if isinstance(result, ox.QueryBoolean):
        out.write(b"yes\n" if bool(result) else b"no\n")
        return
    variables = [v.value for v in result.variables]
    # In the terminal a labelled entity shows by its label: ?x is left out where ?xLabel is given.
    names = [n for n in variables if f"{n}Label" not in variables]
    rows = [[_cell(solution[name], compact) for name in names] for solution in islice(result, table_rows + 1)]
    shown = rows[:table_rows]
    table = format_table(names, shown, width=width)
    if len(rows) > table_rows:
        note = f"(the first {table_rows} rows; there are more: use --format csv or tsv to stream them all, or a LIMIT)"
    else:
        note = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    out.write(f"{table}\n{note}\n".encode())


def _cell(term: object, compact: Callable[[str], str]) -> object:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.Literal):
        if term.datatype.value.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        return term.value
    return str(term)


MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}


class TooManyResults(Exception):
    """A result larger than the cap; it is refused whole rather than cut short."""


def serialize_capped(result: object, fmt: str, max_rows: int) -> bytes:
    """Serialise a SELECT, ASK or graph result in a standard format, refusing results over `max_rows`."""
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=SOLUTION_FORMATS[fmt])
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(_take(result, max_rows), format=GRAPH_FORMATS[fmt])
    names = [v.value for v in result.variables]
    rows = [[row[name] for name in names] for row in _take(result, max_rows)]
    writers = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}
    return writers[fmt](names, rows).encode("utf-8")


def _take(items, cap: int) -> list:
    taken = []
    for item in items:
        taken.append(item)
        if len(taken) > cap:
            raise TooManyResults(f"the result has more than {cap} rows; add a LIMIT")
    return taken


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        value["datatype"] = term.datatype.value
    return value


def _json(names: list[str], rows: list[list]) -> str:
    bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False)


def _xml(names: list[str], rows: list[list]) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f'<variable name="{escape(n)}"/>' for n in names]
    out += ["</head>", "<results>"]
    for row in rows:
        out.append("<result>")
        for name, term in zip(names, row, strict=True):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                inner = f"<uri>{escape(term.value)}</uri>"
            elif isinstance(term, ox.BlankNode):
                inner = f"<bnode>{escape(term.value)}</bnode>"
            elif term.language:
                inner = f'<literal xml:lang="{escape(term.language)}">{escape(term.value)}</literal>'
            elif term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
                inner = f"<literal>{escape(term.value)}</literal>"
            else:
                inner = f'<literal datatype="{escape(term.datatype.value)}">{escape(term.value)}</literal>'
            out.append(f'<binding name="{escape(name)}">{inner}</binding>')
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _csv(names: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if t is None else t.value for t in row])
    return buffer.getvalue()


def _tsv(names: list[str], rows: list[list]) -> str:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"
