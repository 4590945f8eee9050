"""Deterministic serialisations of pyoxigraph quads, written directly (rdflib's serialisers were most of a build).

N-Triples: sorted lines. Turtle: long form, subjects in N-Triples order, `a` first then predicates in
IRI order, objects sorted. TriG: one such Turtle block per named graph, graphs in IRI order. JSON-LD:
compacted with the project's prefixes as rdflib's serialiser compacts them, nodes by @id, values sorted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
_NATIVE = {XSD + "integer": re.compile(r"[+-]?\d+"), XSD + "boolean": re.compile(r"true|false")}
_TURTLE_SHORT = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    XSD + "boolean": re.compile(r"true|false"),
}
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]


def ntriples(triples: Iterable[Triple]) -> str:
    """Sorted N-Triples, one line per distinct triple."""
    lines = {f"{s} {p} {o} .\n" for s, p, o in triples}
    return "".join(sorted(lines))


def turtle(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> str:
    """Sorted long-form Turtle with the prefixes declared first."""
    statements = _Statements()
    for s, p, o in triples:
        statements.add(f"{s} {p} {o}")
    return _turtle_document(statements.turtle_blocks(_Namer(prefixes), ""), prefixes)


def trig(quads: Iterable[ox.Quad], prefixes: Mapping[str, str]) -> str:
    """TriG with each named graph as a sorted long-form Turtle block, graphs in IRI order."""
    statements = _Statements()
    for quad in quads:
        statements.add_quad(quad)
    return _trig_document(statements.trig_blocks(_Namer(prefixes)), prefixes)


def jsonld(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> str:
    """Compacted JSON-LD of distinct triples, the prefixes as @context; nodes by @id, each value list sorted."""
    statements = _Statements()
    for s, p, o in triples:
        statements.add(f"{s} {p} {o}")
    return _jsonld_document(statements.jsonld_nodes(_Compactor(prefixes)), prefixes)


Block = tuple[str, str]  # (sort key, text): a subject's Turtle block, or a node's JSON-LD text


@dataclass
class Chunk:
    """The four serialisations of a part of a graph, cut at subjects: no other part may have a subject of this
    one. Parts with disjoint subjects merge into the text a whole-graph serialisation gives (`merge`)."""

    lines: list[str]
    blocks: list[Block]
    graph_blocks: dict[str, list[Block]]
    nodes: list[Block]


def chunk(quads: list[ox.Quad], prefixes: Mapping[str, str]) -> Chunk:
    """The serialisations of distinct quads, in pieces for `merge`."""
    statements = _Statements()
    for quad in quads:
        statements.add_quad(quad)
    namer = _Namer(prefixes)
    return Chunk(
        lines=sorted(f"{text} .\n" for text in statements.triples),
        blocks=statements.turtle_blocks(namer, ""),
        graph_blocks=statements.trig_blocks(namer),
        nodes=statements.jsonld_nodes(_Compactor(prefixes)),
    )


def without(part: Chunk, subjects: set[str], prefixes: Mapping[str, str]) -> Chunk:
    """The chunk less every subject named (N-Triples form), to merge with a new rendering of those subjects."""
    compactor = _Compactor(prefixes)
    node_ids = {compactor.shrink(s[1:-1]) if s.startswith("<") else s for s in subjects}
    return Chunk(
        lines=[line for line in part.lines if line[: line.index(" ")] not in subjects],
        blocks=[block for block in part.blocks if block[0] not in subjects],
        graph_blocks={
            name: [block for block in blocks if block[0] not in subjects] for name, blocks in part.graph_blocks.items()
        },
        nodes=[node for node in part.nodes if node[0] not in node_ids],
    )


def joined(chunks: list[Chunk]) -> Chunk:
    """One chunk of chunks with disjoint subjects."""
    graphs: dict[str, list[Block]] = {}
    for part in chunks:
        for name, blocks in part.graph_blocks.items():
            graphs.setdefault(name, []).extend(blocks)
    return Chunk(
        lines=sorted(line for part in chunks for line in part.lines),
        blocks=sorted(block for part in chunks for block in part.blocks),
        graph_blocks={name: sorted(blocks) for name, blocks in graphs.items()},
        nodes=sorted(node for part in chunks for node in part.nodes),
    )


def merge(chunks: list[Chunk], prefixes: Mapping[str, str]) -> dict[str, str]:
    """N-Triples, Turtle, TriG and JSON-LD (by format name: nt, turtle, trig, jsonld) of chunks with disjoint
    subjects: the same text as serialising all their quads at once. (Sorting the joined runs is a merge.)"""
    graphs: dict[str, list[Block]] = {}
    for part in chunks:
        for name, blocks in part.graph_blocks.items():
            graphs.setdefault(name, []).extend(blocks)
    return {
        "nt": "".join(sorted(line for part in chunks for line in part.lines)),
        "turtle": _turtle_document(sorted(block for part in chunks for block in part.blocks), prefixes),
        "trig": _trig_document({name: sorted(blocks) for name, blocks in graphs.items() if blocks}, prefixes),
        "jsonld": _jsonld_document(sorted(node for part in chunks for node in part.nodes), prefixes),
    }


def _turtle_document(blocks: list[Block], prefixes: Mapping[str, str]) -> str:
    return _prefix_lines(prefixes) + "\n" + "\n".join(text for _, text in blocks)


def _trig_document(graphs: Mapping[str, list[Block]], prefixes: Mapping[str, str]) -> str:
    blocks = [f"<{name}> {{\n{chr(10).join(text for _, text in graphs[name])}}}\n" for name in sorted(graphs)]
    return _prefix_lines(prefixes) + "\n" + "\n".join(blocks)


def _jsonld_document(nodes: list[Block], prefixes: Mapping[str, str]) -> str:
    """The document json.dumps would write with indent=1 (see _json), around nodes rendered at their depth."""
    context = "".join(_json(dict(sorted(prefixes.items())), "\n "))
    graph = "[" + ",".join("\n  " + text for _, text in nodes) + "\n ]" if nodes else "[]"
    return "{\n " + _string("@context") + ": " + context + ",\n " + _string("@graph") + ": " + graph + "\n}\n"


class _Statements:
    """Triples and quads gathered as N-Triples text, each term's text split off once: the one form every
    serialisation is written from (pyoxigraph writes a quad's text far faster than Python reads its terms)."""

    def __init__(self) -> None:
        self.triples: set[str] = set()  # "s p o", each distinct triple once
        self.graphs: dict[str, set[str]] = {}  # graph name -> its triples

    def add(self, text: str) -> None:
        self.triples.add(text)

    def add_quad(self, quad: ox.Quad) -> None:
        name = quad.graph_name.value
        text = str(quad)
        # A named graph is written last as <name> or _:name: two characters more than its name, and a space.
        triple = text[: len(text) - len(name) - 3]
        self.triples.add(triple)
        graph = self.graphs.get(name)
        if graph is None:
            graph = self.graphs[name] = set()
        graph.add(triple)

    def turtle_blocks(self, namer: _Namer, indent: str) -> list[Block]:
        return _turtle_blocks(self.triples, namer, indent)

    def trig_blocks(self, namer: _Namer) -> dict[str, list[Block]]:
        return {name: _turtle_blocks(triples, namer, "    ") for name, triples in self.graphs.items()}

    def jsonld_nodes(self, compactor: _Compactor) -> list[Block]:
        return _jsonld_nodes(self.triples, compactor)


_RDF_TYPE_TEXT = f"<{RDF_TYPE}>"


def _turtle_blocks(triples: Iterable[str], namer: _Namer, indent: str) -> list[Block]:
    """Each subject's long-form Turtle block, by the subject's N-Triples form, sorted (triples as "s p o")."""
    subjects: dict[str, dict[str, set[str]]] = {}
    for text in triples:
        s, p, o = text.split(" ", 2)
        predicates = subjects.get(s)
        if predicates is None:
            predicates = subjects[s] = {}
        objects = predicates.get(p)
        if objects is None:
            objects = predicates[p] = set()
        objects.add(o)
    blocks = []
    turtle_object, verb_of = namer.object_text, namer.verb
    for subject in sorted(subjects):
        lines = [indent + namer.iri_text(subject)]
        # rdf:type first, then by IRI (each predicate once: the sets of objects are never compared)
        for (_, _, verb), objects in sorted((verb_of(p), o) for p, o in subjects[subject].items()):
            if len(objects) == 1:
                for only in objects:
                    lines.append(f"{indent}    {verb} {turtle_object(only)} ;")
                continue
            texts = sorted({turtle_object(o) for o in objects})
            if len(texts) == 1:
                lines.append(f"{indent}    {verb} {texts[0]} ;")
            else:
                lines.append(f"{indent}    {verb}")
                lines.extend(f"{indent}        {o} ," for o in texts[:-1])
                lines.append(f"{indent}        {texts[-1]} ;")
        lines.append(indent + ".")
        blocks.append((subject, "\n".join(lines) + "\n"))
    return blocks


def _jsonld_nodes(triples: Iterable[str], compactor: _Compactor) -> list[Block]:
    """Each subject's JSON-LD node as (@id, text at the depth of the @graph list), sorted by @id."""
    nodes: dict[str, dict[str, list[_Value]]] = {}
    node_id_of, key_of, value_of = compactor.node_id, compactor.key, compactor.value_text
    for text in triples:
        s, p, o = text.split(" ", 2)
        node_id = node_id_of(s)
        node = nodes.get(node_id)
        if node is None:
            node = nodes[node_id] = {}
        if p == _RDF_TYPE_TEXT and o[0] == "<":
            key, value = "@type", compactor.type_value(o)
        else:
            key, value = key_of(p), value_of(o)
        values = node.get(key)
        if values is None:
            node[key] = [value]
        else:
            values.append(value)
    rendered = []
    field = compactor.field
    for node_id in sorted(nodes):
        node = nodes[node_id]
        fields = {"@id": _string(node_id)}
        for key, values in node.items():
            if len(values) == 1:
                fields[key] = values[0][1]
            else:
                items = sorted(values, key=_sort_key)
                fields[key] = "[" + ",".join(_IN_LIST + v[2] for v in items) + _IN_NODE + "]"
        rendered.append((node_id, "{" + ",".join(field(key) + fields[key] for key in sorted(fields)) + "\n  }"))
    return rendered


# A JSON value: its text as json.dumps(sort_keys=True) writes it on one line (the sort key of value lists), and
# as json.dumps(indent=1) writes it as a field of a node of the @graph list and as an item of a field's list.
_Value = tuple[str, str, str]
_IN_NODE, _IN_LIST = "\n   ", "\n    "  # the line breaks and indents of a node's fields, and of their lists' items


def _sort_key(value: _Value) -> str:
    return value[0]


def _scalar(text: str) -> _Value:
    return text, text, text


def _object(pairs: list[tuple[str, str]]) -> _Value:
    """A JSON object of text values, (key, value) in any order."""
    encoded = [(_string(key), _string(text)) for key, text in sorted(pairs)]

    def indented(newline: str) -> str:
        return "{" + ",".join(f"{newline} {key}: {text}" for key, text in encoded) + newline + "}"

    flat = "{" + ", ".join(f"{key}: {text}" for key, text in encoded) + "}"
    return flat, indented(_IN_NODE), indented(_IN_LIST)


def _json(value, newline: str) -> Iterator[str]:
    """The text json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) gives, written faster (the
    standard library falls back to pure Python when indenting)."""
    inner = newline + " "
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        yield "{"
        for index, key in enumerate(sorted(value)):
            yield ("," if index else "") + inner + _string(key) + ": "
            yield from _json(value[key], inner)
        yield newline + "}"
    elif isinstance(value, list):
        if not value:
            yield "[]"
            return
        yield "["
        for index, item in enumerate(value):
            yield ("," if index else "") + inner
            yield from _json(item, inner)
        yield newline + "]"
    else:
        yield _string(value) if isinstance(value, str) else json.dumps(value)


_string = encode_basestring  # json.dumps(text, ensure_ascii=False), in C where available


def _prefix_lines(prefixes: Mapping[str, str]) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))


