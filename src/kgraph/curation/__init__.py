"""Curation: what the hand-edited files of data/ may hold, and how they are read and checked."""
