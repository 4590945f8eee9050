"""The model as code sees it: the ontology's terms (see /work/shared/notes/layout.md)."""
