"""The ontology as the curation stage needs it: classes, relations, domains and ranges."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kgraph.model.terms import OntologyTerms, local_name
from kgraph.namespaces import KG, PREFIXES


@dataclass(frozen=True)
class Relation:
    """A relation a statement can carry."""

    name: str
    iri: URIRef
    label: str
    domain: URIRef
    range: URIRef
    cameo_code: str | None


@dataclass
class Ontology:
    """The kgraph ontology, read from Turtle."""

    graph: Graph
    _superclasses: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def read(cls, path: Path) -> Ontology:
        return cls(Graph().parse(path, format="turtle"))

    @cached_property
    def classes(self) -> dict[str, URIRef]:
        """kg classes by local name."""
        return {
            local_name(c): c
            for c in self.graph.subjects(RDF.type, OWL.Class)
            if isinstance(c, URIRef) and c.startswith(str(KG))
        }

    @cached_property
    def relations(self) -> dict[str, Relation]:
        """Every sub-property of kg:relation, by local name."""
        found = {}
        for prop in self.graph.transitive_subjects(RDFS.subPropertyOf, KG.relation):
            if prop == KG.relation or not isinstance(prop, URIRef):
                continue
            code = self.graph.value(prop, KG.cameoCode)
            found[local_name(prop)] = Relation(
                name=local_name(prop),
                iri=prop,
                label=str(self.graph.value(prop, RDFS.label)),
                domain=self.graph.value(prop, RDFS.domain),
                range=self.graph.value(prop, RDFS.range),
                cameo_code=str(code) if code is not None else None,
            )
        return found

    @cached_property
    def terms(self) -> OntologyTerms:
        """The relations and classes as plain strings (what the statement network takes from the ontology)."""
        return OntologyTerms.from_triples(((str(s), str(p), str(o)) for s, p, o in self.graph), PREFIXES)

    def superclasses(self, cls: URIRef) -> frozenset[URIRef]:
        """The class itself and every class above it (computed once per class: extraction asks often)."""
        if cls not in self._superclasses:
            self._superclasses[cls] = frozenset(self.graph.transitive_objects(cls, RDFS.subClassOf))
        return self._superclasses[cls]

    def fits(self, types: list[URIRef], required: URIRef) -> bool:
        """Whether something of these types is an instance of `required`."""
        return any(required in self.superclasses(t) for t in types)

    def individuals(self, cls: URIRef) -> dict[str, URIRef]:
        """Named individuals of a concept class (statuses, roles…), by lower-case label."""
        return {
            str(self.graph.value(i, RDFS.label)).lower(): i
            for i in self.graph.subjects(RDF.type, cls)
            if isinstance(i, URIRef)
        }
