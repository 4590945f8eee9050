"""The pipeline: source parsing → curation → graph building → validation → export.

Each stage is its own module and takes plain values; only this module chains them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kgraph.catalogue import Entity, read_catalogue
from kgraph.description import count_quads, describe
from kgraph.export import FORMATS, MEDIA_TYPES, jsonld_context, serialize_quads
from kgraph.extraction import apply_review, extract, read_review
from kgraph.graph.layout import CONTEXT_FILE, EXPORT_FILES, MANIFEST_FILE, VOID_FILE, input_digests, manifest_bytes
from kgraph.graph.swap import write_build
from kgraph.graph_builder import GRAPHS, BuiltGraph, build_quads
from kgraph.namespaces import Iris
from kgraph.ontology import Ontology
from kgraph.progress import Progress as Progress  # the class lives in its own module: the CLI imports it
from kgraph.project import DatasetConfig, Project, read_dataset_config
from kgraph.source import Document, read_document
from kgraph.statements import Statement, read_statements
from kgraph.validation import ValidationReport, validate_quads

# Files the caller adds to a build after the core has made its outputs (the network page, for instance).
Publisher = Callable[["Build"], Mapping[str, bytes]]


@dataclass
class Build:
    """Everything one build produced, in memory."""

    config: DatasetConfig
    ontology: Ontology
    documents: dict[str, Document]
    catalogue: dict[str, Entity]
    statements: list[Statement]
    graph: BuiltGraph = field(repr=False)

    @property
    def iris(self) -> Iris:
        return Iris(self.config.base)

    @property
    def quads(self) -> list[ox.Quad]:
        return self.graph.quads

    @cached_property
    def store(self) -> ox.Store:
        """The quads in an in-memory Oxigraph store (named graphs kept)."""
        store = ox.Store()
        store.bulk_extend(self.graph.quads)
        return store

    @cached_property
    def dataset(self) -> Dataset:
        """The build as an rdflib Dataset (made on first use: the pipeline itself does not need it)."""
        return self.graph.dataset(self.iris.prefixes())

    @cached_property
    def union(self) -> Graph:
        """Every triple in one rdflib Graph (made once, on first use)."""
        return self.graph.union(self.iris.prefixes())

    @cached_property
    def triples(self) -> list[tuple]:
        """The distinct triples of all named graphs (pyoxigraph terms), made once."""
        return list({(q.subject, q.predicate, q.object) for q in self.graph.quads})

    @property
    def triple_count(self) -> int:
        return len(self.triples)


def assemble(project: Project, base: str | None = None, progress: Progress | None = None) -> Build:
    """Read, check and build the graph in memory; raise InputError on bad input."""
    progress = progress or Progress(None)
    project.check()
    with progress.step("reading dataset, ontology and sources"):
        config = read_dataset_config(project.dataset_file, base)
        ontology = Ontology.read(project.ontology_file)
        documents = {s.id: read_document(s.path) for s in config.sources}
    with progress.step(f"reading entities from {len(config.entity_files)} files"):
        catalogue = read_catalogue(list(config.entity_files), ontology)
    with progress.step(f"reading statements from {len(config.statement_files)} files and checking quotes"):
        statements = read_statements(list(config.statement_files), ontology, catalogue, documents)
    drafting = [s for s in config.sources if s.extract]
    if drafting:
        with progress.step(f"extracting statements from {len(drafting)} source(s)"):
            extracted = []
            for source in drafting:
                extraction = extract(documents[source.id], source.id, catalogue, ontology)
                catalogue = {**{e.id: e for e in extraction.proposed_entities}, **catalogue}
                extracted += extraction.statements
            rejected = read_review(config.review_file) if config.review_file else set()
            statements = merge_extracted(statements, apply_review(extracted, rejected))
    with progress.step(f"building graph of {len(catalogue)} entities and {len(statements)} statements"):
        built = build_quads(config, ontology, catalogue, statements, documents)
    return Build(config, ontology, documents, catalogue, statements, built)


def merge_extracted(curated: list[Statement], extracted: list[Statement]) -> list[Statement]:
    """Curated statements win: an extracted one that says the same is kept, marked as confirmed by it."""
    said = {(s.subject, s.relation, s.object): s.id for s in curated}
    taken = {s.id for s in curated}
    merged = list(curated)
    for statement in extracted:
        if statement.id in taken:
            continue
        merged.append(
            replace(statement, confirmed_by=said.get((statement.subject, statement.relation, statement.object)))
        )
        taken.add(statement.id)
    return sorted(merged, key=lambda s: s.id)


def check_shapes(project: Project, build: Build, progress: Progress | None = None) -> ValidationReport:
    """Validate the build against the SHACL shapes."""
    progress = progress or Progress(None)
    with progress.step("validating against the SHACL shapes and SPARQL checks"):
        return validate_quads(build.store, build.quads, lambda: build.union, project.shapes_file, project.checks_dir)


class ShapesError(Exception):
    """The built graph breaks the SHACL shapes or the SPARQL checks."""

    def __init__(self, report: ValidationReport):
        self.report = report
        shown = "\n".join(f"  {v}" for v in report.violations[:50])
        more = f"\n  … and {len(report.violations) - 50} more" if len(report.violations) > 50 else ""
        super().__init__(f"the graph breaks {len(report.violations)} SHACL or SPARQL-check rule(s):\n{shown}{more}")


def checked_build(project: Project, base: str | None = None, progress: Progress | None = None) -> Build:
    """Assemble the build and validate it; raise InputError or ShapesError when it is not sound."""
    build = assemble(project, base, progress)
    report = check_shapes(project, build, progress)
    if not report.conforms:
        raise ShapesError(report)
    return build


def build_project(
    project: Project,
    output: Path | None = None,
    base: str | None = None,
    progress: Progress | None = None,
    publish: Publisher | None = None,
) -> Build:
    """The whole pipeline: check, validate and write every output into `output` (default build/) in one step.

    `publish` adds files made from the build by a later stage (the network page); they are part of the
    same atomic swap and listed in the same manifest."""
    progress = progress or Progress(None)
    build = checked_build(project, base, progress)
    files = render(build, progress)
    if publish is not None:
        files.update(publish(build))
    write_outputs(project, build, files, output or project.build_dir, progress)
    return build


def write_outputs(
    project: Project, build: Build, files: Mapping[str, bytes], output: Path, progress: Progress | None = None
) -> None:
    """Write the files with their manifest (sizes, checksums, the inputs' digests) and swap them in as `output`."""
    progress = progress or Progress(None)
    files = dict(files)
    files[MANIFEST_FILE] = manifest_bytes(files, input_digests(project.root), {"base": build.config.base})
    with progress.step(f"writing {len(files)} files to {output}"):
        write_build(output, files)


def render(build: Build, progress: Progress | None = None) -> dict[str, bytes]:
    """Every RDF output file of the build, by file name."""
    progress = progress or Progress(None)
    prefixes = build.iris.prefixes()
    files = {}
    with progress.step(f"serialising {build.triple_count} triples as {', '.join(FORMATS)}"):
        for fmt in FORMATS:
            files[EXPORT_FILES[fmt]] = serialize_quads(build.quads, fmt, prefixes, build.triples)
        names = {str(build.iris.graph(name)): name for name in GRAPHS}
        media = {EXPORT_FILES[f]: MEDIA_TYPES[f] for f in FORMATS}
        description = describe(build.config, count_quads(build.quads, names, build.triples), media, prefixes)
        files[VOID_FILE] = description.serialize(format="longturtle").encode("utf-8")
        context = json.dumps(jsonld_context(prefixes), indent=2, sort_keys=True) + "\n"
        files[CONTEXT_FILE] = context.encode("utf-8")
    return files
