"""Leadership: "X led Y", "Y was led by X", and the holders of offices that lead: "Velorian president Aron
Vell", "the President of Norvania, Vesna Orlic", "the leaders of Norvania (Vesna Orlic) and Estmark (Tomas Berg)"."""

from __future__ import annotations

import itertools
import re

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.lexicon import office_pattern
from kgraph.extraction.reading import Reader, listed_after, verb_subjects


def led(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:were|was|is|are)?\s*(?:\w+\s+)?led\s+by\b", reader.text):
        verb = match.start() + match.group(0).rindex("led")
        led_ = verb_subjects(reader, verb)[-1:]  # "the USSR and Norvania led by X": the nearest, Norvania
        named = listed_after(reader, match.end())[0]
        if led_ and not reader.is_a(led_[0], "Person"):
            for name in named[:1]:  # "Norvania led by Vesna Orlic": whoever leads a state or group is a person
                if reader.index.looks_personal(name):
                    reader.index.retype(name, "Person")
        leaders = [e for e in named if reader.is_a(e, "Person")]
        reader.add(
            leaders,
            "led",
            led_,
            match.span(),
            CONFIDENCE["led.1"],
            passive_agent=match.end(),
        )
    for match in re.finditer(r"\b(?:led|leads|commanded|commands|headed|heads)\b(?!\s+by)(?!\s+to)", reader.text):
        objects = listed_after(reader, match.end())[0][:1]
        subjects = [s for s in verb_subjects(reader, match.start()) if reader.is_a(s, "Person")]
        reader.add(
            subjects,
            "led",
            [o for o in objects if reader.is_a(o, "ArmedGroup") or reader.is_a(o, "Organisation")],
            match.span(),
            confidence=CONFIDENCE["led.2"],
        )


_NOT_LEADING = r"(?i:deputy|vice|assistant|acting|former|ex-|then)"


def office_holders(reader: Reader) -> None:
    """An office that leads, between the state (a name or its demonym) and the holder's name: "Velorian
    president Aron Vell", "Norvania's prime minister Vesna Orlic"; or "the president of Norvania(,) Vesna Orlic";
    or "the leaders of Norvania (Vesna Orlic) and Estmark (Tomas Berg)"."""
    text, office = reader.text, office_pattern()
    mentions = sorted(reader.all_mentions, key=lambda m: m.start)
    for led_, holder in itertools.pairwise(mentions):
        if reader.is_a(led_.entity, "Person"):
            continue
        gap = text[led_.end : holder.start]
        before = text[max(0, led_.start - 40) : led_.start]
        if re.fullmatch(rf"(?:['’]s)?\s+(?:{office})\s+", gap) and not re.search(rf"{_NOT_LEADING}\s*$", before):
            confidence = CONFIDENCE["office.1"]
        elif (
            re.fullmatch(r",?\s+", gap)
            and re.search(rf"\b(?:{office})\s+of\s+(?:the\s+)?(?:[a-z]\w*\s+)?$", before)
            and not re.search(rf"{_NOT_LEADING}\s+(?:{office})\s+of\s+(?:the\s+)?(?:[a-z]\w*\s+)?$", before)
        ):
            confidence = CONFIDENCE["office.2"]
        else:
            continue
        if reader.person(holder.entity):  # only now: a name after an office is a person's
            # a title is a description, not part of what the sentence claims ("X accused president Y of …")
            reader.add([holder.entity], "led", [led_.entity], (led_.start, holder.end), confidence, status="asserted")
    for match in re.finditer(r"\b(?:leaders|presidents|prime ministers|heads of state)\s+of\s+", text):
        for m, parenthesis in reader.items_after(match.end()):
            inside = [
                x.entity
                for x in reader.all_mentions
                if x.kind != "demonym" and parenthesis and x.text == parenthesis.strip() and reader.person(x.entity)
            ]
            reader.add(inside, "led", [m.entity], match.span(), CONFIDENCE["office.3"])
