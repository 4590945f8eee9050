"""The text of each source article, keyed by the source's IRI, for the source pages.

The build does not hold the articles' text (only the quotes and their offsets), so the pages read it
from the files data/dataset.yaml names; without them a source page lists its quotes instead.
"""

from __future__ import annotations

from pathlib import Path

from kgraph.namespaces import Iris
from kgraph.project import read_dataset_config


def source_texts(dataset_file: Path, base: str | None = None) -> dict[str, str]:
    """{source IRI: article text} for every source of the dataset whose file exists."""
    config = read_dataset_config(dataset_file, base)
    iris = Iris(config.base)
    return {
        str(iris.source(source.id)): source.path.read_text(encoding="utf-8")
        for source in config.sources
        if source.path.is_file()
    }
