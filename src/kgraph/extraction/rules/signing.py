"""Signing: "X and Y signed the Z", "Z was signed by X"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.reading import Reader, listed_after, verb_subjects


def signed(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:signed|concluded|initialled)\b", reader.text):
        if re.match(r"\s+by\b", reader.text[match.end() :]) or re.search(
            r"\b(?:was|were)\s+$", reader.text[: match.start()]
        ):
            agreement = reader.agreement_before(match.start())
            by = re.match(r"(?:\s+\w+){0,6}?\s+by\b", reader.text[match.end() :])
            subjects = listed_after(reader, match.end() + by.end())[0] if by else []
            reader.add(
                subjects,
                "signed",
                [agreement],
                match.span(),
                CONFIDENCE["signed.1"],
                "signatory",
                passive_agent=match.end(),
            )
            continue
        agreement = reader.agreement_after(match.end())
        reader.add(
            verb_subjects(reader, match.start()),
            "signed",
            [agreement],
            match.span(),
            CONFIDENCE["signed.2"],
            "signatory",
        )