_ESCAPE = re.compile(r"\\(?:[tbnrf\"'\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(match: re.Match) -> str:
    code = match.group()[1:]
    return _ECHAR[code] if len(code) == 1 else chr(int(code[1:], 16))


def _literal(text: str) -> tuple[str, str, str | None]:
    """A literal in N-Triples form ("...", "..."@tag or "..."^^<iri>) as its lexical form as written (escaped),
    its value (the escapes of the N-Triples grammar undone) and what follows the quotes (@tag, ^^<iri>, or None)."""
    end = text.rindex('"')
    lexical = text[1:end]
    value = _ESCAPE.sub(_unescape, lexical) if "\\" in lexical else lexical
    suffix = text[end + 1 :]
    if not suffix:
        return lexical, value, None
    return lexical, value, suffix


class _Namer:
    """IRIs as prefixed names where the local part is a plain name, else in angle brackets."""

    def __init__(self, prefixes: Mapping[str, str]):
        self._namespaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda item: -len(item[0]))
        self._cache: dict[str, str] = {}
        self._objects: dict[str, str] = {}
        self._verbs: dict[str, tuple[bool, str, str]] = {}

    def iri(self, iri: str) -> str:
        text = self._cache.get(iri)
        if text is None:
            text = f"<{iri}>"
            for namespace, prefix in self._namespaces:
                if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
                    text = f"{prefix}:{iri[len(namespace) :]}"
                    break
            self._cache[iri] = text
        return text

    def verb(self, term_text: str) -> tuple[bool, str, str]:
        """A predicate in N-Triples form: its place in a subject's block (rdf:type first, then by IRI) and its
        text there."""
        verb = self._verbs.get(term_text)
        if verb is None:
            iri = term_text[1:-1]
            verb = self._verbs[term_text] = (iri != RDF_TYPE, iri, "a" if iri == RDF_TYPE else self.iri(iri))
        return verb

    def iri_text(self, term_text: str) -> str:
        """A subject in N-Triples form (<iri> or _:b) as Turtle."""
        return self.iri(term_text[1:-1]) if term_text.startswith("<") else term_text

    def object_text(self, term_text: str) -> str:
        """An object in N-Triples form as Turtle: IRIs as prefixed names where they can be, numbers and
        booleans bare when their lexical form is canonical Turtle, other datatypes as prefixed names."""
        text = self._objects.get(term_text)
        if text is not None:
            return text
        first = term_text[0]
        if first == "<":
            text = self.iri(term_text[1:-1])
        elif first != '"':
            text = term_text
        else:
            lexical, _, suffix = _literal(term_text)
            if suffix is None or suffix[0] == "@" or suffix == _XSD_STRING_SUFFIX:
                text = term_text
            else:
                datatype = suffix[3:-1]
                short = _TURTLE_SHORT.get(datatype)
                if short is not None and short.fullmatch(lexical):
                    text = lexical
                else:
                    text = f"{term_text[: len(term_text) - len(suffix)]}^^{self.iri(datatype)}"
        self._objects[term_text] = text
        return text


