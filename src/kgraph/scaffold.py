"""Starting a dataset (`kgraph init`) and registering an article in it (`kgraph add-source`).

dataset.yaml is edited as text, so that its comments and layout stay the curator's: the new source is
inserted after the last one, and the result is read back and compared with what was meant before it is
written (atomically) in place of the old file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import yaml

from kgraph.curation.schema import DATASET, ID_PATTERN, SOURCE, check_record
from kgraph.errors import InputError, Problem, UsageError
from kgraph.export import write_file_atomically
from kgraph.source import read_document, slug
from kgraph.yamlfile import LINE_KEY, load_yaml

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"
DEFAULT_DESCRIPTION = (
    "Who did what to whom in an armed conflict, when and according to whom, each statement traced to its "
    "sentence in a source article."
)
EXAMPLE_BASE = "https://kgraph.example.org/{id}/"
# Entries a folder may already hold and still be given a new dataset: a fresh repository's files.
_HARMLESS = re.compile(r"^(\..*|README.*|LICEN[CS]E.*|COPYING.*)$", re.IGNORECASE)
# The option of `kgraph add-source` that gives each field of a source record.
SOURCE_OPTIONS = {
    "id": "--id",
    "file": "ARTICLE",
    "title": "--title",
    "publisher": "--publisher",
    "creator": "--creator",
    "license": "--license",
    "attribution": "--attribution",
}
_WHY = {
    "license": "the graph quotes the article's text, so its licence must be known; give it as an IRI, "
    f"such as {DEFAULT_LICENSE} for Wikipedia",
    "attribution": "the credit line shown with the graph, e.g. 'Text of the English Wikipedia article "
    '"X" by Wikipedia contributors, used under CC BY-SA 4.0.\'',
}


def _template(name: str) -> str:
    return resources.files("kgraph").joinpath(f"assets/scaffold/{name}").read_text("utf-8")


@dataclass(frozen=True)
class NewDataset:
    """What `kgraph init` wrote."""

    folder: Path
    id: str
    base: str
    files: tuple[Path, ...]


def init_dataset(
    folder: Path,
    title: str | None = None,
    base: str | None = None,
    license: str | None = None,
    dataset_id: str | None = None,
    description: str | None = None,
) -> NewDataset:
    """Write a new dataset into `folder` (created if needed); refuse a folder that holds anything but a fresh
    repository's files, and never overwrite a file."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder")
    if folder.is_dir():
        taken = sorted(p.name for p in folder.iterdir() if not _HARMLESS.match(p.name))
        if taken:
            shown = ", ".join(taken[:5]) + (" …" if len(taken) > 5 else "")
            raise UsageError(
                f"{folder} is not empty ({shown}): kgraph init starts a dataset in a new or empty folder "
                "(a fresh repository's README, LICENSE and hidden files may be there); give another folder"
            )
    dataset_id = dataset_id or slug(folder.resolve().name) or "dataset"
    values = {
        "id": dataset_id,
        "title": title or f"{folder.resolve().name} knowledge graph",
        "description": description or DEFAULT_DESCRIPTION,
        "base": base or EXAMPLE_BASE.format(id=dataset_id),
        "license": license or DEFAULT_LICENSE,
    }
    options = {"id": "--id", "title": "--title", "description": "--description", "base": "--base"}
    for name, value in values.items():
        spec = DATASET.field(name)
        if spec is not None and not spec.kind.test(value):
            raise UsageError(f"{options.get(name, '--' + name)} {value!r}: must be {spec.kind.name}")
    # One line each: the template places every value on its field's line.
    text = Template(_template("dataset.yaml")).substitute({k: _scalar(" ".join(v.split())) for k, v in values.items()})
    data = folder / "data"
    files = {
        data / "dataset.yaml": text,
        data / "review.yaml": _template("review.yaml"),
        # git keeps no empty folder: without these, a clone of the new dataset would not build.
        data / "sources" / ".gitkeep": "",
        data / "entities" / ".gitkeep": "",
        data / "statements" / ".gitkeep": "",
    }
    if not (folder / ".gitignore").exists():
        files[folder / ".gitignore"] = _template("gitignore")
    for path, content in files.items():
        write_file_atomically(path, content.encode("utf-8"))
    return NewDataset(folder, dataset_id, values["base"], tuple(files))


def _scalar(value: str) -> str:
    """A value as one YAML scalar, quoted only where YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, width=1 << 30).removesuffix("\n...\n").rstrip("\n")


def next_steps(folder: Path) -> str:
    """What to do after `kgraph init`, as the command prints it."""
    return Template(_template("next-steps.txt")).substitute(folder=folder)


@dataclass(frozen=True)
class Citation:
    """How a source is cited: every field is required, since the graph quotes the text."""

    title: str | None
    publisher: str | None
    creator: str | None
    license: str | None
    attribution: str | None


@dataclass(frozen=True)
class AddedSource:
    """The source record `kgraph add-source` wrote, and whether it is the dataset's first (its default) source."""

    record: dict[str, Any]
    first: bool

    def next_step(self, folder: Path) -> str:
        """What to do next, as the command prints it."""
        source_id, path = self.record["id"], folder / self.record["file"]
        draft = (
            "'kgraph build' drafts statements from it"
            if self.record.get("extract")
            else (f"'kgraph draft {path}' shows what the extractors find")
        )
        if self.first:
            return f"{draft}; statements quoting it need no 'source:' (it is the first source)"
        return f"{draft}; a statements file quoting it starts with 'source: {source_id}'"


