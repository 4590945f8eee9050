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
from kgraph.description import Counts, count_quads, describe
from kgraph.export import FORMATS, MEDIA_TYPES, jsonld_context, serialize_quads
from kgraph.extraction.drafting import draft_sources
from kgraph.extraction.review import review_warnings
from kgraph.gcpause import cyclic_gc_paused
from kgraph.graph.incremental import BuildOptions, LoadedGraph, build_from_parts, cache_folder
from kgraph.graph.layout import (
    CONTEXT_FILE,
    DRAFTS_GRAPH,
    EXPORT_FILES,
    MANIFEST_FILE,
    VOID_FILE,
    input_digests,
    manifest_bytes,
)
from kgraph.graph.swap import write_build
from kgraph.graph_builder import GRAPHS, BuiltGraph, Drafts, build_quads
from kgraph.namespaces import KG, Iris
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
    """Everything one build produced, in memory: the curated catalogue and statements, and the drafts apart."""

    config: DatasetConfig
    ontology: Ontology
    documents: dict[str, Document]
    catalogue: dict[str, Entity]
    statements: list[Statement]
    graph: BuiltGraph | LoadedGraph = field(repr=False)
    drafts: Drafts = field(default_factory=Drafts)
    counted_triples: int | None = field(default=None, repr=False)  # known without the quads (a build from parts)

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
        """The distinct triples of the curated graph (every named graph but the drafts), made once: the single-graph
        exports (Turtle, N-Triples, JSON-LD) hold these; TriG holds the drafts graph too."""
        drafts = str(self.iris.graph(DRAFTS_GRAPH))
        return list({(q.subject, q.predicate, q.object) for q in self.graph.quads if q.graph_name.value != drafts})

    @property
    def triple_count(self) -> int:
        return self.counted_triples if self.counted_triples is not None else len(self.triples)


def assemble(project: Project, base: str | None = None, progress: Progress | None = None) -> Build:
    """Read, check and build the graph in memory; raise InputError on bad input."""
    progress = progress or Progress(None)
    project.check()
    with progress.step("reading dataset, ontology and sources"):
        config = read_dataset_config(project.dataset_file, base)
        ontology = project.read_ontology()
        documents = {s.id: read_document(s.path) for s in config.sources}
    with progress.step(f"reading entities from {len(config.entity_files)} files"):
        catalogue = read_catalogue(list(config.entity_files), ontology)
    with progress.step(f"reading statements from {len(config.statement_files)} files and checking quotes"):
        statements = read_statements(list(config.statement_files), ontology, catalogue, documents)
    drafting = [s for s in config.sources if s.extract]
    drafts = Drafts()
    if drafting:
        with progress.step(f"extracting statements from {len(drafting)} source(s)"):
            reviewed = draft_sources(documents, [s.id for s in drafting], catalogue, ontology, config.review_file)
            proposed = {e.id: e for e in reviewed.proposed_entities if e.id not in catalogue}
            drafts = keep_apart(statements, reviewed.statements, proposed)
        for warning in review_warnings(reviewed):
            progress.warn(warning)
        progress.note(f"{len(drafts.statements)} drafted statements, {len(drafts.entities)} proposed entities")
    with progress.step(f"building graph of {len(catalogue)} entities and {len(statements)} statements"):
        built = build_quads(config, ontology, catalogue, statements, documents, drafts)
    return Build(config, ontology, documents, catalogue, statements, built, drafts)


def _facts(statement: Statement) -> list[tuple[str, str, str]]:
    """What a statement says, at both levels where its subject acted for a party: "Aliyev signed the ceasefire
    for Azerbaijan" says (aliyev, signed, ceasefire) and (azerbaijan, signed, ceasefire)."""
    facts = [(statement.subject, statement.relation, statement.object)]
    if statement.on_behalf_of:
        facts.append((statement.on_behalf_of, statement.relation, statement.object))
    return facts


def keep_apart(curated: list[Statement], extracted: list[Statement], proposed: dict[str, Entity]) -> Drafts:
    """The drafts beside the curated statements: curated ones win (a draft with a curated id is dropped), a draft
    that says the same as a curated one, at either level, is marked as confirmed by it, and only the proposed
    entities a remaining draft names are kept (a rejected statement takes its proposals with it)."""
    said: dict[tuple[str, str, str], str] = {}
    for s in curated:
        for fact in _facts(s):
            said.setdefault(fact, s.id)
    taken = {s.id for s in curated}
    drafted = []
    for statement in extracted:
        if statement.id in taken:
            continue
        confirmed = next((said[fact] for fact in _facts(statement) if fact in said), None)
        drafted.append(replace(statement, confirmed_by=confirmed))
        taken.add(statement.id)
    named = {
        e for s in drafted for e in (s.subject, s.object, s.on_behalf_of, *s.according_to, *s.denied_by, *s.disputed_by)
    }
    entities = {key: entity for key, entity in sorted(proposed.items()) if key in named}
    return Drafts(sorted(drafted, key=lambda s: s.id), entities)


