"""Docs: HTML documentation of the ontology, written by pyLODE (an optional dependency, pinned)."""

from __future__ import annotations

import logging
from pathlib import Path


def ontology_html(ontology_file: Path) -> str:
    """The ontology documented as one HTML page, with its CSS inline."""
    try:
        from pylode import OntPub
    except ImportError as error:
        raise ImportError("kgraph docs needs pyLODE: pip install 'kgraph[docs]' (pylode 3.3.4)") from error
    logging.getLogger().setLevel(logging.WARNING)  # pyLODE logs every step at INFO and DEBUG
    return OntPub(ontology=str(ontology_file)).make_html()
