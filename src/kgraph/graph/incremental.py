"""A build made of cached parts: the per-source units (kgraph.graph.units) are looked up in the build cache
by content hash and only the missing ones run (in a pool or on Dask); the global steps then join them: the
shared part of the graph, the checks that span units, the shared nodes' validation, the merge of the sorted
serialisations and the counts. The output is byte for byte what serialising the whole graph at once gives.

A unit's key is the SHA-256 of: kgraph's code, the ontology, shapes and checks, the base IRI, the catalogue
(every entity), the sources' descriptions, the statement file's path and bytes, and
the path and text of each source its statements quote. Which sources a file quotes is known only once it
is read, so it is cached too, under the key without the sources; the unit's key adds their digests.

Only curated statement files are units: a dataset that drafts a source (`extract: true`) is built whole by
kgraph.pipeline, because its drafts graph is validated with the proposed entities as they would be accepted.
"""

from __future__ import annotations

import hashlib
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kgraph.catalogue import Entity, read_catalogue
from kgraph.description import Counts, count_quads
from kgraph.errors import InputError, Problem
from kgraph.graph import rdfwrite, shacl_sparql
from kgraph.graph.build_cache import CACHE_FOLDER, BuildCache, code_digest, digest
from kgraph.graph.executors import run_tasks
from kgraph.graph.units import (
    UnitContext,
    UnitResult,
    UnitTask,
    add_counts,
    read_nquads,
    run_unit,
    subtract_counts,
    term_key,
)
from kgraph.graph_builder import GRAPHS, BuiltGraph, context_quads, from_ox
from kgraph.namespaces import Iris
from kgraph.ontology import Ontology
from kgraph.project import DatasetConfig, Project, read_dataset_config
from kgraph.source import Document, read_document
from kgraph.statements import Statement
from kgraph.validation import Violation, part_violations, read_checks


class Steps(Protocol):
    def step(self, message: str) -> AbstractContextManager[None]: ...

    def note(self, message: str) -> None: ...


@dataclass(frozen=True)
class BuildOptions:
    """How a build runs (never what it makes): the cache, the processes, a Dask scheduler."""

    cache: bool = False
    jobs: int = 1
    scheduler: str | None = None


@dataclass
class PartsBuild:
    """What a build from parts made: the records, the serialisations, the counts and the violations."""

    config: DatasetConfig
    ontology: Ontology
    documents: dict[str, Document]
    catalogue: dict[str, Entity]
    statements: list[Statement]
    texts: dict[str, str]  # format name -> serialisation
    counts: Counts
    violations: list[Violation]
    untranslated: bool  # shapes the SPARQL translation lacks: the caller validates the whole graph


