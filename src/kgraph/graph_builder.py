"""Graph building: entities, direct triples and statement nodes as an RDF dataset.

Three named graphs hold the curated graph: the ontology, the data (entities, direct triples, statement
nodes and their qualifiers) and the provenance (sources, sections and the evidence of every statement).
Only asserted statements become direct triples; alleged, denied and disputed ones live as statement
nodes alone, so that a plain triple pattern never returns a contested claim as fact.

A fourth, the drafts graph, holds what the extractors drafted from sources marked `extract: true`: the
drafted statement nodes with their evidence, origin, confidence and kg:confirmedBy link, and the entities
they propose (kg:ProposedEntity, with the guessed class as kg:proposedType, never as rdf:type). Drafts
are never direct triples: only a curator's review makes them facts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kgraph.catalogue import Entity
from kgraph.graph.layout import DRAFTS_GRAPH, PROPOSED_CLASS
from kgraph.namespaces import KG, OA, SCHEMA, WD, Iris, Terms
from kgraph.ontology import Ontology
from kgraph.project import DatasetConfig, SourceInfo
from kgraph.source import Document
from kgraph.statements import Quantity, Statement, TimeValue

# The namespaces as this module uses them: each term made once (see Terms), not once per triple.
DCTERMS, PROV, RDF, RDFS, SKOS, XSD = (Terms(n) for n in (DCTERMS, PROV, RDF, RDFS, SKOS, XSD))
KG, OA, SCHEMA, WD = (Terms(n) for n in (KG, OA, SCHEMA, WD))

GRAPHS = ("ontology", "data", "provenance")  # the curated graph
_DATATYPE = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
_PRECISION = {"year": KG.YearPrecision, "month": KG.MonthPrecision, "day": KG.DayPrecision}
_TIME_PROPERTIES = {
    "date": (KG.pointInTime, KG.pointInTimePrecision),
    "start": (KG.startTime, KG.startTimePrecision),
    "end": (KG.endTime, KG.endTimePrecision),
}


@dataclass(frozen=True)
class Drafts:
    """What the extractors drafted, kept apart from the curated records: statements and proposed entities."""

    statements: list[Statement] = dataclasses.field(default_factory=list)
    entities: dict[str, Entity] = dataclasses.field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.statements or self.entities)


@dataclass
class BuiltGraph:
    """The quads of a build, as pyoxigraph quads and as the rdflib terms they were made from."""

    quads: list[ox.Quad] = dataclasses.field(default_factory=list)
    rdflib_quads: list[tuple] = dataclasses.field(default_factory=list)

    def distinct(self) -> BuiltGraph:
        """The same quads, each once (a direct triple backed by two statements is added twice)."""
        seen: dict[tuple, int] = {}
        for index, key in enumerate(self.rdflib_quads):
            seen.setdefault(key, index)
        keep = sorted(seen.values())
        return BuiltGraph([self.quads[i] for i in keep], [self.rdflib_quads[i] for i in keep])

    def dataset(self, prefixes: dict[str, str]) -> Dataset:
        """The quads as an rdflib Dataset, for code that expects rdflib."""
        dataset = Dataset()
        for prefix, namespace in prefixes.items():
            dataset.bind(prefix, namespace, replace=True)
        graphs = {name: dataset.graph(name) for name in {q[3] for q in self.rdflib_quads}}
        dataset.addN((s, p, o, graphs[g]) for s, p, o, g in self.rdflib_quads)
        return dataset

    def union(self, prefixes: dict[str, str]) -> Graph:
        """Every triple of every named graph in one rdflib Graph."""
        graph = Graph()
        for prefix, namespace in prefixes.items():
            graph.bind(prefix, namespace, replace=True)
        graph.addN((s, p, o, graph) for s, p, o, _ in self.rdflib_quads)
        return graph


class QuadSink:
    """Collects the triples of one named graph as rdflib terms; the builder functions turn them into pyoxigraph
    quads in one pass when they return (`_convert`)."""

    def __init__(self, built: BuiltGraph, graph: URIRef):
        self._append, self._name = built.rdflib_quads.append, graph

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        self._append((s, p, o, self._name))


def _convert(built: BuiltGraph) -> BuiltGraph:
    """The pyoxigraph quads of the rdflib quads added since the last call (an IRI converted once)."""
    iris: dict[URIRef, ox.NamedNode] = {}

    def term(node):
        if type(node) is URIRef:
            converted = iris.get(node)
            if converted is None:
                converted = iris[node] = ox.NamedNode(node)
            return converted
        return to_ox(node)

    new = built.rdflib_quads[len(built.quads) :]
    built.quads.extend(ox.Quad(term(s), term(p), term(o), term(g)) for s, p, o, g in new)
    return built


def to_ox(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the pyoxigraph term with the same N-Triples form."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def from_ox(term) -> URIRef | BNode | Literal:
    """A pyoxigraph term as the rdflib term graph building makes for it (xsd:string literals plain)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def build_quads(
    config: DatasetConfig,
    ontology: Ontology,
    catalogue: dict[str, Entity],
    statements: list[Statement],
    documents: dict[str, Document],
    drafts: Drafts | None = None,
) -> BuiltGraph:
    """Turn curated records into quads in three named graphs (ontology, data and provenance), and drafts, if
    any, into the drafts graph."""
    built = context_quads(config, ontology, catalogue, documents, BuiltGraph())
    labels = {e.id: e.label for e in catalogue.values()}
    statement_quads(config.base, ontology, labels, statements, built)
    if drafts:
        iris = Iris(config.base)
        _add_drafts(QuadSink(built, iris.graph(DRAFTS_GRAPH)), iris, ontology, drafts, labels)
    return _convert(built).distinct()


