"""Where a kgraph project keeps its files, and its dataset description (data/dataset.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.curation.review_file import check_review
from kgraph.curation.schema import DATASET, check_record, describe
from kgraph.errors import InputError, Problem, ProblemList, UsageError
from kgraph.graph.layout import ONTOLOGY_FILE, SHAPES_FILE, BuildLayout, own_or_shipped, shipped_folder
from kgraph.iri import iri_problem
from kgraph.yamlfile import LINE_KEY, load_yaml, regular_file_problem

if TYPE_CHECKING:
    from kgraph.ontology import Ontology


@dataclass(frozen=True)
class SourceInfo:
    """A source article and its citation."""

    id: str
    path: Path
    title: str
    publisher: str
    creator: str
    license: str
    attribution: str
    extract: bool = False


DATASET_FILE = Path("data") / "dataset.yaml"


def find_root(start: Path) -> Path:
    """The project folder: `start` or the nearest folder above it that holds data/dataset.yaml; `start` if none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / DATASET_FILE).is_file():
            return folder
    return start


@dataclass(frozen=True)
class Project:
    """The folders of a kgraph project: data/ and build/, and the ontology and queries it uses.

    A project may keep its own ontology/ and queries/ (this repository does); what it does not have comes
    from the copies kgraph ships. In ontology/, kgraph.ttl, shapes.ttl and checks/ replace the shipped ones,
    and any other *.ttl extends the ontology; a query in queries/ joins the shipped catalogue (one with the
    name of a shipped query replaces it).
    """

    root: Path
    shipped: Path = field(default_factory=shipped_folder)

    def _own_or_shipped(self, relative: str) -> Path:
        return own_or_shipped(self.root, relative, self.shipped)

    @property
    def ontology_file(self) -> Path:
        return self._own_or_shipped(f"ontology/{ONTOLOGY_FILE}")

    @property
    def ontology_extensions(self) -> tuple[Path, ...]:
        """The project's own *.ttl files beside the ontology, read together with it."""
        folder = self.root / "ontology"
        own = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
        return tuple(p for p in own if p.name not in (ONTOLOGY_FILE, SHAPES_FILE) and not p.name.startswith("."))

    @property
    def ontology_files(self) -> tuple[Path, ...]:
        return (self.ontology_file, *self.ontology_extensions)

    def read_ontology(self) -> Ontology:
        """The ontology and the project's extensions, as one graph."""
        from rdflib import Graph

        from kgraph.ontology import Ontology

        graph = Graph()
        for path in self.ontology_files:
            try:
                graph.parse(path, format="turtle")
            except (SyntaxError, ValueError) as error:  # rdflib's Turtle parser raises BadSyntax, a SyntaxError
                raise InputError([Problem(path, "", f"not valid Turtle: {error}")]) from None
        return Ontology(graph)

    @property
    def shapes_file(self) -> Path:
        return self._own_or_shipped(f"ontology/{SHAPES_FILE}")

    @property
    def checks_dir(self) -> Path:
        return self._own_or_shipped("ontology/checks")

    @property
    def dataset_file(self) -> Path:
        return self.root / DATASET_FILE

    @property
    def queries_dir(self) -> Path:
        """The project's own queries/ folder, or else the shipped catalogue."""
        return self._own_or_shipped("queries")

    @property
    def query_dirs(self) -> tuple[Path, ...]:
        """The folders of the query catalogue: the shipped one, then the project's own (its queries win)."""
        shipped, own = self.shipped / "queries", self.root / "queries"
        if own.is_dir() and own.resolve() != shipped.resolve():
            return (shipped, own)
        return (shipped,)

    @property
    def build_dir(self) -> Path:
        """The build: a link to the current version folder beside it (see kgraph.graph.swap)."""
        return self.root / "build"

    @property
    def build(self) -> BuildLayout:
        """Where each file of the build lives (file names are defined once, in kgraph.graph.layout)."""
        return BuildLayout(self.build_dir)

    def check(self) -> None:
        if not self.dataset_file.is_file():
            raise InputError(
                [
                    Problem(
                        self.dataset_file,
                        "",
                        "missing; is --root the kgraph project folder? ('kgraph init DIR' starts a new one)",
                    )
                ]
            )
        missing = [p for p in (self.ontology_file, self.shapes_file) if not p.is_file()]
        if missing:
            raise InputError([Problem(p, "", "missing: kgraph is installed without its ontology") for p in missing])


