"""Reading a build back: its N-Triples into Oxigraph, and from there the catalogue, the statements and the
ontology as the records the curation stage made, so that the reading commands never rebuild from YAML."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pyoxigraph as ox

from kgraph.graph.layout import EXPORT_FILES, PROPOSED_CLASS, BuildLayout, verify_build

if TYPE_CHECKING:
    from kgraph.catalogue import Entity
    from kgraph.model.terms import OntologyTerms
    from kgraph.namespaces import Iris
    from kgraph.ontology import Ontology
    from kgraph.statements import Evidence, Statement

# The records (the catalogue, the statements) are imported where they are read back: a command that needs only
# the store (stats, query) starts without them. Only `ontology` loads rdflib: the records and the ontology's
# terms are read with the build's own prefixes, so that `kgraph analyze` starts without an RDF library.

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"
_PRECISION = {"YearPrecision": "year", "MonthPrecision": "month", "DayPrecision": "day"}
_TIMES = {"date": "pointInTime", "start": "startTime", "end": "endTime"}


@dataclass
class StoredBuild:
    """A build read from its folder, with its records read back on demand (and an Oxigraph store if asked)."""

    layout: BuildLayout
    prefixes: dict[str, str]
    drafts: bool = False  # the curated graph (kgraph.nt) only, or the drafts graph too (kgraph.trig)

    @classmethod
    def load(cls, folder: Path, project_root: Path | None = None, drafts: bool = False) -> StoredBuild:
        """Open a verified build (see verify_build: missing, damaged or stale builds raise BuildUnusable)."""
        layout = verify_build(folder, [EXPORT_FILES["trig" if drafts else "nt"]], project_root=project_root)
        return cls(layout, layout.prefixes(), drafts)

    @property
    def _file(self) -> tuple[Path, ox.RdfFormat]:
        return self.layout.graph_file(self.drafts), ox.RdfFormat.TRIG if self.drafts else ox.RdfFormat.N_TRIPLES

    @cached_property
    def store(self) -> ox.Store:
        """The build's triples in an in-memory Oxigraph store, for SPARQL (its named graphs, with drafts)."""
        store = ox.Store()
        path, fmt = self._file
        store.bulk_load(path=str(path), format=fmt)
        return store

    @property
    def iris(self) -> Iris:
        from kgraph.namespaces import Iris

        return Iris(self.prefixes["kgr"].removesuffix("entity/"))

    def __len__(self) -> int:
        return sum(len(objects) for properties in self._nodes.values() for objects in properties.values())

    @cached_property
    def _nodes(self) -> dict[str, dict[str, list]]:
        """Every subject with its properties, read in one pass: {subject: {predicate: [objects]}}."""
        nodes: dict[str, dict[str, list]] = {}
        subject, properties = None, {}
        path, fmt = self._file
        for quad in ox.parse(path=str(path), format=fmt):
            # The build writes its triples sorted by subject: a subject is looked up only where it changes.
            if (value := quad.subject.value) != subject:
                subject, properties = value, nodes.setdefault(value, {})
            objects = properties.get(predicate := quad.predicate.value)
            if objects is None:
                properties[predicate] = [quad.object]
            else:
                objects.append(quad.object)
        return nodes

    def _ontology_nodes(self) -> dict[str, dict[str, list]]:
        """The ontology as built: every node that is a term of the kg: namespace or the ontology itself."""
        own = self.prefixes["kg"].rstrip("#")
        return {subject: properties for subject, properties in self._nodes.items() if subject.startswith(own)}

    @cached_property
    def ontology(self) -> Ontology:
        """The ontology as built, as an rdflib graph: every triple of a term of the kg: namespace or the
        ontology itself."""
        from rdflib import Graph, URIRef

        from kgraph.graph_builder import from_ox
        from kgraph.ontology import Ontology

        graph = Graph()
        graph.addN(
            (URIRef(subject), URIRef(predicate), from_ox(o), graph)
            for subject, properties in self._ontology_nodes().items()
            for predicate, objects in properties.items()
            for o in objects
        )
        return Ontology(graph)

    @cached_property
    def terms(self) -> OntologyTerms:
        """The ontology's relations and classes as built, read from the same triples as `ontology` without
        rdflib."""
        from kgraph.model.terms import OntologyTerms

        triples = (
            (subject, predicate, o.value)
            for subject, properties in self._ontology_nodes().items()
            for predicate, objects in properties.items()
            for o in objects
        )
        return OntologyTerms.from_triples(triples, self.prefixes)

    @cached_property
    def catalogue(self) -> dict[str, Entity]:
        """The entities, as the catalogue read them (without the file and line they came from)."""
        from kgraph.catalogue import Entity

        namespace, kg, schema = self.prefixes["kgr"], self.prefixes["kg"], self.prefixes["schema"]
        path = self.layout.ntriples
        found = {}
        for subject, properties in self._nodes.items():
            if not subject.startswith(namespace) or _RDFS + "label" not in properties:
                continue
            types = sorted(
                o.value.removeprefix(kg) for o in properties.get(_RDF + "type", []) if o.value.startswith(kg)
            )
            if PROPOSED_CLASS in types:  # a draft: ProposedEntity first, then the classes it would have
                guessed = properties.get(kg + "proposedType", [])
                types = [PROPOSED_CLASS, *sorted(o.value.removeprefix(kg) for o in guessed)]
            match = properties.get(_SKOS + "exactMatch", [])
            entity_id = subject[len(namespace) :]
            found[entity_id] = Entity(
                id=entity_id,
                types=tuple(types),
                label=properties[_RDFS + "label"][0].value,
                aliases=tuple(sorted(o.value for o in properties.get(_SKOS + "altLabel", []))),
                description=_value_of(properties.get(schema + "description")) or "",
                wikidata=match[0].value.rsplit("/", 1)[-1] if match else None,
                path=path,
                line=None,
            )
        return dict(sorted(found.items()))

    @cached_property
    def statement_facts(self) -> list[StatementFacts]:
        """The statements with their qualifiers but not their evidence, by id, as plain tuples: what the
        network's analytics read, without making records (nor importing what records need)."""
        relations = {iri: name for name, iri in self.terms.relations.items()}
        entity_ns, statement_ns, kg = self.prefixes["kgr"], self.prefixes["kgs"], self.prefixes["kg"]
        schema = self.prefixes["schema"]
        entity_start, statement_start = len(entity_ns), len(statement_ns)
        subject_key, predicate_key, object_key = _RDF + "subject", _RDF + "predicate", _RDF + "object"
        times = [(kg + prop, kg + prop + "Precision") for prop in _TIMES.values()]
        keys = {name: kg + name for name in _STATEMENT_KEYS}
        statement_type = ox.NamedNode(kg + "Statement")
        found = []
        for iri, properties in self._nodes.items():
            # A statement is reified: look at the types of the nodes that have an rdf:subject only.
            if subject_key not in properties or statement_type not in properties.get(_RDF + "type", ()):
                continue
            get = properties.get

            def ids(key: str, get=get) -> tuple[str, ...]:
                return tuple(sorted(o.value[entity_start:] for o in get(key, ())))

            date, start, end = (
                TimeFact(value[0].value, _PRECISION[(_iri_of(get(precision)) or "").removeprefix(kg)])
                if (value := get(key))
                else None
                for key, precision in times
            )
            confirmed = _iri_of(get(keys["confirmedBy"]))
            confidence = _value_of(get(keys["confidence"]))
            role = _iri_of(get(keys["role"]))
            acted_for = _iri_of(get(keys["onBehalfOf"]))
            quantities = get(keys["quantity"])
            found.append(
                StatementFacts(
                    id=iri[statement_start:],
                    subject=properties[subject_key][0].value[entity_start:],
                    relation=relations[properties[predicate_key][0].value],
                    object=properties[object_key][0].value[entity_start:],
                    status=_iri_of(get(keys["status"])).removeprefix(kg).lower(),
                    according_to=ids(keys["accordingTo"]),
                    denied_by=ids(keys["deniedBy"]),
                    disputed_by=ids(keys["disputedBy"]),
                    role=role.removeprefix(kg).lower() if role else None,
                    date=date,
                    start=start,
                    end=end,
                    quantities=_quantities(self._nodes, quantities, kg, schema) if quantities else (),
                    note=_value_of(get(keys["note"])),
                    origin=_value_of(get(keys["origin"])) or "curated",
                    confidence=float(confidence) if confidence is not None else None,
                    confirmed_by=confirmed[statement_start:] if confirmed else None,
                    on_behalf_of=acted_for[entity_start:] if acted_for else None,
                    evidence_node=properties[keys["evidence"]][0].value,
                )
            )
        return sorted(found, key=lambda s: s.id)

    @cached_property
    def statements(self) -> list[Statement]:
        """The statements with their qualifiers and evidence, by id."""
        from kgraph.statements import Quantity, Statement, TimeValue

        path = self.layout.ntriples
        evidences = _EvidenceReader(self._nodes, self.prefixes)
        return [
            Statement(
                id=facts.id,
                subject=facts.subject,
                relation=facts.relation,
                object=facts.object,
                status=facts.status,
                according_to=facts.according_to,
                denied_by=facts.denied_by,
                disputed_by=facts.disputed_by,
                role=facts.role,
                date=TimeValue(*facts.date) if facts.date else None,
                start=TimeValue(*facts.start) if facts.start else None,
                end=TimeValue(*facts.end) if facts.end else None,
                quantities=tuple(Quantity(*figure) for figure in facts.quantities),
                evidence=evidences.read(facts.evidence_node),
                note=facts.note,
                path=path,
                line=None,
                origin=facts.origin,
                confidence=facts.confidence,
                confirmed_by=facts.confirmed_by,
                on_behalf_of=facts.on_behalf_of,
            )
            for facts in self.statement_facts
        ]


