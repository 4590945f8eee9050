"""Support relations: supported and its kinds (supportedMilitarily, supportedDiplomatically, ...), read from
verbs ("supports", "backed", "provided military aid to"), nouns ("X's support for Y", "X's supporters") and
stances ("a pro-Y position"). The kind comes from cue words near the trigger (see `_kind`)."""

from __future__ import annotations

import re
from functools import partial

from kgraph.extraction.confidence import CONFIDENCE
from kgraph.extraction.mentions import Mention
from kgraph.extraction.reading import Reader, listed_after, main_subject, verb_subjects

_ARMS_CUES = r"(?:arms|weapons|weaponry|munitions)"


def _kind(reader: Reader, phrase: str, default: str | None = "supported") -> str | None:
    """The kind of support from cue words in `phrase`; in a section on diplomatic support, diplomatic;
    otherwise `default`."""
    phrase = phrase.lower()
    for cue, relation in (
        (r"militar|arms|weapon|troops|logistic|security", "supportedMilitarily"),
        (
            r"diplomat|political|position|territorial integrity|sovereignty|stance|forum|recogni",
            "supportedDiplomatically",
        ),
        (r"humanitarian", "supportedHumanitarian"),
        (r"financ|fund|money|loan", "supportedFinancially"),
        (r"econom|trade|\bgoods\b|electricity|\bfuel\b|\benergy\b", "supportedEconomically"),
    ):
        if re.search(cue, phrase):
            return relation
    if any("diplomatic" in part.lower() for part in reader.sentence.section.path):
        return "supportedDiplomatically"
    return default


_ASPECT = r"(?:position|territorial integrity|sovereignty|stance|claims?|independence|cause|side)"


def _target_after(reader: Reader, position: int) -> tuple[Mention | None, str]:
    """The party supported, named right after `position` ("for Veloria", "the Veloran position"), and the aspect
    of it that is supported ("'s territorial integrity"), if any."""
    text = reader.text
    for m in reader.mentions:
        if m.start < position or m.kind not in ("name", "proposed", "demonym"):
            continue
        gap = text[position : m.start]
        if not re.fullmatch(r"\s*(?:the\s+|for\s+the\s+|for\s+|to\s+|of\s+)?", gap):
            return None, ""
        tail = text[m.end : m.end + 60]
        if m.kind == "demonym" and not re.match(rf"\s+{_ASPECT}\b", tail):
            return None, ""
        aspect = re.match(rf"(?:['’]s)?\s+(?:(?:\w+\s+){{0,2}}{_ASPECT})\b", tail)
        return m, aspect.group(0) if aspect else ""
    return None, ""