def check_shapes(project: Project, build: Build, progress: Progress | None = None) -> ValidationReport:
    """Validate the build against the SHACL shapes."""
    progress = progress or Progress(None)
    with progress.step("validating against the SHACL shapes and SPARQL checks"):
        # Drafts are checked as they would stand once accepted: each proposed entity with its proposed classes.
        accepted = as_accepted(build)
        if not accepted:
            return validate_quads(
                build.store, build.quads, lambda: build.union, project.shapes_file, project.checks_dir
            )
        quads = build.quads + accepted
        store = ox.Store()
        store.bulk_extend(quads)

        def union() -> Graph:
            graph = Graph()
            graph += build.union
            triples = ox.serialize([q.triple for q in accepted], format=ox.RdfFormat.N_TRIPLES)
            graph.parse(data=triples.decode("utf-8"), format="nt")
            return graph

        return validate_quads(store, quads, union, project.shapes_file, project.checks_dir)


def as_accepted(build: Build) -> list[ox.Quad]:
    """The typing a proposed entity would get once accepted (rdf:type its proposed classes), for validation only:
    the build never writes these."""
    graph = ox.NamedNode(str(build.iris.graph(DRAFTS_GRAPH)))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return [
        ox.Quad(ox.NamedNode(str(build.iris.entity(e.id))), rdf_type, ox.NamedNode(str(KG[t])), graph)
        for e in build.drafts.entities.values()
        for t in e.types
    ]


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
    options: BuildOptions | None = None,
) -> Build:
    """The whole pipeline: check, validate and write every output into `output` (default build/) in one step.

    `publish` adds files made from the build by a later stage (the network page); they are part of the
    same atomic swap and listed in the same manifest. `options`: the build cache (beside `output`), the
    number of processes, a Dask scheduler; they change how fast the build is made, never what it holds."""
    progress = progress or Progress(None)
    output = output or project.build_dir
    # The build makes almost no reference cycles (ten objects at 10x the seed); the cyclic collector's
    # rescans of its growing heap cost 10-12% of the CPU at 10x and 50x, and a larger share the larger the data.
    with cyclic_gc_paused():
        if drafts_sources(project, base):
            build = checked_build(project, base, progress)
            files = render(build, progress)
        else:
            options = options or BuildOptions()
            build, files = checked_build_from_parts(project, base, progress, options, cache_folder(output))
        if publish is not None:
            files.update(publish(build))
        write_outputs(project, build, files, output, progress)
    return build


def drafts_sources(project: Project, base: str | None = None) -> bool:
    """Whether the dataset drafts any source; such a build is made whole, not from cached parts."""
    project.check()
    return any(source.extract for source in read_dataset_config(project.dataset_file, base).sources)


def checked_build_from_parts(
    project: Project, base: str | None, progress: Progress, options: BuildOptions, cache_dir: Path | None
) -> tuple[Build, dict[str, bytes]]:
    """The checked build and its RDF files, made per source (cached and in parallel as `options` say) and
    merged; raise InputError or ShapesError when it is not sound."""
    parts = build_from_parts(project, base, progress, options, cache_dir)
    graph = LoadedGraph(parts.texts["trig"])
    build = Build(
        parts.config,
        parts.ontology,
        parts.documents,
        parts.catalogue,
        parts.statements,
        graph,
        counted_triples=parts.counts.triples,
    )
    if parts.untranslated:
        report = check_shapes(project, build, progress)
    else:
        report = ValidationReport(not parts.violations, tuple(sorted(parts.violations, key=str)))
    if not report.conforms:
        raise ShapesError(report)
    with progress.step(f"writing the description of {parts.counts.triples} triples"):
        files = {EXPORT_FILES[fmt]: parts.texts[fmt].encode("utf-8") for fmt in FORMATS}
        files.update(description_files(build, parts.counts))
    return build, files


def write_outputs(
    project: Project, build: Build, files: Mapping[str, bytes], output: Path, progress: Progress | None = None
) -> None:
    """Write the files with their manifest (sizes, checksums, the inputs' digests) and swap them in as `output`."""
    progress = progress or Progress(None)
    files = dict(files)
    inputs = input_digests(project.root, project.shipped)
    files[MANIFEST_FILE] = manifest_bytes(files, inputs, {"base": build.config.base})
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
        names = {str(build.iris.graph(name)): name for name in (*GRAPHS, *([DRAFTS_GRAPH] if build.drafts else []))}
        files.update(description_files(build, count_quads(build.quads, names, build.triples)))
    return files


def description_files(build: Build, counts: Counts) -> dict[str, bytes]:
    """The VoID description and the JSON-LD context of a build."""
    prefixes = build.iris.prefixes()
    media = {EXPORT_FILES[f]: MEDIA_TYPES[f] for f in FORMATS}
    description = describe(build.config, counts, media, prefixes)
    context = json.dumps(jsonld_context(prefixes), indent=2, sort_keys=True) + "\n"
    return {
        VOID_FILE: description.serialize(format="longturtle").encode("utf-8"),
        CONTEXT_FILE: context.encode("utf-8"),
    }