_XSD_STRING_SUFFIX = f"^^<{XSD}string>"


class _Compactor:
    """IRIs and literals as rdflib's JSON-LD serialiser compacts them with a context of prefixes only."""

    def __init__(self, prefixes: Mapping[str, str]):
        self._prefixes = {ns: p for p, ns in prefixes.items()}
        self._shrunk: dict[str, str] = {}
        self._ids: dict[str, str] = {}
        self._values: dict[str, _Value] = {}
        self._keys: dict[str, str] = {}
        self._fields: dict[str, str] = {}
        self._types: dict[str, _Value] = {}

    def shrink(self, iri: str) -> str:
        text = self._shrunk.get(iri)
        if text is None:
            namespace, name = _split_iri(iri)
            prefix = self._prefixes.get(namespace)
            text = self._shrunk[iri] = f"{prefix}:{name}" if prefix and name is not None else iri
        return text

    def symbol(self, iri: str) -> str:
        if iri in self._prefixes:
            return self._prefixes[iri]
        return self.shrink(iri)

    def node_id(self, term_text: str) -> str:
        """The @id of a subject in N-Triples form."""
        node_id = self._ids.get(term_text)
        if node_id is None:
            node_id = self._ids[term_text] = self.shrink(term_text[1:-1]) if term_text[0] == "<" else term_text
        return node_id

    def key(self, term_text: str) -> str:
        """The field of a predicate in N-Triples form."""
        key = self._keys.get(term_text)
        if key is None:
            key = self._keys[term_text] = self.symbol(term_text[1:-1])
        return key

    def field(self, key: str) -> str:
        """The start of a node's field: its line break, indent and name."""
        text = self._fields.get(key)
        if text is None:
            text = self._fields[key] = f"{_IN_NODE}{_string(key)}: "
        return text

    def type_value(self, term_text: str) -> _Value:
        """An rdf:type's class (an IRI in N-Triples form) as an @type entry."""
        value = self._types.get(term_text)
        if value is None:
            value = self._types[term_text] = _scalar(_string(self.symbol(term_text[1:-1])))
        return value

    def value_text(self, term_text: str) -> _Value:
        """An object in N-Triples form as its JSON-LD value."""
        value = self._values.get(term_text)
        if value is None:
            value = self._values[term_text] = self._value(term_text)
        return value

    def _value(self, term_text: str) -> _Value:
        first = term_text[0]
        if first == "<":
            return _object([("@id", self.shrink(term_text[1:-1]))])
        if first != '"':
            return _object([("@id", term_text)])
        _, value, suffix = _literal(term_text)
        if suffix is None or suffix == _XSD_STRING_SUFFIX:
            return _scalar(_string(value))
        if suffix[0] == "@":
            return _object([("@language", suffix[1:]), ("@value", value)])
        datatype = suffix[3:-1]
        native = _NATIVE.get(datatype)
        if native is not None and native.fullmatch(value):
            return _scalar(json.dumps(int(value)) if datatype == XSD + "integer" else json.dumps(value == "true"))
        return _object([("@type", self.symbol(datatype)), ("@value", value)])


def _split_iri(iri: str) -> tuple[str, str | None]:
    for delimiter in ("#", "/", ":"):
        at = iri.rfind(delimiter)
        if at > -1:
            return iri[: at + 1], iri[at + 1 :]
    return iri, None
