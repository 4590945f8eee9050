"""Reading curated YAML: dates stay the text the curator typed, and every mapping knows its line."""

from __future__ import annotations

import stat
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from kgraph.errors import InputError, Problem, ProblemList

LINE_KEY = "__line__"
# Fields whose plain scalars are kept as typed: YAML 1.1 would read `date: 0700` as the octal number
# 448 and `date: 07:00` as the sexagesimal 420; the curator meant text.
TEXT_AS_TYPED = frozenset({"date", "start", "end"})
# No curation record nests deeper than a few levels; PyYAML's composer recurses once per level and
# would raise RecursionError on thousands of '[' long before this limit matters.
MAX_DEPTH = 50

# A curation file holds entities, statements or (a draft from `kgraph draft`) both.
TOP_LEVEL_KEYS = ("entities", "statements")
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class _CurationMapping:
    """How curation YAML builds its mappings: dates stay the text typed, field names are text, lines recorded."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, "a field name must be text, not a list or mapping", key_node.start_mark
                )
            if key in mapping:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            if key == LINE_KEY:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{LINE_KEY!r} is reserved; rename the field", key_node.start_mark
                )
            if key in TEXT_AS_TYPED and isinstance(value_node, yaml.ScalarNode) and value_node.tag in _NUMBER_TAGS:
                mapping[key] = value_node.value
            else:
                mapping[key] = self.construct_object(value_node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


# libyaml's C parser where PyYAML has it: the pure-Python one was the slowest step of a build.
class _CurationLoader(_CurationMapping, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The fast loader for curation files."""


class _DepthCheckingLoader(_CurationMapping, yaml.SafeLoader):
    """The pure-Python loader with a nesting limit, to say where a file nests too deeply (the C parser cannot)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"exceeded maximum nesting depth ({MAX_DEPTH} levels)", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Drop the timestamp resolver so that 2020-11-09 stays the string the curator typed.
_CurationLoader.yaml_implicit_resolvers = _DepthCheckingLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def regular_file_problem(path: Path) -> str | None:
    """Why `path` cannot be read as a curation file (missing, a folder, a FIFO…), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        return "not a regular file (a folder, FIFO, socket or device); only regular files are read"
    return None


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file; anything else is an InputError naming the file."""
    problem = regular_file_problem(path)
    if problem:
        raise InputError([Problem(path, "", problem)])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(path, "", f"not UTF-8 text: byte {exc.start} cannot be decoded")]) from None
    except OSError as exc:
        raise InputError([Problem(path, "", f"cannot read file: {exc.strerror or exc}")]) from None


def load_yaml(path: Path) -> Any:
    """Parse one curated YAML file; a syntax error names the file, line and column."""
    text = read_text(path)
    try:
        try:
            return yaml.load(text, Loader=_CurationLoader)
        except RecursionError:
            return yaml.load(text, Loader=_DepthCheckingLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = f", column {mark.column + 1}" if mark else ""
        message = f"malformed YAML{column}: {exc.problem or exc.context}"
        raise InputError([Problem(path, "", message, line)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, "", f"malformed YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(path, "", "malformed YAML: nested too deeply")]) from None


def records_under(document: Any, key: str, path: Path, problems: ProblemList) -> list[dict[str, Any]]:
    """The list of mappings under `key`; anything else is reported as a problem."""
    if document is None:
        return []
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        problems.add(path, "", f"expected a mapping with a list under '{key}:'")
        return []
    unknown = sorted(str(k) for k in document if k not in (*TOP_LEVEL_KEYS, LINE_KEY))
    if unknown:
        known = " and ".join(f"'{k}:'" for k in TOP_LEVEL_KEYS)
        problems.add(path, "", f"unknown top-level field(s) {', '.join(unknown)}; a curation file holds {known}")
    records = []
    for index, record in enumerate(document[key], 1):
        if isinstance(record, dict):
            records.append(record)
        else:
            problems.add(path, f"{key} item {index}", "expected a mapping of fields")
    return records
