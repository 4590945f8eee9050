"""The pipeline: source parsing → curation → graph building → validation → export.

Each stage is its own module and takes plain values; only this module chains them.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from rdflib import Dataset, Graph

from kgraph.catalogue import Entity, read_catalogue
from kgraph.description import describe
from kgraph.export import FILE_NAMES, FORMATS, MEDIA_TYPES, jsonld_context, serialize, write_directory_atomically
from kgraph.extraction import apply_review, extract, read_review
from kgraph.graph_builder import GRAPHS, build_dataset
from kgraph.namespaces import Iris
from kgraph.network import statement_network
from kgraph.ontology import Ontology
from kgraph.project import DatasetConfig, Project, read_dataset_config
from kgraph.source import Document, read_document
from kgraph.statements import Statement, read_statements
from kgraph.validation import ValidationReport, union_graph, validate_graph
from kgraph.viz import render_page

VOID_FILE = "void.ttl"
CONTEXT_FILE = "context.jsonld"
GRAPH_PAGE = "graph.html"


class Progress:
    """Prints each step and its duration to a stream (stderr by default), or nothing."""

    def __init__(self, stream: TextIO | None = sys.stderr):
        self.stream = stream

    def note(self, message: str) -> None:
        if self.stream:
            print(f"  {message}", file=self.stream, flush=True)

    @contextmanager
    def step(self, message: str) -> Iterator[None]:
        started = time.perf_counter()
        if self.stream:
            print(f"{message}…", end="", file=self.stream, flush=True)
        try:
            yield
        except BaseException:
            if self.stream:
                print(" failed", file=self.stream, flush=True)
            raise
        if self.stream:
            print(f" done ({time.perf_counter() - started:.1f}s)", file=self.stream, flush=True)


@dataclass
class Build:
    """Everything one build produced, in memory."""

    config: DatasetConfig
    ontology: Ontology
    documents: dict[str, Document]
    catalogue: dict[str, Entity]
    statements: list[Statement]
    dataset: Dataset

    @property
    def iris(self) -> Iris:
        return Iris(self.config.base)

    @property
    def union(self) -> Graph:
        return union_graph(self.dataset)


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
        dataset = build_dataset(config, ontology, catalogue, statements, documents)
    return Build(config, ontology, documents, catalogue, statements, dataset)


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
        return validate_graph(build.union, project.shapes_file, project.checks_dir)


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
    project: Project, output: Path | None = None, base: str | None = None, progress: Progress | None = None
) -> Build:
    """The whole pipeline: check, validate and write every output into `output` (default build/) atomically."""
    progress = progress or Progress(None)
    build = checked_build(project, base, progress)
    files = render(build, progress)
    output = output or project.build_dir
    with progress.step(f"writing {len(files)} files to {output}"):
        write_directory_atomically(output, files)
    return build


def render(build: Build, progress: Progress | None = None) -> dict[str, bytes]:
    """Every output file of the build, by file name."""
    progress = progress or Progress(None)
    prefixes = build.iris.prefixes()
    union = build.union
    files = {}
    with progress.step(f"serialising {len(union)} triples as {', '.join(FORMATS)}"):
        for fmt in FORMATS:
            files[FILE_NAMES[fmt]] = serialize(build.dataset, union, fmt, prefixes)
        named = {name: build.dataset.graph(build.iris.graph(name)) for name in GRAPHS}
        media = {FILE_NAMES[f]: MEDIA_TYPES[f] for f in FORMATS}
        description = describe(build.config, union, named, media, prefixes)
        files[VOID_FILE] = description.serialize(format="longturtle").encode("utf-8")
        context = json.dumps(jsonld_context(prefixes), indent=2, sort_keys=True) + "\n"
        files[CONTEXT_FILE] = context.encode("utf-8")
    with progress.step("drawing the network view"):
        network = statement_network(build.catalogue, build.statements, build.ontology)
        credit = "; ".join(s.attribution for s in build.config.sources)
        files[GRAPH_PAGE] = render_page(network, build.config.title, credit).encode("utf-8")
    return files
