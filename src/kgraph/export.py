"""Export: deterministic serialisations of the dataset, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kgraph.errors import UsageError
from kgraph.graph import rdfwrite
from kgraph.graph.layout import EXPORT_FILES

FORMATS = ("turtle", "nt", "jsonld", "trig")
FILE_NAMES = EXPORT_FILES
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "trig": "application/trig",
}


def jsonld_context(prefixes: Mapping[str, str]) -> dict:
    """The JSON-LD @context users can reuse: the project's prefixes."""
    return {"@context": dict(sorted(prefixes.items()))}


def serialize_quads(
    quads: list[ox.Quad], fmt: str, prefixes: Mapping[str, str], triples: list[rdfwrite.Triple] | None = None
) -> bytes:
    """One export of the build's quads as bytes, written by kgraph's own serialisers; same input, same bytes.
    `triples`: the distinct triples of the quads, if the caller has them already."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "trig":
        return rdfwrite.trig(quads, prefixes).encode("utf-8")
    triples = triples if triples is not None else list({(q.subject, q.predicate, q.object) for q in quads})
    writers = {"turtle": rdfwrite.turtle, "jsonld": rdfwrite.jsonld}
    text = rdfwrite.ntriples(triples) if fmt == "nt" else writers[fmt](triples, prefixes)
    return text.encode("utf-8")


def serialize(dataset: Dataset, union: Graph, fmt: str, prefixes: Mapping[str, str]) -> bytes:
    """One export of an rdflib dataset as bytes, through rdflib's serialisers; the same input gives the same bytes."""
    serializers: dict[str, Callable[[], str]] = {
        "turtle": lambda: union.serialize(format="longturtle"),
        "nt": lambda: _sorted_ntriples(union),
        "jsonld": lambda: _sorted_jsonld(union, prefixes),
        "trig": lambda: _sorted_trig(dataset, prefixes),
    }
    if fmt not in serializers:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return serializers[fmt]().encode("utf-8")


def _sorted_trig(dataset: Dataset, prefixes: Mapping[str, str]) -> str:
    """TriG with named graphs in IRI order, each written as sorted long-form Turtle."""
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
    blocks = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph):
            continue
        named = Graph()
        for prefix, namespace in prefixes.items():
            named.bind(prefix, namespace, replace=True)
        for triple in graph:
            named.add(triple)
        body = named.serialize(format="longturtle")
        lines = [line for line in body.splitlines() if not line.startswith("PREFIX ")]
        inner = "\n".join(f"    {line}" if line else "" for line in lines).strip("\n")
        blocks.append(f"<{graph.identifier}> {{\n{inner}\n}}\n")
    return header + "\n" + "\n".join(blocks)


def _sorted_ntriples(graph: Graph) -> str:
    lines = {line for line in graph.serialize(format="nt").splitlines() if line.strip()}
    return "".join(f"{line}\n" for line in sorted(lines))


def _sorted_jsonld(graph: Graph, prefixes: Mapping[str, str]) -> str:
    context = jsonld_context(prefixes)["@context"]
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = document.get("@graph", [document])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    nodes.sort(key=lambda n: n.get("@id", ""))
    return json.dumps({"@context": context, "@graph": nodes}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_file_atomically(path: Path, content: bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
