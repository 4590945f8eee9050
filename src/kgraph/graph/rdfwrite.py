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
    return _turtle_document(_turtle_blocks(triples, _Namer(prefixes), ""), prefixes)


def trig(quads: Iterable[ox.Quad], prefixes: Mapping[str, str]) -> str:
    """TriG with each named graph as a sorted long-form Turtle block, graphs in IRI order."""
    return _trig_document(_trig_blocks(quads, _Namer(prefixes)), prefixes)


def jsonld(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> str:
    """Compacted JSON-LD of distinct triples, the prefixes as @context; nodes by @id, each value list sorted."""
    return _jsonld_document(_jsonld_nodes(triples, prefixes), prefixes)


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
    triples = list({(q.subject, q.predicate, q.object) for q in quads})
    namer = _Namer(prefixes)
    return Chunk(
        lines=sorted({f"{s} {p} {o} .\n" for s, p, o in triples}),
        blocks=_turtle_blocks(triples, namer, ""),
        graph_blocks=_trig_blocks(quads, namer),
        nodes=_jsonld_nodes(triples, prefixes),
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


def _trig_blocks(quads: Iterable[ox.Quad], namer: _Namer) -> dict[str, list[Block]]:
    graphs: dict[str, list[Triple]] = {}
    for quad in quads:
        graphs.setdefault(quad.graph_name.value, []).append((quad.subject, quad.predicate, quad.object))
    return {name: _turtle_blocks(triples, namer, "    ") for name, triples in graphs.items()}


def _trig_document(graphs: Mapping[str, list[Block]], prefixes: Mapping[str, str]) -> str:
    blocks = [f"<{name}> {{\n{chr(10).join(text for _, text in graphs[name])}}}\n" for name in sorted(graphs)]
    return _prefix_lines(prefixes) + "\n" + "\n".join(blocks)


def _jsonld_document(nodes: list[Block], prefixes: Mapping[str, str]) -> str:
    """The document json.dumps would write with indent=1 (see _json), around nodes rendered at their depth."""
    context = "".join(_json(dict(sorted(prefixes.items())), "\n "))
    graph = "[" + ",".join("\n  " + text for _, text in nodes) + "\n ]" if nodes else "[]"
    return "{\n " + _string("@context") + ": " + context + ",\n " + _string("@graph") + ": " + graph + "\n}\n"


def _jsonld_nodes(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> list[Block]:
    """Each subject's JSON-LD node as (@id, text at the depth of the @graph list), sorted by @id."""
    compactor = _Compactor(prefixes)
    nodes: dict[str, dict] = {}
    for s, p, o in triples:
        node_id = compactor.shrink(s.value) if isinstance(s, ox.NamedNode) else f"_:{s.value}"
        node = nodes.setdefault(node_id, {"@id": node_id})
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            node.setdefault("@type", []).append(compactor.symbol(o.value))
        else:
            node.setdefault(compactor.symbol(p.value), []).append(compactor.value(o))
    rendered = []
    for node_id in sorted(nodes):
        node = nodes[node_id]
        for key, values in node.items():
            if isinstance(values, list):
                node[key] = (
                    values[0]
                    if len(values) == 1
                    else sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
                )
        rendered.append((node_id, "".join(_json(node, "\n  "))))
    return rendered


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


def _turtle_blocks(triples: Iterable[Triple], namer: _Namer, indent: str) -> list[Block]:
    """Each subject's long-form Turtle block, by the subject's N-Triples form, sorted."""
    subjects: dict[str, dict[str, set[str]]] = {}
    for s, p, o in triples:
        subjects.setdefault(str(s), {}).setdefault(p.value, set()).add(namer.object(o))
    blocks = []
    for subject in sorted(subjects):
        predicates = subjects[subject]
        lines = [indent + namer.iri_text(subject)]
        order = sorted(predicates, key=lambda p: (p != RDF_TYPE, p))
        for predicate in order:
            verb = "a" if predicate == RDF_TYPE else namer.iri(predicate)
            objects = sorted(predicates[predicate])
            if len(objects) == 1:
                lines.append(f"{indent}    {verb} {objects[0]} ;")
            else:
                lines.append(f"{indent}    {verb}")
                lines.extend(f"{indent}        {o} ," for o in objects[:-1])
                lines.append(f"{indent}        {objects[-1]} ;")
        lines.append(indent + ".")
        blocks.append((subject, "\n".join(lines) + "\n"))
    return blocks


class _Namer:
    """IRIs as prefixed names where the local part is a plain name, else in angle brackets."""

    def __init__(self, prefixes: Mapping[str, str]):
        self._namespaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda item: -len(item[0]))
        self._cache: dict[str, str] = {}

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

    def iri_text(self, term_text: str) -> str:
        """A subject in N-Triples form (<iri> or _:b) as Turtle."""
        return self.iri(term_text[1:-1]) if term_text.startswith("<") else term_text

    def object(self, term) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            short = _TURTLE_SHORT.get(datatype)
            if short is not None and short.fullmatch(term.value):
                return term.value
            text = str(term)
            if term.language or datatype == XSD + "string":
                return text
            head = text[: text.rindex("^^")]
            return f"{head}^^{self.iri(datatype)}"
        return str(term)


class _Compactor:
    """IRIs and literals as rdflib's JSON-LD serialiser compacts them with a context of prefixes only."""

    def __init__(self, prefixes: Mapping[str, str]):
        self._prefixes = {ns: p for p, ns in prefixes.items()}
        self._shrunk: dict[str, str] = {}

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

    def value(self, term):
        if isinstance(term, ox.NamedNode):
            return {"@id": self.shrink(term.value)}
        if isinstance(term, ox.BlankNode):
            return {"@id": f"_:{term.value}"}
        if term.language:
            return {"@language": term.language, "@value": term.value}
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return term.value
        native = _NATIVE.get(datatype)
        if native is not None and native.fullmatch(term.value):
            return int(term.value) if datatype == XSD + "integer" else term.value == "true"
        return {"@type": self.symbol(datatype), "@value": term.value}


def _split_iri(iri: str) -> tuple[str, str | None]:
    for delimiter in ("#", "/", ":"):
        at = iri.rfind(delimiter)
        if at > -1:
            return iri[: at + 1], iri[at + 1 :]
    return iri, None