class TimeFact(NamedTuple):
    """A statement's time as read back (the fields of statements.TimeValue)."""

    text: str
    precision: str


class FigureFact(NamedTuple):
    """A statement's figure as read back (the fields of statements.Quantity, in its order)."""

    kind: str
    value: Decimal | None
    min: Decimal | None
    max: Decimal | None
    unit: str | None
    currency: str | None
    measures: str | None
    approximate: bool
    casualty: str | None
    group: str | None


class StatementFacts(NamedTuple):
    """A statement as read back without its evidence (the fields of statements.Statement but the evidence, the
    file and the line; the evidence's node instead)."""

    id: str
    subject: str
    relation: str
    object: str
    status: str
    according_to: tuple[str, ...]
    denied_by: tuple[str, ...]
    disputed_by: tuple[str, ...]
    role: str | None
    date: TimeFact | None
    start: TimeFact | None
    end: TimeFact | None
    quantities: tuple[FigureFact, ...]
    note: str | None
    origin: str
    confidence: float | None
    confirmed_by: str | None
    on_behalf_of: str | None
    evidence_node: str


def _quantities(nodes: dict[str, dict[str, list]], quantities: list, kg: str, schema: str) -> tuple[FigureFact, ...]:
    figures = []
    for node in sorted(quantities, key=lambda n: int(n.value.rsplit("/", 1)[-1])):
        get = nodes.get(node.value, {}).get

        def number(prop: str, get=get) -> Decimal | None:
            value = _value_of(get(schema + prop))
            # The graph writes whole decimals as "55.0"; the curated record said 55.
            return Decimal(value.removesuffix(".0")) if value is not None else None

        def concept(prop: str, get=get) -> str | None:
            value = _iri_of(get(kg + prop))
            return value.removeprefix(kg).lower() if value else None

        figures.append(
            FigureFact(
                kind=concept("quantityKind") or "",
                value=number("value"),
                min=number("minValue"),
                max=number("maxValue"),
                unit=_value_of(get(schema + "unitText")),
                currency=_value_of(get(schema + "currency")),
                measures=_value_of(get(kg + "measures")),
                approximate=_value_of(get(kg + "approximate")) == "true",
                casualty=concept("casualtyType"),
                group=concept("personGroup"),
            )
        )
    return tuple(figures)