def context_quads(
    config: DatasetConfig,
    ontology: Ontology,
    catalogue: dict[str, Entity],
    documents: dict[str, Document],
    built: BuiltGraph | None = None,
) -> BuiltGraph:
    """The quads every statement builds on: the ontology, the entities, the sources and their sections."""
    iris = Iris(config.base)
    built = built if built is not None else BuiltGraph()
    ontology_graph = QuadSink(built, iris.graph("ontology"))
    for triple in ontology.graph:
        ontology_graph.add(triple)
    data = QuadSink(built, iris.graph("data"))
    provenance = QuadSink(built, iris.graph("provenance"))
    for entity in catalogue.values():
        _add_entity(data, iris, entity)
    for source in config.sources:
        _add_source(provenance, iris, source, documents[source.id])
    return _convert(built)


def statement_quads(
    base: str,
    ontology: Ontology,
    labels: dict[str, str],
    statements: list[Statement],
    built: BuiltGraph | None = None,
) -> BuiltGraph:
    """The quads of statements (their nodes, direct triples and evidence); `labels`: entity labels by id.
    The quads of one statement depend on nothing but it, the ontology and the labels."""
    iris = Iris(base)
    built = built if built is not None else BuiltGraph()
    data = QuadSink(built, iris.graph("data"))
    provenance = QuadSink(built, iris.graph("provenance"))
    for statement in statements:
        relation = ontology.relations[statement.relation]
        _add_statement(data, provenance, iris, statement, relation.iri, relation.label, labels)
    return _convert(built)


def _add_drafts(graph: QuadSink, iris: Iris, ontology: Ontology, drafts: Drafts, labels: dict[str, str]) -> None:
    for entity in drafts.entities.values():
        node = iris.entity(entity.id)
        graph.add((node, RDF.type, KG[PROPOSED_CLASS]))
        for type_name in entity.types:
            graph.add((node, KG.proposedType, KG[type_name]))
        _add_names(graph, node, entity)
    labels = labels | {e.id: e.label for e in drafts.entities.values()}
    for statement in drafts.statements:
        relation = ontology.relations[statement.relation]
        _add_statement(graph, graph, iris, statement, relation.iri, relation.label, labels)


def build_dataset(
    config: DatasetConfig,
    ontology: Ontology,
    catalogue: dict[str, Entity],
    statements: list[Statement],
    documents: dict[str, Document],
) -> Dataset:
    """Turn curated records into an rdflib Dataset with one named graph per layer."""
    built = build_quads(config, ontology, catalogue, statements, documents)
    return built.dataset(Iris(config.base).prefixes())


def _add_entity(graph: QuadSink, iris: Iris, entity: Entity) -> None:
    node = iris.entity(entity.id)
    for type_name in entity.types:
        graph.add((node, RDF.type, KG[type_name]))
    _add_names(graph, node, entity)
    if entity.wikidata:
        graph.add((node, SKOS.exactMatch, WD[entity.wikidata]))


def _add_names(graph: QuadSink, node: URIRef, entity: Entity) -> None:
    """An entity's label, description and aliases: the same for a curated entity and a proposed one."""
    graph.add((node, RDFS.label, Literal(entity.label, lang="en")))
    graph.add((node, SCHEMA.description, Literal(entity.description, lang="en")))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))


def _add_source(graph: QuadSink, iris: Iris, info: SourceInfo, document: Document) -> None:
    source_id = info.id
    node = iris.source(source_id)
    graph.add((node, RDF.type, KG.SourceDocument))
    graph.add((node, DCTERMS.title, Literal(info.title, lang="en")))
    graph.add((node, DCTERMS.publisher, Literal(info.publisher)))
    graph.add((node, DCTERMS.creator, Literal(info.creator)))
    graph.add((node, DCTERMS.license, URIRef(info.license)))
    graph.add((node, SCHEMA.creditText, Literal(info.attribution, lang="en")))
    graph.add((node, SCHEMA.characterCount, Literal(len(document.text), datatype=XSD.integer)))
    for section in document.sections:
        section_node = iris.section(source_id, section.slug)
        graph.add((section_node, RDF.type, KG.Section))
        graph.add((section_node, RDFS.label, Literal(section.title, lang="en")))
        graph.add((section_node, KG.sectionPath, Literal(section.label)))
        graph.add((section_node, DCTERMS.isPartOf, node))


