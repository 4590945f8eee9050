"""Namespaces, prefixes and the one place where kgraph mints IRIs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from kgraph.errors import UsageError

# The text quote(text, safe="-._~") leaves as it is (checked first: most ids are plain, and quote is slow).
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")

KG = Namespace("https://kgraph.example.org/ontology#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
VOID = Namespace("http://rdfs.org/ns/void#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")


class Terms:
    """The terms of a namespace, each made once: rdflib makes a new URIRef on every attribute of a namespace
    (a microsecond or two), and graph building asks for the same few dozen terms thousands of times."""

    def __init__(self, namespace: Namespace | type) -> None:
        self._namespace = namespace
        self._made: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = self[name]
        setattr(self, name, term)  # found without calling __getattr__ from now on
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._made.get(name)
        if term is None:
            term = self._made[name] = self._namespace[name]
        return term

    def __str__(self) -> str:
        return str(self._namespace)


@dataclass(frozen=True)
class Iris:
    """Mints the IRIs of one dataset under its base."""

    base: str

    def __post_init__(self) -> None:
        if not self.base.startswith(("http://", "https://")) or not self.base.endswith(("/", "#")):
            raise UsageError(f"base IRI must be http(s) and end with '/' or '#': {self.base!r}")

    def _mint(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(p if _UNQUOTED.fullmatch(p) else quote(p, safe="-._~") for p in parts))

    @property
    def namespace(self) -> Namespace:
        return Namespace(self.base + "entity/")

    def entity(self, entity_id: str) -> URIRef:
        return self._mint("entity", entity_id)

    def statement(self, statement_id: str) -> URIRef:
        return self._mint("statement", statement_id)

    def quantity(self, statement_id: str, index: int) -> URIRef:
        return self._mint("statement", statement_id, "quantity", str(index))

    def evidence(self, statement_id: str) -> URIRef:
        return self._mint("statement", statement_id, "evidence")

    def selector(self, statement_id: str, kind: str) -> URIRef:
        return self._mint("statement", statement_id, "evidence", kind)

    def source(self, source_id: str) -> URIRef:
        return self._mint("source", source_id)

    def section(self, source_id: str, slug: str) -> URIRef:
        return self._mint("source", source_id, "section", slug)

    def graph(self, name: str) -> URIRef:
        return self._mint("graph", name)

    def dataset(self) -> URIRef:
        return self._mint("dataset")

    def distribution(self, file_name: str) -> URIRef:
        return self._mint("dataset", "distribution", file_name)

    def partition(self, kind: str, term: str) -> URIRef:
        """A VoID class or property partition, named by a digest of the term it counts."""
        return self._mint("dataset", kind, hashlib.sha1(term.encode("utf-8")).hexdigest()[:16])

    def prefixes(self) -> dict[str, str]:
        """The prefixes every export and query declares."""
        return {**PREFIXES, "kgr": str(self.namespace), "kgs": self.base + "statement/"}


PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "org": str(ORG),
    "sem": str(SEM),
    "sh": str(SH),
    "void": str(VOID),
    "wd": str(WD),
    "wdt": str(WDT),
}
