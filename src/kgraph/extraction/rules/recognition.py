"""Recognition: "X recognised Y", "Y was recognised by X", "Y received recognition from X", and its denial:
"X does not recognise Y", "X refused to recognise Y" (status denied, denied by X)."""

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


def refused_recognition(reader: Reader) -> None:
    """The text says X does not recognise Y: a denied statement (a negation elsewhere gives none)."""
    text = reader.text
    for match in re.finditer(
        r"\b(?:(?:does|do|did|has|have|had)\s+not|never|(?:refused|refuses|declined|declines)\s+to)\s+"
        r"(?:\w+ly\s+)?recogni[sz](?:e|es|ed)\b(?!\s+by)",
        text,
    ):
        objects = [m for m in reader.names() if re.fullmatch(r"\s+(?:the\s+)?", text[match.end() : m.start])][:1]
        deniers = verb_subjects(reader, match.start())
        if not objects or not deniers:
            continue
        reader.add(
            deniers,
            "recognised",
            [objects[0].entity],
            match.span(),
            CONFIDENCE["recognition.denied"],
            check_from=match.end(),
            status="denied",
            denied_by=tuple(deniers),
        )