def _add_statement(
    data: QuadSink,
    provenance: QuadSink,
    iris: Iris,
    statement: Statement,
    predicate: URIRef,
    relation_label: str,
    labels: dict[str, str],
) -> None:
    node = iris.statement(statement.id)
    subject, obj = iris.entity(statement.subject), iris.entity(statement.object)
    if statement.status == "asserted" and statement.origin == "curated":
        data.add((subject, predicate, obj))
    label = f"{labels[statement.subject]} {relation_label} {labels[statement.object]}"
    data.add((node, RDF.type, KG.Statement))
    data.add((node, RDFS.label, Literal(label, lang="en")))
    data.add((node, RDF.subject, subject))
    data.add((node, RDF.predicate, predicate))
    data.add((node, RDF.object, obj))
    data.add((node, KG.status, KG[statement.status.capitalize()]))
    for field, prop in (("according_to", KG.accordingTo), ("denied_by", KG.deniedBy), ("disputed_by", KG.disputedBy)):
        for entity_id in getattr(statement, field):
            data.add((node, prop, iris.entity(entity_id)))
    if statement.role:
        data.add((node, KG.role, KG[statement.role.capitalize()]))
    if statement.on_behalf_of:
        data.add((node, KG.onBehalfOf, iris.entity(statement.on_behalf_of)))
    for field, (value_prop, precision_prop) in _TIME_PROPERTIES.items():
        time: TimeValue | None = getattr(statement, field)
        if time is not None:
            data.add((node, value_prop, Literal(time.text, datatype=_DATATYPE[time.precision])))
            data.add((node, precision_prop, _PRECISION[time.precision]))
    for index, quantity in enumerate(statement.quantities, 1):
        quantity_node = iris.quantity(statement.id, index)
        data.add((node, KG.quantity, quantity_node))
        _add_quantity(data, quantity_node, quantity)
    if statement.note:
        data.add((node, KG.note, Literal(statement.note)))

    evidence = statement.evidence
    evidence_node = iris.evidence(statement.id)
    quote_selector = iris.selector(statement.id, "quote")
    position_selector = iris.selector(statement.id, "position")
    source = iris.source(evidence.source_id)
    provenance.add((node, KG.origin, Literal(statement.origin)))
    if statement.confirmed_by:
        provenance.add((node, KG.confirmedBy, iris.statement(statement.confirmed_by)))
    if statement.confidence is not None:
        provenance.add(
            (node, KG.confidence, Literal(_decimal(Decimal(str(statement.confidence))), datatype=XSD.decimal))
        )
    provenance.add((node, PROV.wasDerivedFrom, source))
    provenance.add((node, KG.evidence, evidence_node))
    provenance.add((evidence_node, RDF.type, KG.Evidence))
    provenance.add((evidence_node, OA.hasSource, source))
    provenance.add((evidence_node, KG.inSection, iris.section(evidence.source_id, evidence.section.slug)))
    provenance.add((evidence_node, OA.hasSelector, quote_selector))
    provenance.add((evidence_node, OA.hasSelector, position_selector))
    provenance.add((quote_selector, RDF.type, OA.TextQuoteSelector))
    provenance.add((quote_selector, OA.exact, Literal(evidence.quote)))
    provenance.add((position_selector, RDF.type, OA.TextPositionSelector))
    provenance.add((position_selector, OA.start, Literal(evidence.start, datatype=XSD.nonNegativeInteger)))
    provenance.add((position_selector, OA.end, Literal(evidence.end, datatype=XSD.nonNegativeInteger)))


def _add_quantity(graph: QuadSink, node: URIRef, quantity: Quantity) -> None:
    graph.add((node, RDF.type, KG.Quantity))
    if quantity.kind == "money":
        graph.add((node, RDF.type, SCHEMA.MonetaryAmount))
    graph.add((node, KG.quantityKind, KG[quantity.kind.capitalize()]))
    datatype = XSD.integer if quantity.kind == "count" else XSD.decimal
    for field, prop in (("value", SCHEMA.value), ("min", SCHEMA.minValue), ("max", SCHEMA.maxValue)):
        number = getattr(quantity, field)
        if number is not None:
            lexical = str(number) if datatype == XSD.integer else _decimal(number)
            graph.add((node, prop, Literal(lexical, datatype=datatype)))
    if quantity.unit:
        graph.add((node, SCHEMA.unitText, Literal(quantity.unit)))
    if quantity.currency:
        graph.add((node, SCHEMA.currency, Literal(quantity.currency)))
    if quantity.measures:
        graph.add((node, KG.measures, Literal(quantity.measures)))
    graph.add((node, KG.approximate, Literal(quantity.approximate)))
    if quantity.casualty:
        graph.add((node, KG.casualtyType, KG[quantity.casualty.capitalize()]))
    if quantity.group:
        graph.add((node, KG.personGroup, KG[quantity.group.capitalize()]))


def _decimal(number) -> str:
    text = format(number, "f")
    return text if "." in text else text + ".0"
