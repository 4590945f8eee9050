"""Membership: "X and Y form the Z", "X joined Z", "co-chairs of Z"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.reading import Reader, verb_subjects

# Verbs that put their subjects into the organisation named right after them, and the confidence of each.
_JOINING = (
    (r"\b(?:form|formed|make up|constitute)\s+(?:the\s+)?", CONFIDENCE["membership.2"]),
    (
        r"\b(?:is|are|was|were|became|become)\s+(?:a\s+|an\s+)?members?\s+of\s+(?:the\s+)?|\bjoined\s+(?:the\s+)?",
        CONFIDENCE["membership.3"],
    ),
)


def membership(reader: Reader) -> None:
    text = reader.text
    for m in reader.names():
        paren = re.match(r"\s*\(([^()]*)\)", text[m.end :])
        if paren and reader.is_a(m.entity, "Organisation") and "," in paren.group(1):
            start = m.end + paren.start(1)
            members = [
                x.entity
                for x in reader.all_mentions
                if start <= x.start < m.end + paren.end(1) and x.kind == "name" and reader.is_a(x.entity, "State")
            ]
            if members and len(members) >= 2:
                reader.add(members, "memberOf", [m.entity], (m.start, m.end), CONFIDENCE["membership.1"])
    for pattern, confidence in _JOINING:
        for match in re.finditer(pattern, text):
            org = [x for x in reader.names() if x.start == match.end() and reader.is_a(x.entity, "Organisation")]
            if org:
                reader.add(verb_subjects(reader, match.start()), "memberOf", [org[0].entity], match.span(), confidence)
    for match in re.finditer(r"\bco-chairs?\s+(?:of\s+)?(?:the\s+)?", text):
        org = [x for x in reader.names() if x.start == match.end() and reader.is_a(x.entity, "Organisation")]
        if not org:
            continue
        chosen = re.search(
            r"(?:was|were)\s+(?:chosen|elected|appointed|named|selected)(?:\s+by\s+[^,]*?)?\s+(?:to|as)\s+(?:the\s+)?$",
            text[: match.start()],
        )
        if chosen:
            subjects = verb_subjects(reader, chosen.start())
        elif dash := re.search(r"\s+[–—-]\s+(?:\w+\s+)?of\s+the\s+(?:\w+\s+)?$", text[: match.start()]):
            subjects = verb_subjects(reader, dash.start() + 1)
        else:
            subjects = verb_subjects(reader, match.start())
        reader.add(subjects, "coChairOf", [org[0].entity], match.span(), CONFIDENCE["membership.4"])
