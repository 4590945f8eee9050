"""Make a project of N copies of the seed's data as N distinct sources, for the build benchmark.

Copy 0 is the seed itself; copy k (k >= 1) renames every entity and statement id with a `-ck` suffix and
cites its own copy of the article (same text, so the same quotes check), so the benchmark exercises many
sources and N times the entities, statements and triples.

    python bench/scaled_project.py 10 /tmp/kgraph-10x
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
_ENTITY_FIELDS = ("subject", "object", "according_to", "denied_by", "disputed_by")


def make_project(copies: int, target: Path, seed: Path = REPO) -> Path:
    """Write the scaled project into `target` (replaced) and return it."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(seed / "ontology", target / "ontology")
    shutil.copytree(seed / "queries", target / "queries")
    data = target / "data"
    (data / "entities").mkdir(parents=True)
    (data / "statements").mkdir()
    (data / "sources").mkdir()
    dataset = yaml.safe_load((seed / "data" / "dataset.yaml").read_text(encoding="utf-8"))
    [source] = dataset["sources"]
    article = (seed / "data" / source["file"]).read_text(encoding="utf-8")
    sources = []
    for k in range(copies):
        suffix = f"-c{k}" if k else ""
        file = f"sources/article{suffix}.txt"
        (data / file).write_text(article, encoding="utf-8")
        sources.append({**source, "id": source["id"] + suffix, "file": file})
        for path in sorted((seed / "data" / "entities").glob("*.yaml")):
            entities = yaml.safe_load(path.read_text(encoding="utf-8"))["entities"]
            renamed = [{**e, "id": e["id"] + suffix} for e in entities]
            _dump(data / "entities" / f"{path.stem}{suffix}.yaml", {"entities": renamed})
        for path in sorted((seed / "data" / "statements").glob("*.yaml")):
            statements = yaml.safe_load(path.read_text(encoding="utf-8"))["statements"]
            renamed = [_rename(s, suffix, sources[-1]["id"]) for s in statements]
            _dump(data / "statements" / f"{path.stem}{suffix}.yaml", {"statements": renamed})
    dataset["sources"] = sources
    dataset.pop("review", None)
    _dump(data / "dataset.yaml", dataset)
    return target


def _rename(statement: dict, suffix: str, source_id: str) -> dict:
    renamed = {**statement, "id": statement["id"] + suffix, "source": source_id}
    for field in _ENTITY_FIELDS:
        value = statement.get(field)
        if isinstance(value, str):
            renamed[field] = value + suffix
        elif isinstance(value, list):
            renamed[field] = [v + suffix for v in value]
    return renamed


def _dump(path: Path, document: dict) -> None:
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100_000)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("copies", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    print(make_project(args.copies, args.target))


if __name__ == "__main__":
    main()
