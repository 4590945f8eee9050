"""Recognition: "X recognised Y", "Y was recognised by X", "Y received recognition from X"."""

from __future__ import annotations

import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.reading import Reader, listed_after, verb_subjects


def recognised(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(r"\brecogni[sz](?:ed|es|e)\b(?!\s+by)(?!\s+as)", text):
        objects = [m for m in reader.names() if re.fullmatch(r"\s+(?:the\s+)?", text[match.end() : m.start])]
        if objects and re.match(r"['’]s\s+independence|\s|$|[,.]", text[objects[0].end :]):
            if re.search(r"\b(?:internationally|widely)\s+$", text[: match.start()]):
                continue
            reader.add(
                verb_subjects(reader, match.start()),
                "recognised",
                [objects[0].entity],
                match.span(),
                CONFIDENCE["recognised.1"],
            )
    for match in re.finditer(r"\brecogni[sz]ed\s+by\b", text):
        recognised_ = verb_subjects(reader, match.start())
        reader.add(
            listed_after(reader, match.end())[0],
            "recognised",
            recognised_,
            match.span(),
            CONFIDENCE["recognised.2"],
            check_from=match.start() - 40,
            passive_agent=match.end(),
        )
    for match in re.finditer(r"\breceived\s+(?:\w+\s+)?recognition\b", text):
        source = re.search(r"\bfrom\b[^:.;]*?(?::\s*|\s+)(?=[A-Z])", text[match.end() :])
        if source:
            givers, parentheses = listed_after(reader, match.end() + source.end())
            reader.add(
                givers,
                "recognised",
                verb_subjects(reader, match.start()),
                match.span(),
                CONFIDENCE["recognised.3"],
                parentheses=parentheses,
            )
