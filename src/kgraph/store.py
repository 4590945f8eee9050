"""An rdflib graph in an in-memory Oxigraph store, and terms converted between the two."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

XSD = "http://www.w3.org/2001/XMLSchema#"


def oxigraph_store(graph: Graph | Dataset) -> ox.Store:
    """Copy an rdflib graph, or a dataset with its named graphs, into a new Oxigraph store."""
    store = ox.Store()
    if isinstance(graph, Dataset):
        store.bulk_load(graph.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    else:
        store.bulk_load(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal:
    """An rdflib IRI or literal as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD + "string")))
    raise TypeError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


def plain(term: Any) -> Any:
    """A pyoxigraph term as plain Python: IRIs and text as str, numbers and booleans as such, None if unbound."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.removeprefix(XSD)
        if datatype in {"integer", "int", "long", "nonNegativeInteger"}:
            return int(term.value)
        if datatype == "decimal":
            return Decimal(term.value)
        if datatype in {"double", "float"}:
            return float(term.value)
        if datatype == "boolean":
            return term.value in {"true", "1"}
        if datatype == "date":
            return dt.date.fromisoformat(term.value)
        return term.value
    return str(term)