def add_source(
    dataset_file: Path, article: Path, citation: Citation, source_id: str | None = None, extract: bool = False
) -> AddedSource:
    """Copy `article` into the dataset's sources/ and register it, with its citation, in dataset.yaml.

    Returns the source record written. A missing or malformed citation field is a UsageError naming its
    option; an article that cannot be read is an InputError; nothing is written unless all is well.
    """
    if not dataset_file.is_file():
        raise UsageError(
            f"no dataset at {dataset_file}: run 'kgraph init DIR' first, or give --root the dataset's folder"
        )
    text = dataset_file.read_text(encoding="utf-8")
    raw = load_yaml(dataset_file)
    sources = raw.get("sources") if isinstance(raw, dict) else None
    if not isinstance(sources, list | None):
        raise InputError([Problem(dataset_file, "dataset", "'sources' must be a list of source records")])
    sources = sources or []
    document = read_document(article)
    if not document.text.strip():
        raise InputError([Problem(article, "", "the article is empty")])
    source_id = source_id or slug(article.stem)
    folder = dataset_file.parent
    target = folder / "sources" / article.name
    record: dict[str, Any] = {
        "id": source_id,
        "file": target.relative_to(folder).as_posix(),
        "title": citation.title,
        "publisher": citation.publisher,
        "creator": citation.creator,
        "license": citation.license,
        "attribution": " ".join(citation.attribution.split()) if citation.attribution else None,
    }
    if extract:
        record["extract"] = True
    _check_citation(record)
    for other in sources:
        if not isinstance(other, dict):
            continue
        if other.get("id") == source_id:
            raise UsageError(f"dataset.yaml already has a source {source_id!r}: give another --id")
        if other.get("file") == record["file"]:
            raise UsageError(f"{record['file']} is already the source {other.get('id')!r} in dataset.yaml")
    content = article.read_bytes()
    if target.exists() and target.resolve() != article.resolve() and target.read_bytes() != content:
        raise UsageError(f"{target} already exists with other text: rename the article, or remove that file")
    new_text = _with_source(text, record, dataset_file)
    if target.resolve() != article.resolve():
        write_file_atomically(target, content)
    write_file_atomically(dataset_file, new_text.encode("utf-8"))
    return AddedSource(record, first=not sources)


def _check_citation(record: dict[str, Any]) -> None:
    """Every citation field given and well formed, or one UsageError naming each option to fix."""
    messages = []
    if not isinstance(record["id"], str) or not ID_PATTERN.match(record["id"]):
        messages.append(
            f"--id {record['id']!r}: a source id is lower-case letters, digits and single hyphens "
            "(the article's file name gives none: give --id)"
        )
    for name, option in SOURCE_OPTIONS.items():
        if name == "id":
            continue
        spec = SOURCE.field(name)
        assert spec is not None
        value = record.get(name)
        if value is None or value == "":
            why = _WHY.get(name, spec.doc)
            messages.append(f"{option} is required: {why}")
        elif not spec.kind.test(value):
            messages.append(f"{option} {value!r}: must be {spec.kind.name}")
    if not messages:
        messages += [message for message, _ in check_record(record, SOURCE)]
    if messages:
        raise UsageError("cannot add the source:\n  " + "\n  ".join(messages))


def _with_source(text: str, record: dict[str, Any], path: Path) -> str:
    """dataset.yaml's text with `record` appended to its sources, checked by reading it back."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node = None
    if isinstance(root, yaml.MappingNode):
        node = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "sources"), None)
    item = yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    if node is None:
        new = text + ("" if text.endswith("\n") or not text else "\n") + "sources:\n" + _indent(item, 2)
    elif isinstance(node, yaml.SequenceNode) and node.flow_style and not node.value:
        # `sources: []  # a comment` becomes `sources:  # a comment` with the items below it.
        line_end = text.find("\n", node.end_mark.index)
        line_end = len(text) if line_end < 0 else line_end
        head, comment = text[: node.start_mark.index].rstrip(" "), text[node.end_mark.index : line_end].rstrip()
        new = head + comment + "\n" + _indent(item, 2).rstrip("\n") + (text[line_end:] or "\n")
    elif isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        end = _last_mark(node)
        at = end.index if end.column == 0 else text.find("\n", end.index) + 1 or len(text)
        before = text[:at] if text[:at].endswith("\n") else text[:at] + "\n"
        new = before + _indent(item, node.start_mark.column) + text[at:]
    else:
        new = None
    if new is None or not _adds(text, new, record):
        raise InputError(
            [
                Problem(
                    path,
                    "sources",
                    "cannot add the source to this layout of 'sources:'; add this record under it by hand:\n"
                    + _indent(item, 4),
                )
            ]
        )
    return new


def _last_mark(node: yaml.Node) -> yaml.Mark:
    """Where the last value of a node ends (a block mapping's own end mark can lie past trailing comments)."""
    while isinstance(node, yaml.SequenceNode | yaml.MappingNode) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node.end_mark


def _indent(text: str, width: int) -> str:
    return "".join(" " * width + line if line.strip() else line for line in text.splitlines(keepends=True))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _adds(old: str, new: str, record: dict[str, Any]) -> bool:
    """Whether `new` says what `old` says, with `record` appended to its sources."""
    try:
        before, after = yaml.safe_load(old), yaml.safe_load(new)
    except yaml.YAMLError:
        return False
    if not isinstance(after, dict) or not isinstance(before, dict):
        return False
    expected = {**before, "sources": [*(before.get("sources") or []), record]}
    if "sources" not in before:
        expected = {**before, "sources": [record]}
    return _plain(after) == _plain(expected)