def supported(reader: Reader) -> None:
    text = reader.text
    target_after = partial(_target_after, reader)

    for match in re.finditer(r"\b(support|supports|supported|supporting|backs|backed|backing)\b(?!\s+by)", text):
        if re.search(
            r"\b(?:military|diplomatic|financial|economic|humanitarian|political|logistical|tacit|their|its|his|her|"
            r"the|a|an|of|for|in|with|this|that|greater|strong|active|explicit|our|mutual|voiced|expressed|declared|"
            r"pledged|reaffirmed|reiterated|announced)\s+$",
            text[: match.start()],
        ) or not re.search(r"\S", text[: match.start()]):
            continue
        target, aspect = target_after(match.end())
        if target is None:
            continue
        if reader.is_a(target.entity, "Agreement"):
            continue
        tail = text[target.end : target.end + 40]
        kind = _kind(reader, aspect + " " + (re.match(r"\s+(\w+ly)\b", tail) or re.match("", "")).group(0))
        subjects = verb_subjects(reader, match.start())
        reader.add(subjects, kind, [target.entity], match.span(), CONFIDENCE["supported.1"])
    for match in re.finditer(
        r"\b(?:voiced|expressed|declared|pledged|reaffirmed|reiterated|announced)\s+(?:its\s+|their\s+)?support\s+for\s+",
        text,
    ):
        target, aspect = target_after(match.end() - 1)
        if target:
            reader.add(
                verb_subjects(reader, match.start()),
                "supportedDiplomatically",
                [target.entity],
                match.span(),
                CONFIDENCE["supported.2"],
            )
    for match in re.finditer(
        r"\b(?:provided|provides|providing|gave|gives|offered|sent|extended|increased)\s+(?:\w+\s+){0,3}?\"?(?:(active|direct|indirect|some|tacit)\s+)?(military|financial|economic|humanitarian|diplomatic|political|logistical)\s+(?:support|aid|assistance|help)\"?(?:\s+\w+){0,6}?\s+to\s+",
        text,
    ):
        kind = _kind(reader, match.group(2))
        reader.add(
            verb_subjects(reader, match.start()),
            kind,
            listed_after(reader, match.end())[0],
            match.span(),
            CONFIDENCE["supported.3"],
        )
    for match in re.finditer(r"\b(?:provided|provides|providing|gave|gives|giving|offered|offering)\s+", text):
        objects = [m for m in reader.names() if m.start == match.end()]
        phrase = (
            re.match(
                r"\s+(?:with\s+)?\"?(?:(?:active|direct|some|tacit|\w+)\s+)?(military|financial|economic|humanitarian|diplomatic|political)\s+(?:support|aid|assistance|help)",
                text[objects[0].end :],
            )
            if objects
            else None
        )
        if objects and phrase:
            reader.add(
                verb_subjects(reader, match.start()),
                _kind(reader, phrase.group(1)),
                [objects[0].entity],
                match.span(),
                CONFIDENCE["supported.4"],
            )
    for match in re.finditer(
        r"['’]s\s+(?:\w+\s+){0,2}?(diplomatic\s+|military\s+|main\s+|strongest\s+|closest\s+)?supporters?\b", text
    ):
        owner = [m for m in reader.names() if m.end == match.start()]
        if not owner:
            continue
        kind = (
            _kind(reader, match.group(0))
            if "diplomatic" in match.group(0) or "military" in match.group(0)
            else "supported"
        )
        if re.match(r"\s+(?:are|is|were|was|include|includes)\b", text[match.end() :]):
            reader.add(
                listed_after(reader, match.end())[0],
                kind,
                [owner[0].entity],
                match.span(),
                CONFIDENCE["supported.5"],
            )
        else:
            reader.add(
                verb_subjects(reader, owner[0].start),
                kind,
                [owner[0].entity],
                match.span(),
                CONFIDENCE["supported.6"],
            )
    for match in re.finditer(
        r"\breceived\s+(?:(?:explicit|some|strong|broad)\s+)?(diplomatic|military|financial|economic|humanitarian|political)\s+(recognition\s+and\s+(?:diplomatic\s+)?)?support\b",
        text,
    ):
        recipients = verb_subjects(reader, match.start())
        source = re.search(r"\bfrom\b[^:.;]*?(?::\s*|\s+)(?=[A-Z])", text[match.end() :])
        if source:
            givers, parentheses = listed_after(reader, match.end() + source.end())
            givers = [g for g in givers if not reader.is_a(g, "Event")]
            reader.add(
                givers,
                _kind(reader, match.group(1)),
                recipients,
                match.span(),
                CONFIDENCE["supported.7"],
                parentheses=parentheses,
            )
    for match in re.finditer(
        r"\b(?:adopted|pursued|followed|took|maintained)\s+an?\s+pro-(\w+)\s+(?:position|stance|line|policy)\b", text
    ):
        target = [m.entity for m in reader.all_mentions if m.start == match.start(1)]
        reader.add(
            verb_subjects(reader, match.start()),
            "supportedDiplomatically",
            target,
            match.span(),
            CONFIDENCE["supported.8"],
        )
    for match in re.finditer(r"\baccused\s+(?:the\s+)?", text):
        accused = reader.items_after(match.end())
        pro = re.match(r"\s*(?:\([^()]*\)\s*)?of\s+being\s+pro-(\w+)", text[accused[-1][0].end :]) if accused else None
        if pro:
            target = [m.entity for m in reader.all_mentions if m.start == accused[-1][0].end + pro.start(1)]
            accuser = verb_subjects(reader, match.start())
            reader.add(
                [m.entity for m, _ in accused],
                "supported",
                target,
                match.span(),
                CONFIDENCE["supported.9"],
                status="alleged",
                according_to=tuple(accuser),
            )
    for match in re.finditer(r"\bperceived\s+by\s+(\S+(?:\s\S+)?)\s+as\s+pro-(\w+)", text):
        perceiver = [m.entity for m in reader.all_mentions if m.start == match.start(1)]
        target = [m.entity for m in reader.all_mentions if m.start == match.start(2)]
        subject = re.search(r"(\S+)\s+(?:was|were|is|are)\s+$", text[: match.start()])
        subjects = [m.entity for m in reader.names() if subject and m.end == subject.end(1)]
        reader.add(
            subjects,
            "supported",
            target,
            match.span(),
            CONFIDENCE["supported.10"],
            status="alleged",
            according_to=tuple(perceiver),
        )
    for match in re.finditer(r"(?<![\w])(\S+?)-backed\b", text):
        backers = [m.entity for m in reader.all_mentions if m.start == match.start() and m.end == match.end(1)]
        backed = [m for m, _ in reader.items_after(match.end())]  # "X-backed Y and Z": both
        reader.add(backers, "supported", [m.entity for m in backed], match.span(), CONFIDENCE["supported.11"])


