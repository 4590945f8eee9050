"""The dataset description: VoID and DCAT, with licence, source, counts, classes and properties."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from kgraph.namespaces import KG, SCHEMA, VOID, Iris
from kgraph.project import DatasetConfig


def describe(
    config: DatasetConfig,
    union: Graph,
    named_graphs: dict[str, Graph],
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
    _add_counts(graph, iris, union)
    for name, named in named_graphs.items():
        subset = iris.graph(name)
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, DCTERMS.title, Literal(f"{name} graph", lang="en")))
        graph.add((subset, VOID.triples, Literal(len(named), datatype=XSD.integer)))
    for file_name, media_type in media_types.items():
        distribution = iris.distribution(file_name)
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCAT.mediaType, Literal(media_type)))
        graph.add((distribution, DCTERMS.title, Literal(file_name)))
        graph.add((distribution, DCTERMS.license, URIRef(config.license)))
        graph.add((dataset, VOID.dataDump, distribution))
    return graph


def _add_counts(graph: Graph, iris: Iris, union: Graph) -> None:
    dataset = iris.dataset()
    subjects = {s for s in union.subjects() if isinstance(s, URIRef)}
    graph.add((dataset, VOID.triples, Literal(len(union), datatype=XSD.integer)))
    graph.add((dataset, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    classes = Counter(o for _, o in union.subject_objects(RDF.type) if isinstance(o, URIRef))
    for cls, count in classes.items():
        partition = iris.partition("class", cls)
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    properties = Counter(p for _, p, _ in union)
    for prop, count in properties.items():
        partition = iris.partition("property", prop)
        graph.add((dataset, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, prop))
        graph.add((partition, VOID.triples, Literal(count, datatype=XSD.integer)))
