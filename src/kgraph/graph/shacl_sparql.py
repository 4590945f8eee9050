"""SHACL Core shapes run as SPARQL on Oxigraph: each constraint of ontology/shapes.ttl becomes one query.

pySHACL walks every focus node in Python over rdflib and was half of a build; these queries give the same
results (one per focus node for counts, one per offending value otherwise, with the shape's sh:message)
in a fraction of the time. A shape that uses anything this module does not translate is returned as
"untranslated", and the caller runs pySHACL on those shapes alone, so no constraint is ever skipped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

_IRI = re.compile(r"[^<>\"{}|^`\\\s]+")
_TYPED = (
    "?{var} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {cls}"
)
# Parameters of a property shape this module knows; anything else makes the whole shape untranslated.
_KNOWN = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.languageIn, SH["class"], SH.nodeKind, SH["in"],
    SH.minLength, SH["or"], SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.message,
    SH.name, SH.description, RDF.type,
}  # fmt: skip
_KNOWN_NODE = {
    RDF.type,
    SH.targetClass,
    SH.nodeKind,
    SH.property,
    URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
}


@dataclass(frozen=True)
class ShapeQuery:
    """One constraint as a query that returns ?focus (and ?value where a value breaks it).

    A datatype constraint is checked on the quads themselves, not in the store: Oxigraph stores
    xsd:nonNegativeInteger and its kin as xsd:integer, so the store cannot tell them apart. Its query
    returns the focus nodes; `datatypes` lists the allowed datatypes (rdf:langString: any language tag).

    `text` finds the focus nodes itself (instances of the shape's target class or of a subclass);
    `targeted`, the same query, reads them from the targets `run` lists once per class (`target`)."""

    path: str
    message: str
    text: str
    datatypes: frozenset[str] = frozenset()
    target: str = ""
    targeted: str = ""


# `run` lists each target class's instances once in this graph, read by the `targeted` queries, and
# removes it after: the path of a class's instances is the dearest part of each query, and most
# constraints of a shape share its target.
_TARGETS_GRAPH = ox.NamedNode("urn:kgraph:shacl-sparql:targets")
_TARGET = ox.NamedNode("urn:kgraph:shacl-sparql:target")


def translate(shapes: Graph) -> tuple[list[ShapeQuery], list[URIRef]]:
    """The queries for every translatable node shape, and the node shapes left to pySHACL."""
    queries: list[ShapeQuery] = []
    untranslated = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        try:
            queries += list(_node_shape(shapes, shape))
        except _Untranslatable:
            untranslated.append(shape)
    return queries, untranslated


def run(
    store: ox.Store, queries: list[ShapeQuery], quads: list[ox.Quad], keep: Callable[[str], bool] | None = None
) -> list[tuple[str, str, str]]:
    """(focus, path, message) for every violation; the named graphs of the store are queried as one, and
    datatypes are read from `quads` (the same triples, as built). `keep(focus)`: the focus nodes whose
    violations are wanted (all if None); the others are not checked (a constraint reads its focus node's
    values alone, so leaving some out changes nothing for the rest)."""
    if store.contains_named_graph(_TARGETS_GRAPH):  # a graph of the data's own: leave it alone
        return _found(store, queries, quads, None)
    targets = {}
    for target in sorted({q.target for q in queries}):
        rows = store.query(f"SELECT DISTINCT ?focus WHERE {{ {_TYPED.format(var='focus', cls=target)} }}",
                           use_default_graph_as_union=True)  # fmt: skip
        targets[target] = [row["focus"] for row in rows if keep is None or keep(row["focus"].value)]
    store.extend(ox.Quad(f, _TARGET, ox.NamedNode(t[1:-1]), _TARGETS_GRAPH) for t, fs in targets.items() for f in fs)
    try:
        return _found(store, [q for q in queries if targets[q.target]], quads, targets)
    finally:
        store.remove_graph(_TARGETS_GRAPH)


def _found(
    store: ox.Store, queries: list[ShapeQuery], quads: list[ox.Quad], targets: dict[str, list] | None
) -> list[tuple[str, str, str]]:
    found = []
    by_predicate: dict[str, list[ox.Quad]] | None = None
    for query in queries:
        if query.datatypes and targets is not None:
            focus = set(targets[query.target])
        else:
            text = query.text if targets is None else query.targeted
            rows = store.query(text, use_default_graph_as_union=True)
            if not query.datatypes:
                found += [(row["focus"].value, query.path, query.message) for row in rows]
                continue
            focus = {row["focus"] for row in rows}
        if by_predicate is None:
            by_predicate = {}
            for quad in quads:
                by_predicate.setdefault(quad.predicate.value, []).append(quad)
        for quad in by_predicate.get(query.path, []):
            if quad.subject in focus and not _has_datatype(quad.object, query.datatypes):
                found.append((quad.subject.value, query.path, query.message))
    return found


def _has_datatype(term, allowed: frozenset[str]) -> bool:
    if not isinstance(term, ox.Literal):
        return False
    if term.language:
        return str(RDF.langString) in allowed
    return term.datatype.value in allowed


class _Untranslatable(Exception):
    pass


def _iri(term) -> str:
    if not isinstance(term, URIRef) or not _IRI.fullmatch(str(term)):
        raise _Untranslatable(term)
    return f"<{term}>"


def _term(term) -> str:
    if isinstance(term, URIRef):
        return _iri(term)
    if isinstance(term, Literal):
        return term.n3()
    raise _Untranslatable(term)


def _node_shape(shapes: Graph, shape) -> Iterator[ShapeQuery]:
    if set(shapes.predicates(shape)) - _KNOWN_NODE:
        raise _Untranslatable(shape)
    targets = list(shapes.objects(shape, SH.targetClass))
    if len(targets) != 1:
        raise _Untranslatable(shape)
    target = _iri(targets[0])
    focus = "{ SELECT DISTINCT ?focus WHERE { " + _TYPED.format(var="focus", cls=target) + " } }"
    for query in _constraints(shapes, shape, focus):
        if query.text.count(focus) != 1:
            raise _Untranslatable(shape)
        targeted = query.text.replace(focus, f"?focus <{_TARGET.value}> {target} .")
        yield dataclasses.replace(query, target=target, targeted=targeted)


def _constraints(shapes: Graph, shape, focus: str) -> Iterator[ShapeQuery]:
    kind = shapes.value(shape, SH.nodeKind)
    if kind is not None:
        if kind != SH.IRI:
            raise _Untranslatable(shape)
        yield ShapeQuery(
            "", f"Value is not of node kind {kind}", f"SELECT ?focus WHERE {{ {focus} FILTER(!isIRI(?focus)) }}"
        )
    for prop in shapes.objects(shape, SH.property):
        yield from _property_shape(shapes, prop, focus)


def _property_shape(shapes: Graph, prop, focus: str) -> Iterator[ShapeQuery]:
    if set(shapes.predicates(prop)) - _KNOWN:
        raise _Untranslatable(prop)
    path_term = shapes.value(prop, SH.path)
    path = _iri(path_term)
    message = str(shapes.value(prop, SH.message) or "constraint violated")
    name = str(path_term)

    def datatypes(allowed: list) -> ShapeQuery:
        text = f"SELECT ?focus WHERE {{ {focus} }}"
        return ShapeQuery(name, message, text, frozenset(str(_iri(d))[1:-1] for d in allowed))

    def values(condition: str) -> ShapeQuery:
        text = f"SELECT ?focus ?value WHERE {{ {focus} ?focus {path} ?value . FILTER({condition}) }}"
        return ShapeQuery(name, message, text)

    def count(test: str, pattern: str = "") -> ShapeQuery:
        inner = f"?focus {path} ?value . {pattern}"
        text = f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ {inner} }} }} GROUP BY ?focus HAVING ({test})"
        return ShapeQuery(name, message, text)

    if (n := shapes.value(prop, SH.minCount)) is not None:
        yield count(f"COUNT(DISTINCT ?value) < {int(n)}")
    if (n := shapes.value(prop, SH.maxCount)) is not None:
        yield count(f"COUNT(DISTINCT ?value) > {int(n)}")
    if (datatype := shapes.value(prop, SH.datatype)) is not None:
        yield datatypes([datatype])
    if (languages := shapes.value(prop, SH.languageIn)) is not None:
        tags = [str(t) for t in Collection(shapes, languages)]
        tests = " || ".join(f'langMatches(lang(?value), "{_plain(t)}")' for t in tags) or "false"
        yield values(f"!isLiteral(?value) || !({tests})")
    if (cls := shapes.value(prop, SH["class"])) is not None:
        yield values("NOT EXISTS { " + _TYPED.format(var="value", cls=_iri(cls)) + " }")
    if (kind := shapes.value(prop, SH.nodeKind)) is not None:
        if kind != SH.IRI:
            raise _Untranslatable(prop)
        yield values("!isIRI(?value)")
    if (members := shapes.value(prop, SH["in"])) is not None:
        allowed = ", ".join(_term(t) for t in Collection(shapes, members))
        yield values(f"?value NOT IN ({allowed})")
    if (n := shapes.value(prop, SH.minLength)) is not None:
        yield values(f"isBlank(?value) || STRLEN(STR(?value)) < {int(n)}")
    if (options := shapes.value(prop, SH["or"])) is not None:
        allowed = []
        for option in Collection(shapes, options):
            datatype = shapes.value(option, SH.datatype)
            if datatype is None or set(shapes.predicates(option)) != {SH.datatype}:
                raise _Untranslatable(prop)
            allowed.append(datatype)
        yield datatypes(allowed)
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        cls = shapes.value(qualified, SH["class"])
        if cls is None or set(shapes.predicates(qualified)) != {SH["class"]}:
            raise _Untranslatable(prop)
        conforming = _TYPED.format(var="value", cls=_iri(cls))
        if (n := shapes.value(prop, SH.qualifiedMinCount)) is not None:
            yield count(f"COUNT(DISTINCT ?value) < {int(n)}", conforming)
        if (n := shapes.value(prop, SH.qualifiedMaxCount)) is not None:
            yield count(f"COUNT(DISTINCT ?value) > {int(n)}", conforming)


def _plain(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9-]+", text):
        raise _Untranslatable(text)
    return text
