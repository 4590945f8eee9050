"""Where a kgraph project keeps its files, and its dataset description (data/dataset.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph.errors import InputError, Problem, ProblemList
from kgraph.graph.layout import BuildLayout
from kgraph.yamlfile import LINE_KEY, load_yaml, records_under


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


@dataclass(frozen=True)
class Project:
    """The folders of a kgraph project: ontology/, data/, queries/ and build/."""

    root: Path

    @property
    def ontology_file(self) -> Path:
        return self.root / "ontology" / "kgraph.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def checks_dir(self) -> Path:
        return self.root / "ontology" / "checks"

    @property
    def dataset_file(self) -> Path:
        return self.root / "data" / "dataset.yaml"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def build_dir(self) -> Path:
        """The build: a link to the current version folder beside it (see kgraph.graph.swap)."""
        return self.root / "build"

    @property
    def build(self) -> BuildLayout:
        """Where each file of the build lives (file names are defined once, in kgraph.graph.layout)."""
        return BuildLayout(self.build_dir)

    def check(self) -> None:
        missing = [p for p in (self.ontology_file, self.shapes_file, self.dataset_file) if not p.is_file()]
        if missing:
            raise InputError([Problem(p, "", "missing; is --root the kgraph project folder?") for p in missing])


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
    """Read data/dataset.yaml; `base` overrides the base IRI it names."""
    raw = load_yaml(path)
    problems = ProblemList()
    if not isinstance(raw, dict):
        raise InputError([Problem(path, "", "expected a mapping")])
    for field in ("id", "title", "description", "base", "license", "entities", "statements"):
        if not isinstance(raw.get(field), str):
            problems.add(path, "dataset", f"'{field}' is required text")
    sources = []
    for record in records_under(raw, "sources", path, problems):
        source = _source(record, path, problems)
        if source:
            sources.append(source)
    if not sources:
        problems.add(path, "dataset", "at least one source is required under 'sources:'")
    problems.raise_if_any()
    folder = path.parent
    return DatasetConfig(
        id=raw["id"],
        title=raw["title"],
        description=" ".join(raw["description"].split()),
        base=base or raw["base"],
        license=raw["license"],
        sources=tuple(sources),
        entity_files=tuple(sorted((folder / raw["entities"]).glob("*.yaml"))),
        statement_files=tuple(sorted((folder / raw["statements"]).glob("*.yaml"))),
        sides=_sides(raw.get("sides") or {}, path),
        review_file=folder / raw["review"] if isinstance(raw.get("review"), str) else None,
    )


def _sides(raw: object, path: Path) -> dict[str, tuple[str, ...]]:
    """The sides of the conflict, for the analytics: a name and the entity ids that anchor it."""
    if isinstance(raw, dict):
        raw = {k: v for k, v in raw.items() if k != LINE_KEY}
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(i, str) for i in v) for k, v in raw.items()
    ):
        raise InputError([Problem(path, "sides", "expected a mapping of side names to lists of entity ids")])
    return {name: tuple(ids) for name, ids in raw.items()}


def _source(record: dict[str, Any], path: Path, problems: ProblemList) -> SourceInfo | None:
    fields = ("id", "file", "title", "publisher", "creator", "license", "attribution")
    missing = [f for f in fields if not isinstance(record.get(f), str)]
    if missing:
        problems.add(path, f"source {record.get('id')!r}", f"missing text field(s): {', '.join(missing)}")
        return None
    if not isinstance(record.get("extract", False), bool):
        problems.add(path, f"source {record['id']!r}", "'extract' must be true or false")
        return None
    file = path.parent / record["file"]
    if not file.is_file():
        problems.add(path, f"source {record['id']!r}", f"file not found: {file}")
        return None
    return SourceInfo(
        id=record["id"],
        path=file,
        title=record["title"],
        publisher=record["publisher"],
        creator=record["creator"],
        license=record["license"],
        attribution=" ".join(record["attribution"].split()),
        extract=record.get("extract", False),
    )
