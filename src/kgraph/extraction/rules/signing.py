"""Signing: "X and Y signed the Z", "Z was signed by X", "Z was signed between X and Y", "Z is an agreement
between X and Y"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.reading import AGREEMENT_NOUNS, Reader, listed_after, verb_subjects


def signed(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:signed|concluded|initialled)\b", reader.text):
        if re.match(r"\s+by\b", reader.text[match.end() :]) or re.search(
            r"\b(?:was|were)\s+$", reader.text[: match.start()]
        ):
            agreement = reader.agreement_before(match.start())
            by = re.match(r"(?:,?\s+\w+){0,6}?,?\s+by\b", reader.text[match.end() :])
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


def signed_between(reader: Reader) -> None:
    """The parties an agreement is "signed between" or "an agreement between" are its signatories."""
    text = reader.text
    for match in re.finditer(
        rf"\b(?:signed(?:\s+(?:in|at|on)\s+[^;]{{1,50}}?)?|(?:an?\s+)?(?:\w+\s+)?{AGREEMENT_NOUNS})\s+between\s+(?:the\s+)?",
        text,
        re.IGNORECASE,
    ):
        agreement = reader.agreement_before(match.start() + (0 if match.group(0).lower().startswith("signed") else 1))
        before = text[: match.start()]
        if match.group(0).lower().startswith("signed") and not re.search(r"\b(?:was|were)\s+$|,\s*$", before):
            continue  # "X signed between …" with X the subject is signed() 's
        parties = [p for p in _pair_list(reader, match.end()) if reader.party(p)]
        if len(parties) >= 2:
            reader.add(parties, "signed", [agreement], match.span(), CONFIDENCE["signed.between"], "signatory")


def _pair_list(reader: Reader, position: int) -> list[str]:
    """The list after `position` up to the item that "and" joins ("X, Y and Z, the … with W" stops at Z)."""
    found, previous_end = [], position
    for m, _ in reader.items_after(position):
        found.append(m.entity)
        if re.search(r"\band\b|&", reader.text[previous_end : m.start]) and len(found) > 1:
            break
        previous_end = m.end
    return found


def forced_to_sign(reader: Reader) -> None:
    """ "X forced/pressured Y to sign Z": Y signed Z (X did not)."""
    for match in re.finditer(r"\b(?:forced|compelled|pressured|pushed|persuaded|convinced)\s+(?:the\s+)?", reader.text):
        signers = listed_after(reader, match.end())[0]
        to_sign = re.match(r"[^.;]{0,40}?\bto\s+sign\b", reader.text[match.end() :])
        if signers and to_sign:
            end = match.end() + to_sign.end()
            reader.add(
                signers,
                "signed",
                [reader.agreement_after(end)],
                (match.start(), end),
                CONFIDENCE["signed.between"],
                "signatory",
                check_from=match.start(),
            )
