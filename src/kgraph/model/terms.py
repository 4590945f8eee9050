"""The ontology's terms as plain strings, read from its triples without rdflib: each relation with its label and
kind, each class with the classes above it. The statement network needs no more, so `kgraph analyze` reads them
from the build's own triples and loads no RDF library."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

OTHER_KIND = "other"  # the kind of a relation the ontology gives no kg:kind


@dataclass(frozen=True)
class OntologyTerms:
    """Relations by name (IRI, label, kind key and label) and kg classes by name, with the classes above each."""

    relations: dict[str, str]
    relation_labels: dict[str, str]
    relation_kinds: dict[str, tuple[str, str]]
    classes: dict[str, str]
    superclasses: dict[str, frozenset[str]]  # by class IRI: the class itself and every class above it

    @classmethod
    def from_triples(cls, triples: Iterable[tuple[str, str, str]], prefixes: Mapping[str, str]) -> OntologyTerms:
        """The terms of an ontology given as (subject, predicate, object) strings (IRIs, or literals' values);
        `prefixes` names the kg, rdf, rdfs, owl and skos namespaces. Where a property has several values the
        first is taken, as rdflib's Graph.value does."""
        kg, rdf, rdfs, skos = prefixes["kg"], prefixes["rdf"], prefixes["rdfs"], prefixes["skos"]
        index: dict[str, dict[str, list[str]]] = {}
        for subject, predicate, obj in triples:
            index.setdefault(subject, {}).setdefault(predicate, []).append(obj)

        def first(subject: str | None, predicate: str) -> str | None:
            values = index.get(subject, {}).get(predicate) if subject is not None else None
            return values[0] if values else None

        narrower: dict[str, list[str]] = {}
        for subject, properties in index.items():
            for broader in properties.get(rdfs + "subPropertyOf", ()):
                narrower.setdefault(broader, []).append(subject)
        relations = {local_name(iri): iri for iri in _reachable(kg + "relation", narrower)[1:]}
        kinds = {}
        for name, iri in relations.items():
            concept = first(iri, kg + "kind")
            notation, label = first(concept, skos + "notation"), first(concept, skos + "prefLabel")
            kinds[name] = (notation, label or notation) if notation is not None else (OTHER_KIND, OTHER_KIND)
        owl_class = prefixes["owl"] + "Class"
        classes = {
            local_name(s): s for s, p in index.items() if s.startswith(kg) and owl_class in p.get(rdf + "type", ())
        }
        broader = {s: p[rdfs + "subClassOf"] for s, p in index.items() if rdfs + "subClassOf" in p}
        return cls(
            relations=relations,
            relation_labels={name: str(first(iri, rdfs + "label")) for name, iri in relations.items()},
            relation_kinds=kinds,
            classes=classes,
            superclasses={iri: frozenset(_reachable(iri, broader)) for iri in classes.values()},
        )


def _reachable(start: str, links: Mapping[str, list[str]]) -> list[str]:
    """`start`, then every term reached from it by following `links`, each once, in the order found."""
    found, seen, stack = [], {start}, [start]
    while stack:
        term = stack.pop()
        found.append(term)
        for other in links.get(term, ()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return found


def local_name(iri: str) -> str:
    """The name of a term: its IRI after the last '#' or '/'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