class LoadedGraph:
    """The build's quads, read back from its TriG on first use (a build from parts never holds them all)."""

    def __init__(self, trig: str):
        self._trig = trig

    @cached_property
    def quads(self) -> list[ox.Quad]:
        return list(ox.parse(self._trig.encode("utf-8"), format=ox.RdfFormat.TRIG))

    @cached_property
    def _built(self) -> BuiltGraph:
        return BuiltGraph(
            self.quads,
            [tuple(from_ox(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in self.quads],
        )

    def dataset(self, prefixes: dict[str, str]):
        return self._built.dataset(prefixes)

    def union(self, prefixes: dict[str, str]):
        return self._built.union(prefixes)


def cache_folder(output: Path) -> Path:
    """Where the cache of a build written to `output` lives: beside it (the project's root for build/)."""
    return output.absolute().parent / CACHE_FOLDER


def build_from_parts(
    project: Project, base: str | None, progress: Steps, options: BuildOptions, cache_dir: Path | None
) -> PartsBuild:
    """Read, check, build, validate and serialise the project, reusing every unit cached in `cache_dir`."""
    cache = BuildCache(cache_dir if options.cache else None)
    project.check()
    with progress.step("reading dataset, ontology and sources"):
        config = read_dataset_config(project.dataset_file, base)
        ontology_bytes = b"\n".join(path.read_bytes() for path in project.ontology_files)
        ontology = project.read_ontology()
        documents = {s.id: read_document(s.path) for s in config.sources}
        sources = {i: digest(str(d.path), d.text) for i, d in documents.items()}
    with progress.step(f"reading entities from {len(config.entity_files)} files"):
        catalogue = _catalogue(config, ontology, ontology_bytes, cache)
    shapes = project.shapes_file.read_bytes()
    checks = read_checks(project.checks_dir) if project.checks_dir.is_dir() else []
    queries, untranslated = shacl_sparql.translate(_shapes_graph(project.shapes_file))
    single = config.sources[0].id if len(config.sources) == 1 else ""
    build_key = digest(
        code_digest(), ontology_bytes, shapes, *[f"{c.name}\n{c.text}" for c in checks], config.base, single,
        repr(sorted(catalogue.items())), repr(config.sources),
    )  # fmt: skip
    shared_key = digest(build_key, *sources.values())
    shared_part = _shared_part(config, ontology, catalogue, documents, shared_key, cache)
    context = _context(config, ontology, catalogue, catalogue, documents, shared_part.quads, queries, checks)
    files = config.statement_files
    with progress.step(f"reading statements from {len(files)} files and checking quotes, building and validating"):
        results, made = _run_units(files, build_key, sources, context, cache, options)
        statements = _checked_statements(files, results)
        _check_disjoint(results, context.shared_keys)
    if cache.enabled:
        progress.note(f"{len(files) - made} of {len(files)} statement files' results taken from the cache")
    with progress.step("validating the shared nodes against the SHACL shapes and SPARQL checks"):
        direct = list(dict.fromkeys(read_nquads([r.shared for r in results])))
        touched = {str(q.subject) for q in direct}
        shared_quads = list(dict.fromkeys(shared_part.quads + direct))
        violations = [v for r in results for v in r.violations]
        if not untranslated:
            links = read_nquads([r.links for r in results])
            violations += part_violations(
                shared_quads + links, queries, checks, lambda focus: focus in context.shared_keys
            )
    with progress.step("serialising by merging the sources' sorted parts"):
        # The shared part's serialisations are cached; only its subjects the units add triples to are redone.
        untouched = rdfwrite.without(shared_part.chunk, touched, context.prefixes)
        redone_chunk, redone_counts, touched_counts = _redone(shared_part.quads, direct, context, shared_key, cache)
        chunks = [untouched, redone_chunk] + [r.chunk for r in results if r.chunk]
        texts = rdfwrite.merge(chunks, context.prefixes)
        rest = subtract_counts(shared_part.counts, touched_counts)
        counts = add_counts([rest, redone_counts] + [r.counts for r in results if r.counts], context.graph_names)
    cache.prune()
    return PartsBuild(config, ontology, documents, catalogue, statements, texts, counts, violations, bool(untranslated))


@dataclass
class SharedPart:
    """The quads every unit builds on (ontology, entities, sources), with their serialisations and counts."""

    quads: list[ox.Quad]
    chunk: rdfwrite.Chunk
    counts: Counts


def _shared_part(config, ontology, catalogue, documents, key: str, cache: BuildCache) -> SharedPart:
    cached = cache.get("shared", key)
    if cached is not None:
        nquads, chunk, counts = cached
        return SharedPart(list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)), chunk, counts)
    quads = list(dict.fromkeys(context_quads(config, ontology, catalogue, documents).quads))
    iris = Iris(config.base)
    part = SharedPart(
        quads,
        rdfwrite.chunk(quads, iris.prefixes()),
        count_quads(quads, {str(iris.graph(name)): name for name in GRAPHS}),
    )
    cache.put("shared", key, (ox.serialize(quads, format=ox.RdfFormat.N_QUADS), part.chunk, part.counts))
    return part


def _redone(
    shared: list[ox.Quad], direct: list[ox.Quad], context: UnitContext, key: str, cache: BuildCache
) -> tuple[rdfwrite.Chunk, Counts, Counts]:
    """The serialisations and counts of the shared subjects the units add triples to, and the counts of those
    subjects' shared quads alone. The last build's are cached with a digest of each subject's quads; only the
    subjects whose quads differ are serialised and counted again."""
    by_subject: dict[str, list[ox.Quad]] = {}
    for quad in direct:
        by_subject.setdefault(str(quad.subject), []).append(quad)
    own: dict[str, list[ox.Quad]] = {}
    for quad in shared:
        subject = str(quad.subject)
        if subject in by_subject:
            own.setdefault(subject, []).append(quad)
    digests = {}
    for subject, found in by_subject.items():
        found[:0] = own.get(subject, [])
        by_subject[subject] = list(dict.fromkeys(found))
        digests[subject] = digest("\n".join(sorted(map(str, by_subject[subject]))))
    previous = cache.get("redone", key)
    known, chunk, counted = previous if previous is not None else ({}, None, {})
    changed = {s for s, d in digests.items() if known.get(s) != d} | (known.keys() - digests.keys())
    fresh = [q for s in sorted(changed & digests.keys()) for q in by_subject[s]]
    if chunk is None:
        made = rdfwrite.chunk(fresh, context.prefixes)
    else:
        made = rdfwrite.joined(
            [rdfwrite.without(chunk, changed, context.prefixes), rdfwrite.chunk(fresh, context.prefixes)]
        )
    names = context.graph_names
    counts = {s: counted[s] for s in digests if s not in changed}
    for subject in changed & digests.keys():
        counts[subject] = (count_quads(by_subject[subject], names), count_quads(own.get(subject, []), names))
    cache.put("redone", key, (digests, made, counts))
    return made, add_counts([c for c, _ in counts.values()], names), add_counts([c for _, c in counts.values()], names)