_INTEGRITY = r"(?:the\s+)?(?:territorial\s+integrity|sovereignty|independence)\s+of\s+"
_AID_NOUNS = r"(?:support|aid|assistance|backing|help)"
_MODIFIER = r"(?!(?:in|of|on|at|to|for|with|by|and|or|the|a|an)\s)[\w\-]+"  # "alleged arms", not "in"


def _owner(reader: Reader, position: int) -> list[str]:
    """The name whose possessive ends at `position` ("Ostmark's")."""
    return [m.entity for m in reader.names() if m.end == position]


def support_nouns(reader: Reader) -> None:
    """Support named by a noun: "X's (diplomatic) support for Y", "X's alleged arms support to Y",
    "X's pro-Y position", "X served as Y's main purveyor of fuel and goods"."""
    text = reader.text
    for match in re.finditer(
        rf"['’]s\s+((?:{_MODIFIER}\s+){{0,3}}?){_AID_NOUNS}\s+(?:of|for|to)\s+(?:{_INTEGRITY})?", text, re.IGNORECASE
    ):
        givers = _owner(reader, match.start())
        target, aspect = _target_after(reader, match.end())
        if not givers or target is None or reader.is_a(target.entity, "Agreement"):
            continue
        cue = match.group(0)
        if re.search(rf"\b{_ARMS_CUES}\b", cue, re.IGNORECASE):
            reader.add(givers, "suppliedArmsTo", [target.entity], match.span(), CONFIDENCE["noun.1"])
            continue
        kind = _kind(reader, cue + " " + aspect)
        reader.add(givers, kind, [target.entity], match.span(), CONFIDENCE["noun.2"], check_from=match.start())
    for match in re.finditer(r"['’]s\s+pro-(\w+)\s+(?:position|stance|policy|policies|line|bias)\b", text):
        target = [m.entity for m in reader.all_mentions if m.start == match.start(1)]
        reader.add(
            _owner(reader, match.start()),
            "supportedDiplomatically",
            target,
            match.span(),
            CONFIDENCE["noun.3"],
        )
    for match in re.finditer(
        r"\b(?:served|serves|acted|acts)\s+as\s+|\b(?:was|is|became|becomes|remained|remains)\s+(?=\w+['’]s\s)", text
    ):
        owner = [m for m in reader.names() if m.start == match.end()]
        role = re.match(
            r"['’]s\s+\"?(?:\w+\s+){0,2}?(?:purveyor|supplier|provider|source)s?\s+of\s+([^.;]{0,60})",
            text[owner[0].end :] if owner else "",
        )
        if not role:
            continue
        kind = _kind(reader, role.group(1), default=None)
        if kind in ("supportedEconomically", "supportedFinancially", "supportedHumanitarian"):
            reader.add(
                verb_subjects(reader, match.start()),
                kind,
                [owner[0].entity],
                match.span(),
                CONFIDENCE["noun.4"],
            )


_TRAINEES = r"(?:units|troops|forces|soldiers|army|armed forces|officers|fighters|pilots|militias?|recruits)"


def trained(reader: Reader) -> None:
    """Training another side's forces is military support: "X trained Veloran units", "training Veloria's army"."""
    text = reader.text
    for match in re.finditer(r"\b(?:trained|trains|training|train)\s+(?:the\s+)?", text):
        trainees = [
            m.entity
            for m in reader.all_mentions
            if m.start == match.end()
            and m.kind in ("name", "demonym")
            and re.match(rf"(?:['’]s)?\s+(?:\w+\s+)?{_TRAINEES}\b", text[m.end :])
        ]
        reader.add(
            verb_subjects(reader, match.start()),
            "supportedMilitarily",
            trainees,
            match.span(),
            CONFIDENCE["trained.1"],
        )


def funded(reader: Reader) -> None:
    """Money from someone is financial support: "X had been lobbying through secret funding from Y"."""
    text = reader.text
    for match in re.finditer(r"\b(?:funding|financing|funds|grants|payments|donations)\s+from\s+(?:the\s+)?", text):
        givers = listed_after(reader, match.end())[0][:1]
        receivers = main_subject(reader, match.start()) or [
            s for s in verb_subjects(reader, match.start()) if reader.party(s)
        ]
        reader.add(givers, "supportedFinancially", receivers, match.span(), CONFIDENCE["funded.1"])


