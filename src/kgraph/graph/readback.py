"""Reading a build back: its N-Triples into Oxigraph, and from there the catalogue, the statements and the
ontology as the records the curation stage made, so that the reading commands never rebuild from YAML."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kgraph.catalogue import Entity
from kgraph.graph.layout import BuildLayout, verify_build
from kgraph.namespaces import KG, OA, SCHEMA, Iris
from kgraph.ontology import Ontology
from kgraph.source import Section
from kgraph.statements import Evidence, Quantity, Statement, TimeValue

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"
_PRECISION = {"YearPrecision": "year", "MonthPrecision": "month", "DayPrecision": "day"}
_TIMES = {"date": "pointInTime", "start": "startTime", "end": "endTime"}


@dataclass
class StoredBuild:
    """A build loaded from its folder into Oxigraph, with its records read back on demand."""

    layout: BuildLayout
    store: ox.Store
    prefixes: dict[str, str]

    @classmethod
    def load(cls, folder: Path, project_root: Path | None = None) -> StoredBuild:
        """Load a verified build (see verify_build: missing, damaged or stale builds raise BuildUnusable)."""
        layout = verify_build(folder, project_root=project_root)
        store = ox.Store()
        store.bulk_load(path=str(layout.ntriples), format=ox.RdfFormat.N_TRIPLES)
        return cls(layout, store, layout.prefixes())

    @property
    def iris(self) -> Iris:
        return Iris(self.prefixes["kgr"].removesuffix("entity/"))

    def __len__(self) -> int:
        return len(self.store)

    def _by_subject(self, type_iri: str) -> dict[str, dict[str, list]]:
        """Every node of a class, with its properties: {subject IRI: {predicate IRI: [objects]}}."""
        nodes: dict[str, dict[str, list]] = {}
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(_RDF + "type"), ox.NamedNode(type_iri)):
            if isinstance(quad.subject, ox.NamedNode):
                nodes[quad.subject.value] = defaultdict(list)
        for subject, properties in nodes.items():
            for quad in self.store.quads_for_pattern(ox.NamedNode(subject), None, None):
                properties[quad.predicate.value].append(quad.object)
        return nodes

    @cached_property
    def ontology(self) -> Ontology:
        """The ontology as built: every triple whose subject is a term of the kg: namespace or the ontology."""
        text = "".join(
            f"{q.subject} {q.predicate} {q.object} .\n"
            for q in self.store.quads_for_pattern(None, None, None)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(str(KG).rstrip("#"))
        )
        return Ontology(Graph().parse(data=text, format="nt"))

    @cached_property
    def catalogue(self) -> dict[str, Entity]:
        """The entities, as the catalogue read them (without the file and line they came from)."""
        namespace = self.prefixes["kgr"]
        found = {}
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(_RDFS + "label"), None):
            subject = quad.subject
            if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(namespace):
                continue
            properties = self._properties(subject.value)
            types = sorted(
                o.value.removeprefix(str(KG))
                for o in properties.get(_RDF + "type", [])
                if o.value.startswith(str(KG))
            )
            match = properties.get(_SKOS + "exactMatch", [])
            entity_id = subject.value[len(namespace) :]
            found[entity_id] = Entity(
                id=entity_id,
                types=tuple(types),
                label=quad.object.value,
                aliases=tuple(sorted(o.value for o in properties.get(_SKOS + "altLabel", []))),
                description=_first(properties, str(SCHEMA) + "description") or "",
                wikidata=match[0].value.rsplit("/", 1)[-1] if match else None,
                path=self.layout.ntriples,
                line=None,
            )
        return dict(sorted(found.items()))

    def _properties(self, subject: str) -> dict[str, list]:
        properties: dict[str, list] = defaultdict(list)
        for quad in self.store.quads_for_pattern(ox.NamedNode(subject), None, None):
            properties[quad.predicate.value].append(quad.object)
        return properties

    @cached_property
    def statements(self) -> list[Statement]:
        """The statements with their qualifiers and evidence, by id."""
        relations = {str(r.iri): r.name for r in self.ontology.relations.values()}
        entity_ns, statement_ns = self.prefixes["kgr"], self.prefixes["kgs"]
        kg = str(KG)
        found = []
        for iri, properties in self._by_subject(kg + "Statement").items():

            def ids(prop: str, properties=properties) -> tuple[str, ...]:
                return tuple(sorted(o.value[len(entity_ns) :] for o in properties.get(kg + prop, [])))

            evidence = self._properties(properties[kg + "evidence"][0].value)
            times = {
                field: TimeValue(value.value, _PRECISION[_first_iri(properties, kg + prop + "Precision")])
                for field, prop in _TIMES.items()
                if (value := _first_term(properties, kg + prop)) is not None
            }
            confirmed = _first_iri(properties, kg + "confirmedBy")
            confidence = _first(properties, kg + "confidence")
            role = _first_iri(properties, kg + "role")
            found.append(
                Statement(
                    id=iri[len(statement_ns) :],
                    subject=properties[_RDF + "subject"][0].value[len(entity_ns) :],
                    relation=relations[properties[_RDF + "predicate"][0].value],
                    object=properties[_RDF + "object"][0].value[len(entity_ns) :],
                    status=_first_iri(properties, kg + "status").removeprefix(kg).lower(),
                    according_to=ids("accordingTo"),
                    denied_by=ids("deniedBy"),
                    disputed_by=ids("disputedBy"),
                    role=role.removeprefix(kg).lower() if role else None,
                    date=times.get("date"),
                    start=times.get("start"),
                    end=times.get("end"),
                    quantities=self._quantities(properties.get(kg + "quantity", [])),
                    evidence=self._evidence(evidence),
                    note=_first(properties, kg + "note"),
                    path=self.layout.ntriples,
                    line=None,
                    origin=_first(properties, kg + "origin") or "curated",
                    confidence=float(confidence) if confidence is not None else None,
                    confirmed_by=confirmed[len(statement_ns) :] if confirmed else None,
                )
            )
        return sorted(found, key=lambda s: s.id)

    def _quantities(self, nodes: list) -> tuple[Quantity, ...]:
        kg, schema = str(KG), str(SCHEMA)
        quantities = []
        for node in sorted(nodes, key=lambda n: int(n.value.rsplit("/", 1)[-1])):
            p = self._properties(node.value)

            def number(prop: str, p=p) -> Decimal | None:
                value = _first(p, schema + prop)
                return Decimal(value) if value is not None else None

            def concept(prop: str, p=p) -> str | None:
                value = _first_iri(p, kg + prop)
                return value.removeprefix(kg).lower() if value else None

            quantities.append(
                Quantity(
                    kind=concept("quantityKind") or "",
                    value=number("value"),
                    min=number("minValue"),
                    max=number("maxValue"),
                    unit=_first(p, schema + "unitText"),
                    currency=_first(p, schema + "currency"),
                    measures=_first(p, kg + "measures"),
                    approximate=_first(p, kg + "approximate") == "true",
                    casualty=concept("casualtyType"),
                    group=concept("personGroup"),
                )
            )
        return tuple(quantities)

    def _evidence(self, evidence: dict[str, list]) -> Evidence:
        source = _first_iri(evidence, str(OA) + "hasSource") or ""
        source_id = source.rsplit("/", 1)[-1]
        quote = start = end = None
        for selector in evidence.get(str(OA) + "hasSelector", []):
            p = self._properties(selector.value)
            if (value := _first(p, str(OA) + "exact")) is not None:
                quote = value
            if (value := _first(p, str(OA) + "start")) is not None:
                start, end = int(value), int(_first(p, str(OA) + "end"))
        section = self._properties(_first_iri(evidence, str(KG) + "inSection"))
        path = tuple((_first(section, str(KG) + "sectionPath") or "").split(" > "))
        return Evidence(source_id, quote or "", start or 0, end or 0, Section(path, -1, -1))


def _first_term(properties: dict[str, list], prop: str):
    values = properties.get(prop)
    return values[0] if values else None


def _first(properties: dict[str, list], prop: str) -> str | None:
    term = _first_term(properties, prop)
    return term.value if term is not None else None


def _first_iri(properties: dict[str, list], prop: str) -> str | None:
    term = _first_term(properties, prop)
    return term.value if isinstance(term, ox.NamedNode) else None