@dataclass(frozen=True)
class DatasetConfig:
    """What data/dataset.yaml says."""

    id: str
    title: str
    description: str
    base: str
    license: str
    sources: tuple[SourceInfo, ...]
    entity_files: tuple[Path, ...]
    statement_files: tuple[Path, ...]
    sides: dict[str, tuple[str, ...]]
    review_file: Path | None = None


def read_dataset_config(path: Path, base: str | None = None) -> DatasetConfig:
    """Read data/dataset.yaml, checked against its schema; `base` overrides the base IRI it names.

    The review file it names is checked here too, so that a malformed one stops the build before
    anything else runs, whether or not a source is drafted.
    """
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise InputError([Problem(path, "", f"expected a mapping of the dataset's fields, not {describe(raw)}")])
    problems = ProblemList()
    for message, line in check_record(raw, DATASET):
        if raw.get("sources") == [] and message.startswith("'sources' is required"):
            message = "'sources' is empty: add an article with 'kgraph add-source ARTICLE.txt' (see its --help)"
        problems.add(path, "dataset", message, line)
    problems.raise_if_any()
    if base is not None and (problem := iri_problem(base, http=True, namespace=True)):
        raise UsageError(f"--base {base!r}: {problem}")
    folder = path.parent
    sources = [_source(record, folder, path, problems) for record in raw["sources"]]
    seen: set[str] = set()
    for source in sources:
        if source.id in seen:
            problems.add(path, f"source {source.id!r}", "duplicate id")
        seen.add(source.id)
    entity_files = _yaml_files(folder / raw["entities"], path, "entities", problems)
    statement_files = _yaml_files(folder / raw["statements"], path, "statements", problems)
    review_file = folder / raw["review"] if raw.get("review") else None
    if review_file is not None:
        check_review(review_file, problems)
    problems.raise_if_any()
    return DatasetConfig(
        id=raw["id"],
        title=raw["title"],
        description=" ".join(raw["description"].split()),
        base=base or raw["base"],
        license=raw["license"],
        sources=tuple(sources),
        entity_files=entity_files,
        statement_files=statement_files,
        sides={name: tuple(ids) for name, ids in (raw.get("sides") or {}).items() if name != LINE_KEY},
        review_file=review_file,
    )


def _yaml_files(folder: Path, path: Path, field: str, problems: ProblemList) -> tuple[Path, ...]:
    """The *.yaml files of a folder; anything there that is not a regular file is reported, never opened."""
    if not folder.is_dir():
        problems.add(path, "dataset", f"'{field}' names {folder}, which is not a folder")
        return ()
    files = sorted(folder.glob("*.yaml"))
    for file in files:
        if problem := regular_file_problem(file):
            problems.add(file, "", problem)
    return tuple(f for f in files if regular_file_problem(f) is None)


def _source(record: dict[str, Any], folder: Path, path: Path, problems: ProblemList) -> SourceInfo:
    file = folder / record["file"]
    if problem := regular_file_problem(file):
        problems.add(path, f"source {record['id']!r}", f"'file' {file}: {problem}", record.get(LINE_KEY))
    return SourceInfo(
        id=record["id"],
        path=file,
        title=record["title"],
        publisher=record["publisher"],
        creator=record["creator"],
        license=record["license"],
        attribution=" ".join(record["attribution"].split()),
        extract=record.get("extract") is True,
    )
