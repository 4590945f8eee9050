"""Appending records to a top-level list of a curation YAML file as a curator would: the file's text, comments
and order kept, the new records added at the end of the list, the file replaced in one step."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from kgraph.errors import InputError, Problem
from kgraph.export import write_file_atomically

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)$")


def render_items(records: list[dict[str, Any]], indent: int) -> list[str]:
    """Records as block-style list items, `indent` spaces in."""
    text = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=False)
    return [(" " * indent + line) if line else line for line in text.splitlines()]


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def appended(text: str, key: str, records: list[dict[str, Any]]) -> str:
    """`text` with `records` added at the end of the list under the top-level `key` (the key is added when
    missing; an empty `key: []` or `key:` becomes a block list)."""
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines) if (m := _TOP_KEY.match(line)) and m.group(1) == key), None)
    if at is None:
        body = render_items(records, 2)
        return "\n".join([*lines, f"{key}:", *body]) + "\n"
    value = _TOP_KEY.match(lines[at]).group(2).split("#", 1)[0].strip()  # type: ignore[union-attr]
    end = next((i for i in range(at + 1, len(lines)) if _content(lines[i]) and not lines[i][:1].isspace()), len(lines))
    if value in ("", "[]"):
        block = [i for i in range(at + 1, end) if _content(lines[i])]
        items = [i for i in block if lines[i].lstrip().startswith("- ") or lines[i].strip() == "-"]
        indent = len(lines[items[0]]) - len(lines[items[0]].lstrip()) if items else 2
        last = block[-1] if block else at
        head = lines[: last + 1]
        if value == "[]":
            head[at] = f"{key}:"
        return "\n".join([*head, *render_items(records, indent), *lines[last + 1 :]]) + "\n"
    raise ValueError(f"'{key}:' is written in flow style ({value[:30]}); add the records by hand")


def append_records(path: Path, key: str, records: list[dict[str, Any]], header: str = "") -> None:
    """Add `records` to the list under `key` in `path` (a new file starts with `header`), atomically, and check
    that the new file reads as the old records followed by the new ones."""
    old_text = path.read_text("utf-8") if path.exists() else header
    try:
        old = (yaml.safe_load(old_text) or {}).get(key) or []
        new_text = appended(old_text, key, records)
        new = (yaml.safe_load(new_text) or {}).get(key) or []
    except (ValueError, AttributeError, yaml.YAMLError) as error:
        problem = f"cannot append to the '{key}' list ({error}); add the records by hand"
        raise InputError([Problem(path, key, problem)]) from None
    if new != [*old, *records]:
        raise InputError([Problem(path, key, f"cannot append to the '{key}' list safely; add the records by hand")])
    write_file_atomically(path, new_text.encode("utf-8"))
