"""Reading curated YAML: dates stay text, and every mapping knows its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kgraph.errors import InputError, Problem, ProblemList

LINE_KEY = "__line__"


# libyaml's C parser where PyYAML has it: the pure-Python one was the slowest step of a build.
class _CurationLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader that keeps dates as strings and records the line of each mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(k, deep=True) for k, _ in node.value]
        duplicates = {k for k in keys if keys.count(k) > 1}
        if duplicates:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {sorted(map(str, duplicates))[0]!r}", node.start_mark
            )
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


# Drop the timestamp resolver so that 2020-11-09 stays the string the curator typed.
_CurationLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    """Parse one curated YAML file; a syntax error names the file, line and column."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_CurationLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = f", column {mark.column + 1}" if mark else ""
        message = f"malformed YAML{column}: {exc.problem or exc.context}"
        raise InputError([Problem(path, "", message, line)]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(path, "", f"cannot read file: {exc}")]) from exc
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, "", f"malformed YAML: {exc}")]) from exc


def records_under(document: Any, key: str, path: Path, problems: ProblemList) -> list[dict[str, Any]]:
    """The list of mappings under `key`; anything else is reported as a problem."""
    if document is None:
        return []
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        problems.add(path, "", f"expected a mapping with a list under '{key}:'")
        return []
    records = []
    for index, record in enumerate(document[key], 1):
        if isinstance(record, dict):
            records.append(record)
        else:
            problems.add(path, f"{key} item {index}", "expected a mapping of fields")
    return records