def _shapes_graph(path: Path):
    from rdflib import Graph

    return Graph().parse(path, format="turtle")


def _catalogue(
    config: DatasetConfig, ontology: Ontology, ontology_bytes: bytes, cache: BuildCache
) -> dict[str, Entity]:
    parts: list[bytes | str] = [code_digest(), ontology_bytes]
    for path in config.entity_files:
        parts += [str(path), path.read_bytes()]
    key = digest(*parts)
    catalogue = cache.get("catalogue", key)
    if catalogue is None:
        catalogue = read_catalogue(list(config.entity_files), ontology)
        cache.put("catalogue", key, catalogue)
    return catalogue


def _context(config, ontology, curated, catalogue, documents, shared_quads, queries, checks) -> UnitContext:
    iris = Iris(config.base)
    ontology_graph = str(iris.graph("ontology"))
    shared: dict[str, list[ox.Quad]] = {}
    ontology_quads = []
    for quad in shared_quads:
        if quad.graph_name.value == ontology_graph:
            ontology_quads.append(quad)
        else:
            shared.setdefault(term_key(quad.subject), []).append(quad)
    keys = frozenset(shared) | {term_key(q.subject) for q in ontology_quads}
    return UnitContext(
        base=config.base,
        ontology=ontology,
        catalogue=curated,
        labels={e.id: e.label for e in catalogue.values()},
        documents=documents,
        shared=shared,
        ontology_quads=ontology_quads,
        shared_keys=keys,
        shapes=queries,
        checks=checks,
        prefixes=iris.prefixes(),
        graph_names={str(iris.graph(name)): name for name in GRAPHS},
    )


def _run_units(
    files: tuple[Path, ...],
    build_key: str,
    sources: dict[str, str],
    context: UnitContext,
    cache: BuildCache,
    options: BuildOptions,
) -> tuple[list[UnitResult], int]:
    """Every statement file's result, from the cache where it holds one, else made (in parallel); and how many
    were made."""
    found: dict[int, UnitResult] = {}
    tasks, keys = [], []
    for index, path in enumerate(files):
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        file_key = digest(build_key, "statement file", str(path), sha)
        cited = cache.get("cited", file_key)
        if cited is not None and all(c in sources for c in cited):
            result = cache.get("unit", _unit_key(file_key, cited, sources))
            if result is not None:
                found[index] = result
                continue
        tasks.append(UnitTask(str(path), path, sha))
        keys.append((index, file_key))
    made = run_tasks(run_unit, tasks, context, options.jobs, options.scheduler)
    for (index, file_key), result in zip(keys, made, strict=True):
        found[index] = result
        if not result.problems and all(c in sources for c in result.cited):
            cache.put("cited", file_key, result.cited)
            cache.put("unit", _unit_key(file_key, result.cited, sources), result)
    return [found[i] for i in range(len(files))], len(tasks)


def _unit_key(file_key: str, cited: list[str], sources: dict[str, str]) -> str:
    return digest(file_key, *[f"{source}={sources[source]}" for source in cited])


def _checked_statements(files: tuple[Path, ...], results: list[UnitResult]) -> list[Statement]:
    """Every unit's statements, each id once; raise InputError with every unit's problems and duplicates."""
    problems: list[Problem] = []
    first: dict[str, Statement] = {}
    for path, result in zip(files, results, strict=True):
        problems += result.problems
        for statement in result.statements:
            if statement.id in first:
                earlier = first[statement.id]
                message = f"duplicate id; first defined at {earlier.path}:{earlier.line}"
                problems.append(Problem(path, f"statement {statement.id!r}", message, statement.line))
                continue
            first[statement.id] = statement
    if problems:
        raise InputError(problems)
    return sorted(first.values(), key=lambda s: s.id)


def _check_disjoint(results: list[UnitResult], shared_keys: frozenset[str]) -> None:
    """The parts must not share a subject (the merge relies on it); a failure here is a bug in kgraph."""
    seen: set[str] = set()
    for result in results:
        subjects = set(result.subjects)
        if subjects & seen or subjects & shared_keys:
            clash = sorted((subjects & seen) | (subjects & shared_keys))[:3]
            raise RuntimeError(f"two parts of the build make triples about the same subjects: {clash}")
        seen |= subjects