_STATEMENT_KEYS = ("confirmedBy", "confidence", "role", "onBehalfOf", "quantity", "status", "accordingTo",
                   "deniedBy", "disputedBy", "evidence", "note", "origin")  # fmt: skip


class _EvidenceReader:
    """Reads evidence nodes into Evidence records; a section, shared by many quotes, is read once."""

    def __init__(self, nodes: dict[str, dict[str, list]], prefixes: dict[str, str]) -> None:
        from kgraph.source import Section
        from kgraph.statements import Evidence

        self._nodes, self._section, self._evidence = nodes, Section, Evidence
        kg, oa = prefixes["kg"], prefixes["oa"]
        self._source, self._selector, self._in_section = oa + "hasSource", oa + "hasSelector", kg + "inSection"
        self._exact, self._start, self._end, self._path = oa + "exact", oa + "start", oa + "end", kg + "sectionPath"
        self._sections: dict[str | None, object] = {}

    def read(self, node: str) -> Evidence:
        evidence = self._nodes.get(node, {}) if node else {}
        source = _iri_of(evidence.get(self._source)) or ""
        quote = start = end = None
        for selector in evidence.get(self._selector, ()):
            p = self._nodes.get(selector.value, {})
            if (value := _value_of(p.get(self._exact))) is not None:
                quote = value
            if (value := _value_of(p.get(self._start))) is not None:
                start, end = int(value), int(_value_of(p.get(self._end)))
        return self._evidence(source.rsplit("/", 1)[-1], quote or "", start or 0, end or 0, self._section_of(evidence))

    def _section_of(self, evidence: dict[str, list]):
        iri = _iri_of(evidence.get(self._in_section))
        if iri not in self._sections:
            section = self._nodes.get(iri, {}) if iri else {}
            path = tuple((_value_of(section.get(self._path)) or "").split(" > "))
            self._sections[iri] = self._section(path, -1, -1)
        return self._sections[iri]


def _value_of(terms: list | None) -> str | None:
    """The value of the first of a property's terms (None if it has none)."""
    return terms[0].value if terms else None


def _iri_of(terms: list | None) -> str | None:
    """The IRI of the first of a property's terms (None if it has none or that is not an IRI)."""
    return terms[0].value if terms and isinstance(terms[0], ox.NamedNode) else None


def canonical_records(
    catalogue: dict[str, Entity], statements: list[Statement]
) -> tuple[dict[str, Entity], list[Statement]]:
    """The records in the order a build reads them back in (RDF keeps no order): entities and statements by id,
    types, aliases and attributions sorted. Pages drawn from the build and from the YAML then agree."""
    entities = {
        key: replace(e, types=tuple(sorted(e.types)), aliases=tuple(sorted(e.aliases)))
        for key, e in sorted(catalogue.items())
    }
    ordered = [
        replace(
            s,
            according_to=tuple(sorted(s.according_to)),
            denied_by=tuple(sorted(s.denied_by)),
            disputed_by=tuple(sorted(s.disputed_by)),
        )
        for s in sorted(statements, key=lambda s: s.id)
    ]
    return entities, ordered