def biased(reader: Reader) -> None:
    """A bias is a judgement, so an alleged leaning: "X and Y are "more or less biased towards Z"."""
    text = reader.text
    for match in re.finditer(
        r"\b(?:is|are|was|were|been|be)\s+\"?(?:(?:more\s+or\s+less|somewhat|strongly|heavily|clearly|openly|largely)"
        r"\s+)?biased\s+(?:towards?|in\s+favou?r\s+of)\s+(?:the\s+)?",
        text,
    ):
        target = [m.entity for m in reader.names() if m.start == match.end() and reader.party(m.entity)]
        reader.add(
            verb_subjects(reader, match.start()),
            "supported",
            target,
            match.span(),
            CONFIDENCE["biased.1"],
            status="alleged",
        )


def supported_by(reader: Reader) -> None:
    """The passive: "Y was (heavily) backed by X and Z", "Y were also supported by X's intelligence service"."""
    text = reader.text
    for match in re.finditer(
        r"\b(?:was|were|is|are|been)\s+(?:(?:also|heavily|openly|covertly|largely|mainly|reportedly|\w+ly)\s+)*"
        r"(?:backed|supported|funded|financed|sponsored|armed|equipped)\s+by\s+",
        text,
    ):
        verb_match = re.search(r"(backed|supported|funded|financed|sponsored|armed|equipped)\s+by", match.group(0))
        verb = match.start() + verb_match.start()
        supported_ = verb_subjects(reader, verb)
        if not supported_ or any(reader.is_a(s, "Agreement") for s in supported_):
            continue  # "the resolution was supported by": a vote (votes.py)
        givers, parentheses = listed_after(reader, match.end())
        givers = [_organ(reader, g, match.end()) for g in givers if not reader.is_a(g, "Event")]
        kind = _kind(reader, match.group(0), default="supported")
        if verb_match.group(1) in ("armed", "equipped"):
            kind = "suppliedArmsTo"
        elif verb_match.group(1) in ("funded", "financed"):
            kind = "supportedFinancially"
        reader.add(
            givers,
            kind,
            supported_,
            match.span(),
            CONFIDENCE["support.passive"],
            parentheses=parentheses,
            passive_agent=match.end(),
        )


def support_from(reader: Reader) -> None:
    """ "support from X (and Z) for Y (and W)(, respectively)", "intervention by X in support of Y"."""
    text = reader.text
    for match in re.finditer(r"\b(?:support|backing|aid|assistance)\s+from\s+(?:the\s+)?", text):
        givers = listed_after(reader, match.end())[0]
        rest = re.search(r"\bfor\s+(?:the\s+)?", text[match.end() : match.end() + 120])
        received = re.search(
            r"\b(?:received|receives|receiving|got|obtained|enjoyed)\s+(?:\w+\s+){0,2}$", text[: match.start()]
        )
        if givers and received and not rest:  # "Y received support from X"
            reader.add(
                givers, "supported", verb_subjects(reader, received.start()), match.span(), CONFIDENCE["support.from"]
            )
            continue
        if not givers or not rest:
            continue
        receivers = listed_after(reader, match.end() + rest.end())[0]
        respectively = re.match(r"[^.;]{0,40}?,?\s+respectively\b", text[match.end() + rest.end() :])
        pairs = (
            list(zip(givers, receivers, strict=False))
            if respectively and len(givers) == len(receivers)
            else [(g, r) for g in givers for r in receivers]
        )
        for giver, receiver in pairs:
            reader.add([giver], "supported", [receiver], match.span(), CONFIDENCE["support.from"])
    for match in re.finditer(r"\bin\s+support\s+of\s+(?:the\s+)?", text):
        agent = re.search(r"\bby\s+(?:the\s+)?([^,;()]{1,60}?)\s+$", text[: match.start()])
        givers = [m.entity for m in reader.names() if agent and m.start == agent.start(1)] if agent else []
        receivers = listed_after(reader, match.end())[0][:1]
        reader.add(givers, "supported", receivers, match.span(), CONFIDENCE["support.in_support_of"])


def _organ(reader: Reader, giver: str, position: int) -> str:
    """ "by Norvania's Intelligence Service": the organ named after the possessive, not the state."""
    for m in reader.names():
        if m.start >= position and m.entity == giver:
            organ = [x for x in reader.names() if re.fullmatch(r"['’]s\s+", reader.text[m.end : x.start])]
            return organ[0].entity if organ else giver
    return giver
