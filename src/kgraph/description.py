"""The dataset description: VoID and DCAT, with licence, source, counts, classes and properties."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from kgraph.namespaces import KG, SCHEMA, VOID, Iris
from kgraph.project import DatasetConfig

_RDF_TYPE = str(RDF.type)


@dataclass(frozen=True)
class Counts:
    """What the description counts: triples, distinct IRI subjects, instances per class, triples per property."""

    triples: int
    subjects: int
    classes: Counter
    properties: Counter
    graphs: dict[str, int]


def count_quads(quads: Iterable[ox.Quad], graph_names: dict[str, str], triples: Iterable | None = None) -> Counts:
    """Count the distinct triples of the union, and the triples of each named graph (`graph_names`: IRI -> name).
    The quads must be distinct; `triples`, their distinct triples, if the caller has them."""
    per_graph = Counter(graph_names[quad.graph_name.value] for quad in quads)
    union = set(triples) if triples is not None else {(q.subject, q.predicate, q.object) for q in quads}
    subjects = {s for s, _, _ in union if isinstance(s, ox.NamedNode)}
    classes = Counter(o.value for _, p, o in union if p.value == _RDF_TYPE and isinstance(o, ox.NamedNode))
    properties = Counter(p.value for _, p, _ in union)
    return Counts(len(union), len(subjects), classes, properties, {n: per_graph[n] for n in graph_names.values()})


def describe(
    config: DatasetConfig,
    counts: Counts,
    media_types: dict[str, str],
    prefixes: dict[str, str],
) -> Graph:
    """A VoID/DCAT description of the build: what it is, where it comes from, what it holds."""
    iris = Iris(config.base)
    graph = Graph()
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, replace=True)
    dataset = iris.dataset()
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(config.id)))
    graph.add((dataset, DCTERMS.title, Literal(config.title, lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(config.description, lang="en")))
    graph.add((dataset, DCTERMS.license, URIRef(config.license)))
    graph.add((dataset, VOID.uriSpace, Literal(config.base)))
    graph.add((dataset, VOID.vocabulary, URIRef(str(KG))))
    for source in config.sources:
        graph.add((dataset, DCTERMS.source, iris.source(source.id)))
        graph.add((iris.source(source.id), DCTERMS.title, Literal(source.title, lang="en")))
        graph.add((iris.source(source.id), DCTERMS.license, URIRef(source.license)))
        graph.add((iris.source(source.id), SCHEMA.creditText, Literal(source.attribution, lang="en")))
    _add_counts(graph, iris, counts)
    for name, size in counts.graphs.items():
        subset = iris.graph(name)
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, DCTERMS.title, Literal(f"{name} graph", lang="en")))
        graph.add((subset, VOID.triples, Literal(size, datatype=XSD.integer)))
    for file_name, media_type in media_types.items():
        distribution = iris.distribution(file_name)
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCAT.mediaType, Literal(media_type)))
        graph.add((distribution, DCTERMS.title, Literal(file_name)))
        graph.add((distribution, DCTERMS.license, URIRef(config.license)))
        graph.add((dataset, VOID.dataDump, distribution))
    return graph


def _add_counts(graph: Graph, iris: Iris, counts: Counts) -> None:
    dataset = iris.dataset()
    graph.add((dataset, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    graph.add((dataset, VOID.distinctSubjects, Literal(counts.subjects, datatype=XSD.integer)))
    for name, count in counts.classes.items():
        cls = URIRef(name)
        partition = iris.partition("class", cls)
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for name, count in counts.properties.items():
        prop = URIRef(name)
        partition = iris.partition("property", prop)
        graph.add((dataset, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, prop))
        graph.add((partition, VOID.triples, Literal(count, datatype=XSD.integer)))
