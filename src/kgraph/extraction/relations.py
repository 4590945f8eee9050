"""Sentence-level relations, read from verbs and patterns around the entities a sentence names.

Each rule finds a trigger (a verb or a fixed phrase), takes the coordinated list of entities before it as
subjects and after it as objects (or the reverse for passives), and proposes a candidate; hedges.py gives
its status and sources, and negated sentences give nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kgraph.extraction.hedges import Attribution, attribution, negated, outside_parentheses
from kgraph.extraction.mentions import TITLES, EntityIndex, Mention
from kgraph.extraction.timeexpr import When, years
from kgraph.source import Sentence
from kgraph.statements import Quantity

AGREEMENT_NOUNS = (
    r"(?:peace agreement|peace treaty|peace deal|ceasefire agreement|cease-fire|ceasefire|armistice|truce|accord|"
    r"treaty|agreement|protocol|declaration|resolution|deal|pact)"
)
_AGREEMENT_CLASS = {
    "peace agreement": "PeaceAgreement", "peace treaty": "PeaceAgreement", "peace deal": "PeaceAgreement",
    "ceasefire agreement": "Ceasefire", "ceasefire": "Ceasefire", "cease-fire": "Ceasefire",
    "armistice": "Ceasefire", "truce": "Ceasefire", "protocol": "Protocol", "declaration": "Declaration",
    "resolution": "Resolution",
}  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """A relation read from one sentence, before it is checked and made a Statement."""

    subject: str
    relation: str
    object: str
    sentence: Sentence
    attribution: Attribution = field(default_factory=Attribution)
    role: str | None = None
    confidence: float = 0.8
    quantities: tuple[Quantity, ...] = ()
    when: When | None = None
    note: str | None = None


@dataclass
class Context:
    """What a sentence's reading needs beyond the sentence: the entities, the article's subject, the entity its
    section is about, and the agreement last spoken of (for "it", "the resolution")."""

    index: EntityIndex
    main: str | None = None
    heading: str | None = None
    section_years: list[int] = field(default_factory=list)
    last_agreement: str | None = None


class Reader:
    """Reads one sentence."""

    def __init__(self, sentence: Sentence, mentions: list[Mention], context: Context):
        self.sentence, self.text, self.context = sentence, sentence.text, context
        self.index = context.index
        self.bare = outside_parentheses(self.text)
        self.mentions = [m for m in mentions if self.bare[m.start : m.end].strip() or self.text[m.start] == "("]
        self.all_mentions = mentions
        self.found: list[Candidate] = []
        placeholder = list(self.text)
        for m in mentions:
            if m.kind == "demonym" or self.title_of_next(m):
                placeholder[m.start : m.end] = "x" * (m.end - m.start)
        self.masked = re.sub(TITLES, lambda t: "x" * len(t.group(0)), "".join(placeholder))

    # --- entities ---
    def is_a(self, entity: str, class_name: str) -> bool:
        return self.index.is_a(entity, class_name)

    def party(self, entity: str) -> bool:
        return self.is_a(entity, "Party")

    def names(self, kinds: tuple[str, ...] = ("name", "proposed")) -> list[Mention]:
        return [m for m in self.mentions if m.kind in kinds and self.bare[m.start : m.end].strip()]

    def title_of_next(self, mention: Mention) -> bool:
        """An office named right before a person is the person's title ("Veloran President Aron Vell")."""
        if not self.is_a(mention.entity, "Office"):
            return False
        return any(
            m.start > mention.end and not self.text[mention.end : m.start].strip() and self.is_a(m.entity, "Person")
            for m in self.mentions
        )

    def pronoun(self) -> str | None:
        """The entity "It"/"They" at the start of the sentence stands for: the section's subject."""
        if re.match(r"(?:It|They|The country|The state)\b", self.text) and self.context.heading:
            return self.context.heading
        return None

    # --- lists ---
    def items_after(self, position: int, kinds: tuple[str, ...] = ("name", "proposed")) -> list[tuple[Mention, str]]:
        """The coordinated list of entities that starts after `position`, each with its parenthesis, if any."""
        items: list[tuple[Mention, str]] = []
        cursor = position
        for m in sorted(self.all_mentions, key=lambda m: m.start):
            if m.start < cursor:
                continue
            if m.kind == "demonym" and m.kind not in kinds:
                continue
            if m.kind not in kinds:
                continue
            gap = self.masked[cursor : m.start]
            lead = r"^[\s:,]*(?:(?:[a-z][\w\-]*|x+|\d+)[\s:,]*){0,9}$"
            between = (
                r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s*(?:and|or|as well as|&)\s+)"
                r"(?:(?:[a-z][\w\-]*|x+|\d+)\s+){0,5}(?:[a-z][\w\-]*\s*)?(?::\s*)?$"
            )
            if not re.match(lead if not items else between, gap) or re.search(r"[.;]|\b(?:that|which|who)\b", gap):
                break
            if items and re.search(r"\bno\b", gap):
                break
            if items and re.match(
                r"\s*,\s*(?:with|in|on|at|by|for|to|from|as|while|which|who|whose|after|before|since|"
                r"during|despite|although|but|including|where|when)\b",
                gap,
            ):
                break
            if re.search(r"\b(?:no|not)\s+(?:x+\s+)?$", gap):
                cursor = m.end
                continue
            parenthesis = ""
            cursor = m.end
            paren = re.match(r"\s*\(([^()]*)\)", self.text[cursor:])
            if paren:
                parenthesis = paren.group(1)
                cursor += paren.end()
            items.append((m, parenthesis))
        return items

    def items_before(self, position: int, kinds: tuple[str, ...] = ("name", "proposed")) -> list[Mention]:
        """The coordinated list of entities that ends before `position` (the subjects of a verb)."""
        # a remark set off by commas between the subject and its verb is skipped: "Ostmark, with its own
        # border dispute over Dorn, also supports ..." (the subject is Ostmark, not Dorn)
        remark = re.search(
            r"(?<=\w),\s+(?:with|like|unlike|despite|having|who|which|whose|a|an|its|their|itself|themselves)\b"
            r"[^,;()]*,\s*(?:[a-z]\w*\s+){0,3}$",
            self.masked[:position],
        )
        if remark:
            position = remark.start()
        before = [m for m in self.mentions if m.end <= position and m.kind in kinds and not self.title_of_next(m)]
        items: list[Mention] = []
        cursor = position
        accused_of = False
        for m in reversed(before):
            gap = self.masked[m.end : cursor]
            if not items and gap == " of " and re.search(r"\baccus\w+\s", self.text[: m.start]):
                ok = accused_of = True  # "accused X (and Y) of supplying": checked once the list is complete
            elif not items:
                ok = re.match(r"^(?:\s*,?\s*(?:[a-z][\w\-’']*|x+)){0,6}\s*,?\s*$", gap) and not re.search(
                    r"\b(?:that|which|who|whom|when|while|because|after|before|if|as|to|by|from|of|with|than|and|or)"
                    r"\s*$|\b(?:that|which|who|whom|because|while|whereas)\b",
                    gap,
                )
                if ok and re.search(r"\b(?:states|countries|members|nations|officials|sources|citizens|people)\b", gap):
                    ok = None
            else:
                ok = re.match(  # an item may carry a parenthesis: "the Union of Nine (UN9) and Quoria"
                    r"^(?:\s*\([^()]*\))?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+&\s+|\s+or\s+)"
                    r"(?:(?:the|x+|around|some|about|\d[\d,]*)\s+)*$",
                    gap,
                )
            if re.search(r"\b(?:according to|per)\s+(?:the\s+)?$", self.text[: m.start]):
                break
            gap_bare = self.bare[m.end : cursor]
            parenthesis_only = not items and re.fullmatch(r"\s*\([^()]*\)\s*(?:\S+\s*){0,4}", self.text[m.end : cursor])
            if not ok and not (not gap_bare.strip(" ,") and items) and not parenthesis_only:
                break
            items.insert(0, m)
            cursor = m.start
        if accused_of and not re.search(r"\baccus\w+\s+(?:the\s+)?$", self.text[: items[0].start]):
            return []
        if len(items) > 1:
            joins = self.masked[items[-2].end : items[-1].start]
            if not re.search(r"\b(?:and|or)\b|&", joins):
                items = items[-1:]
        return items

    def clause_subject(self, position: int) -> list[str]:
        """The name that opens the sentence, when no other name comes before `position`."""
        names = [m for m in self.names() if m.end <= position]
        if names and re.fullmatch(r"(?:The\s+)?", self.text[: names[0].start]) and len(names) == 1:
            return [names[0].entity]
        return []

    # --- agreements ---
    def agreement_after(self, position: int, limit: int = 80) -> str | None:
        """The agreement named or described right after `position`."""
        for m in self.mentions:
            if position <= m.start <= position + limit and self.is_a(m.entity, "Agreement"):
                return m.entity
        match = re.match(
            rf"[\s\"“]*((?:(?:a|an|the|its|their|\w+-brokered|new|\w+)\s+){{0,4}}?)({AGREEMENT_NOUNS})(s?)\b",
            self.text[position : position + limit],
            re.IGNORECASE,
        )
        if not match:
            return None
        before = self.text[max(0, position - 30) : position] + " " + match.group(1)
        definite = re.search(r"\b(?:the|this|that)\s+(?:\S+\s+){0,3}$", before, re.IGNORECASE)
        if definite and not match.group(3) and self.context.last_agreement:
            return self.context.last_agreement
        return self.resolve_agreement(match.group(2).lower(), bool(match.group(3)))

    def agreement_before(self, position: int) -> str | None:
        for m in reversed(self.mentions):
            if m.end <= position and self.is_a(m.entity, "Agreement"):
                return m.entity
        found = list(re.finditer(rf"\b({AGREEMENT_NOUNS})(s?)\b", self.text[:position], re.IGNORECASE))
        match = found[-1] if found else None
        if match:
            definite = re.search(r"\b(?:the|this|that)\s+(?:\w+\s+)?$", self.text[: match.start()])
            if definite and not match.group(2) and self.context.last_agreement:
                return self.context.last_agreement
            return self.resolve_agreement(match.group(1).lower(), bool(match.group(2)))
        if re.match(r"(?:It|[A-Z]\w+,\s+it)\b", self.text) and self.context.last_agreement:  # "It", "Thus, it"
            return self.context.last_agreement
        return None

    def resolve_agreement(self, noun: str, plural: bool) -> str | None:
        """An agreement described by its kind ("a ceasefire"): the catalogue's agreement of that kind and year."""
        if noun in ("agreement", "deal") and self.context.last_agreement and not plural:
            last = self.context.last_agreement
            if re.search(r"\b(?:the|this)\s+" + noun, self.text, re.IGNORECASE):
                return last
        sentence_years = years(self.text) or self.context.section_years
        head = noun.split()[-1] if noun != "peace agreement" else noun
        matches = []
        for entity in list(self.index.catalogue.values()) + list(self.index.proposed.values()):
            if not self.is_a(entity.id, "Agreement"):
                continue
            names = " ".join((entity.label, *entity.aliases)).lower()
            text = names + " " + entity.description
            kind = _AGREEMENT_CLASS.get(noun)
            if head.rstrip("s") not in names and not (kind and kind in entity.types):
                continue
            if sentence_years and not set(sentence_years) & set(years(text + " " + entity.id.replace("-", " "))):
                continue
            if not sentence_years:
                continue
            matches.append((plural == bool(re.search(rf"{head}s\b", names)), entity.id))
        best = [entity_id for exact, entity_id in matches if exact] or [entity_id for _, entity_id in matches]
        if len(best) == 1:
            return best[0]
        if not matches and sentence_years and not plural:
            name = f"{sentence_years[0]} {noun}"
            type_name = _AGREEMENT_CLASS.get(noun, "Agreement")
            return self.index.propose(name, type_name, self.text)
        return None

    # --- emitting ---
    def add(
        self,
        subjects: list[str],
        relation: str,
        objects: list[str],
        trigger: tuple[int, int],
        confidence: float = 0.8,
        role: str | None = None,
        parentheses: dict[str, str] | None = None,
        check_from: int | None = None,
        passive_agent: int | None = None,
        status: str | None = None,
        according_to: tuple[str, ...] = (),
    ) -> None:
        start = check_from if check_from is not None else max(0, trigger[0] - 60)
        if negated(self.text, start, trigger[1], passive_agent):
            return
        for subject in dict.fromkeys(subjects):
            for obj in dict.fromkeys(objects):
                if not subject or not obj or subject == obj:
                    continue
                parenthesis = (parentheses or {}).get(subject) or (parentheses or {}).get(obj)
                found = attribution(self.text, self.all_mentions, self.party, parenthesis)
                cue = re.search(r"\b(?:disputed|contested|challenged|questioned)\b", self.bare)
                if (
                    found.status == "disputed"
                    and cue
                    and cue.start() < trigger[0]
                    and re.search(r"\b(?:as|because|since)\b", self.bare[cue.end() : trigger[0]])
                ):
                    found = Attribution("asserted", found.according_to)
                if status:
                    found = Attribution(status, according_to or found.according_to, found.denied_by, found.disputed_by)
                if subject in found.according_to and found.status == "asserted" and relation != "sufferedLossesIn":
                    found = Attribution(found.status, tuple(a for a in found.according_to if a != subject))
                self.found.append(
                    Candidate(subject, relation, obj, self.sentence, found, role=role, confidence=confidence)
                )


Rule = Callable[[Reader], None]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def _subjects(reader: Reader, position: int) -> list[str]:
    found = [m.entity for m in reader.items_before(position)]
    if not found and (pronoun := reader.pronoun()) and re.match(r"\w+\s+(?:\w+\s+){0,3}$", reader.text[:position]):
        found = [pronoun]
    if not found:
        found = _demonym_subject(reader, position) or _apposition_subjects(reader, position)
    if not found and re.search(r"\b(?:it|they)\s+(?:\w+ly\s+)?$", reader.text[:position]):
        found = main_subject(reader, position)
    if not found and re.search(
        r"\sand\s+(?:was|were|is|are|has|had|have)\s+(?:[a-z]+\s+){0,2}$", reader.text[:position]
    ):
        found = main_subject(reader, position)  # a second predicate: "X was present ... and was engaged in training"
    return found


def main_subject(reader: Reader, position: int) -> list[str]:
    """What "it" or "they" before `position` stands for: the subject of the sentence's main clause, the name
    that opens it (after an introductory phrase and its comma) and is followed by its verb ("During the war,
    Ostmark was seen as backing Veloria, due to it providing Veloria with military aid")."""
    for m in reader.names():
        if m.end > position:
            break
        if re.fullmatch(  # after an introductory phrase; "the", a number, demonyms and titles may precede it
            r"(?:[^,]*,\s*)?(?:[Tt]he\s+|(?:[Ss]ome|[Aa]bout|[Aa]round|[Nn]early)?\s*\d[\d,]*\s+)?(?:x+[\s\-]+)*",
            reader.masked[: m.start],
        ):
            verb = re.match(r"\s+(?:was|were|is|are|has|had|have|\w+ed)\b", reader.text[m.end :])
            return [m.entity] if verb and reader.party(m.entity) else []
    return []


def _apposition_subjects(reader: Reader, position: int) -> list[str]:
    """The names a parenthesis gives for a common noun right before the verb: "the executive branch (the
    Cabinet and the Senate) pursued ..." (the subjects are the Cabinet and the Senate)."""
    paren = re.search(r"\b[a-z][\w\-]*\s+\(([^()]*)\)\s+(?:\w+ly\s+)?$", reader.text[:position])
    if not paren:
        return []
    inside = [m for m in reader.all_mentions if paren.start(1) <= m.start and m.end <= paren.end(1)]
    rest = reader.masked[paren.start(1) : paren.end(1)]
    for m in reversed(inside):
        rest = rest[: m.start - paren.start(1)] + rest[m.end - paren.start(1) :]
    if not inside or not re.fullmatch(r"(?:\s*(?:the|and|or|,)\s*)*", rest):
        return []  # only a list of names in the parenthesis, nothing else
    return [m.entity for m in inside if m.kind in ("name", "proposed")]


_SPOKESPEOPLE = r"(?:officials|authorities|government|leadership|side|diplomats|ministry|foreign ministry)"


def _demonym_subject(reader: Reader, position: int) -> list[str]:
    """A state spoken for by its people, as the subject: "Ostmarkian officials have (repeatedly) reaffirmed",
    "the Veloran side supported"."""
    for m in reversed(reader.all_mentions):
        if m.kind != "demonym" or m.end > position:
            continue
        gap = reader.text[m.end : position]
        if re.fullmatch(
            rf"\s+{_SPOKESPEOPLE}(?:\s+(?:have|has|had|also|repeatedly|again|openly|publicly|\w+ly))*\s*", gap
        ):
            return [m.entity] if re.fullmatch(r"(?:.*[,;:]\s*)?(?:the\s+|The\s+)?", reader.text[: m.start]) else []
        return []
    return []


def _after(reader: Reader, position: int) -> tuple[list[str], dict[str, str]]:
    items = reader.items_after(position)
    return [m.entity for m, _ in items], {m.entity: p for m, p in items if p}


@rule
def signed(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:signed|concluded|initialled)\b", reader.text):
        if re.match(r"\s+by\b", reader.text[match.end() :]) or re.search(
            r"\b(?:was|were)\s+$", reader.text[: match.start()]
        ):
            agreement = reader.agreement_before(match.start())
            by = re.match(r"(?:\s+\w+){0,6}?\s+by\b", reader.text[match.end() :])
            subjects = _after(reader, match.end() + by.end())[0] if by else []
            reader.add(subjects, "signed", [agreement], match.span(), 0.8, "signatory", passive_agent=match.end())
            continue
        agreement = reader.agreement_after(match.end())
        reader.add(_subjects(reader, match.start()), "signed", [agreement], match.span(), 0.85, "signatory")


@rule
def brokered(reader: Reader) -> None:
    for match in re.finditer(r"(?<![\w])(\S+?)-(?:brokered|mediated)\b", reader.text):
        brokers = [m.entity for m in reader.all_mentions if m.start == match.start() and m.end == match.end(1)]
        agreement = reader.agreement_after(match.end(), 40)
        reader.add(brokers, "brokered", [agreement], match.span(), 0.85, "broker")
    for match in re.finditer(r"\b(brokered|mediated)\s+by\b", reader.text):
        relation = "brokered" if match.group(1) == "brokered" else "mediated"
        objects = [reader.agreement_before(match.start())]
        if objects == [None] and relation == "mediated":
            objects = [m.entity for m in reader.items_before(match.start()) if reader.is_a(m.entity, "Event")]
        reader.add(_after(reader, match.end())[0], relation, objects, match.span(), 0.8,
                   "broker" if relation == "brokered" else "mediator", passive_agent=match.end())  # fmt: skip
    for match in re.finditer(r"\b(?:brokered|mediated)\b(?!\s+by)", reader.text):
        if reader.text[match.start() - 1 : match.start()] == "-":
            continue
        relation = "brokered" if match.group(0) == "brokered" else "mediated"
        objects = [reader.agreement_after(match.end())]
        if objects == [None] and relation == "mediated":
            objects = [m.entity for m, _ in reader.items_after(match.end()) if reader.is_a(m.entity, "Event")]
        reader.add(_subjects(reader, match.start()), relation, objects, match.span(), 0.8, "mediator")


@rule
def mediation(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:under|at|with|through)\s+(?:the\s+)?mediation\s+(?:from|of|by)\b", reader.text):
        mediators = _after(reader, match.end())[0]
        agreement = reader.agreement_before(match.start()) or reader.agreement_after(match.end(), 200)
        reader.add(mediators, "mediated", [agreement or reader.context.main], match.span(), 0.8, "mediator",
                   check_from=match.start())  # fmt: skip
    for match in re.finditer(r"\b(?:role of (?:a |the )?mediator|acted as (?:a |the )?mediator)\b", reader.text):
        subjects = _subjects(reader, match.start()) or reader.clause_subject(match.start())
        reader.add(subjects, "mediated", [reader.context.main], match.span(), 0.7, "mediator", check_from=match.start())
    for match in re.finditer(r"\bmediation by (?:several groups, )?including (?:the )?", reader.text):
        event = (
            reader.context.heading if reader.context.heading and reader.is_a(reader.context.heading, "Event") else None
        )
        reader.add(_after(reader, match.end())[0], "mediated", [event or reader.context.main], match.span(), 0.6)


_ARMS = r"(?:arms|weapons|weaponry|munitions|armaments|military equipment|military hardware|missiles|drones|tanks)"


@rule
def supplied_arms(reader: Reader) -> None:
    text = reader.text
    verbs = (
        r"(?:supplied|supplies|supply|supplying|provided|provides|providing|delivered|delivers|sold|sells|sell|"
        r"selling|shipped|ships|exported|exports|exporting)"
    )
    for match in re.finditer(rf"\b{verbs}\b(?:\s+[\w$%.,–\-]+){{0,6}}?\s+{_ARMS}\b(?:\s+\w+)?\s+to\b", text):
        reader.add(_subjects(reader, match.start()), "suppliedArmsTo", _after(reader, match.end())[0], match.span())
    for match in re.finditer(rf"\b{verbs}\b(?:\s+(?:around|some|about|\d+%|\$?[\d.,]+\s*\w*))*\s+(?:of\s+)?", text):
        rest = text[match.end() :]
        owner = [
            m
            for m in reader.names()
            if m.start == match.end() and re.match(rf"['’]s\s+(?:\w+\s+)?{_ARMS}\b|['’]s\s+arms imports", text[m.end :])
        ]
        if owner:
            reader.add(_subjects(reader, match.start()), "suppliedArmsTo", [owner[0].entity], match.span())
        with_arms = re.match(rf"(?:the\s+)?(\S.*?)\s+with\s+(?:\w+\s+)?{_ARMS}\b", rest)
        if with_arms:
            objects = [m.entity for m in reader.names() if m.start == match.end() + with_arms.start(1)]
            reader.add(_subjects(reader, match.start()), "suppliedArmsTo", objects, match.span())
    for match in re.finditer(
        rf"\b(?:bought|buys|purchased|purchases|acquired|imported|imports)\s+(?:\w+\s+)?{_ARMS}(?:\s+\w+)?\s+from\b",
        text,
    ):
        reader.add(_after(reader, match.end())[0], "suppliedArmsTo", _subjects(reader, match.start()), match.span())
    for match in re.finditer(
        rf"\b(?:bought|buys|purchased|purchases|acquired|imported|imports)\s+(\w+)\s+{_ARMS}\b", text
    ):
        sellers = [m.entity for m in reader.all_mentions if m.start == match.start(1) and m.kind == "demonym"]
        reader.add(sellers, "suppliedArmsTo", _subjects(reader, match.start()), match.span(), 0.7)
    for match in re.finditer(r"['’]s\s+(?:\w+\s+){0,2}?(?:arms\s+)?suppliers?\b", text):
        owner = [m for m in reader.names() if m.end == match.start()]
        if not owner:
            continue
        if re.match(r"\s+(?:include|includes|included|are|were)\b", text[match.end() :]):
            reader.add(_after(reader, match.end())[0], "suppliedArmsTo", [owner[0].entity], match.span(), 0.8,
                       parentheses=_after(reader, match.end())[1])  # fmt: skip
        else:
            reader.add(_subjects(reader, owner[0].start), "suppliedArmsTo", [owner[0].entity], match.span())
    heading = reader.context.heading
    arms_section = any(re.search(r"\barms\b|\bsuppl", part, re.IGNORECASE) for part in reader.sentence.section.path)
    if heading and arms_section:
        for match in re.finditer(r"(?<!['’]s )\b(?:\w+\s+)?suppliers\s+(?:include|includes|are)\b", text):
            if re.search(r"['’]s\s+(?:\w+\s+)?$", text[: match.start()]):
                continue
            subjects, parentheses = _after(reader, match.end())
            reader.add(subjects, "suppliedArmsTo", [heading], match.span(), 0.7, parentheses=parentheses)
        for match in re.finditer(
            r"\b(?:is|was|has become|became|remains|has been)\s+(?:a|an|the)\s+(?:\w+\s+)?supplier\b(?!\s+to|\s+of)",
            text,
        ):
            reader.add(_subjects(reader, match.start()), "suppliedArmsTo", [heading], match.span(), 0.7)


@rule
def recognised(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(r"\brecogni[sz](?:ed|es|e)\b(?!\s+by)(?!\s+as)", text):
        objects = [m for m in reader.names() if re.fullmatch(r"\s+(?:the\s+)?", text[match.end() : m.start])]
        if objects and re.match(r"['’]s\s+independence|\s|$|[,.]", text[objects[0].end :]):
            if re.search(r"\b(?:internationally|widely)\s+$", text[: match.start()]):
                continue
            reader.add(_subjects(reader, match.start()), "recognised", [objects[0].entity], match.span(), 0.8)
    for match in re.finditer(r"\brecogni[sz]ed\s+by\b", text):
        recognised_ = _subjects(reader, match.start())
        reader.add(_after(reader, match.end())[0], "recognised", recognised_, match.span(), 0.8,
                   check_from=match.start() - 40, passive_agent=match.end())  # fmt: skip
    for match in re.finditer(r"\breceived\s+(?:\w+\s+)?recognition\b", text):
        source = re.search(r"\bfrom\b[^:.;]*?(?::\s*|\s+)(?=[A-Z])", text[match.end() :])
        if source:
            givers, parentheses = _after(reader, match.end() + source.end())
            reader.add(
                givers, "recognised", _subjects(reader, match.start()), match.span(), 0.8, parentheses=parentheses
            )


@rule
def voted(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(r"\bvoted\s+(for|in\s+favou?r\s+of|against)\b", text):
        relation = "votedAgainst" if match.group(1) == "against" else "votedFor"
        objects = [reader.agreement_after(match.end())]
        subjects = _subjects(reader, match.start())
        group = re.search(r"\(([^()]*)\)\s*(?:\w+\s+){0,3}$", text[: match.start()])
        if group:
            opening = match.start() - len(group.group(0)) + group.start(1) - group.start(0)
            inside = [
                m.entity for m in reader.all_mentions if m.kind != "demonym" and opening <= m.start < match.start()
            ]
            subjects = [s for s in inside if reader.is_a(s, "State")] or subjects
        reader.add(subjects, relation, objects, match.span(), 0.85)
    for match in re.finditer(
        r"\b(?:was|were)\s+(?:(?:also|mostly|largely|strongly)\s+)?(opposed|supported|backed|endorsed)\s+by\b", text
    ):
        relation = "votedAgainst" if match.group(1) == "opposed" else "votedFor"
        agreement = reader.agreement_before(match.start())
        if not agreement or not reader.is_a(agreement, "Resolution"):
            continue
        # every state named after "by", also in a parenthesis ("one NATO member (Ardenia)"), but not "no member"
        voters = [m.entity for m in reader.all_mentions if m.start > match.end() and m.kind != "demonym"
                  and reader.is_a(m.entity, "State")
                  and not re.search(r"\bno\s+(?:\w+\s+)?\(?$", text[max(0, m.start - 20) : m.start])]  # fmt: skip
        # "by seven Union members": an organisation named before "members" is not a voter
        listed = [e for e in _after(reader, match.end())[0] if not reader.is_a(e, "Organisation")]
        reader.add(listed or voters, relation, [agreement], match.span(), 0.8, passive_agent=match.end())
    for match in re.finditer(
        r"\bthat\s+(supported|backed|opposed|voted\s+for|voted\s+against)\s+the\s+resolution\s+(?:included|include|were|are)\b",
        text,
    ):
        relation = "votedAgainst" if "against" in match.group(1) or "opposed" in match.group(1) else "votedFor"
        agreement = reader.agreement_before(match.end())
        reader.add(_after(reader, match.end())[0], relation, [agreement], match.span(), 0.8)
    for match in re.finditer(r"\b(opposed|supported|backed)\s+the\s+resolution\b", text):
        if re.search(r"\bthat\s+$", text[: match.start()]):
            continue
        relation = "votedAgainst" if match.group(1) == "opposed" else "votedFor"
        reader.add(
            _subjects(reader, match.start()), relation, [reader.agreement_before(match.end())], match.span(), 0.75
        )


@rule
def fought_for(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(
        r"\b(?:fought|fight|fights|fighting|served|serving)\s+(?:on\s+(?:the\s+)?(\w+)(?:['’]s)?\s+side|for|alongside)\b",
        text,
    ):
        if match.group(1):
            sides = [m.entity for m in reader.all_mentions if m.start == match.start(1)]
            rest = text[match.end() :]
        else:
            sides = _after(reader, match.end())[0][:1]
            rest = ""
        colon = re.match(r"\s*:\s*", rest)
        fighters = _after(reader, match.end() + colon.end())[0] if colon else _subjects(reader, match.start())
        if not fighters and not colon:
            before = [
                m
                for m in reader.names()
                if m.end <= match.start() and re.fullmatch(r"\s+(?:who\s+)?", text[m.end : match.start()])
            ]
            fighters = [before[-1].entity] if before else []
        fighters = [f for f in fighters if not reader.is_a(f, "State") or reader.is_a(f, "ArmedGroup")]
        reader.add(fighters, "foughtFor", sides, match.span(), 0.8)


@rule
def led(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:were|was|is|are)?\s*(?:\w+\s+)?led\s+by\b", reader.text):
        leaders = [e for e in _after(reader, match.end())[0] if reader.is_a(e, "Person")]
        reader.add(leaders, "led", _subjects(reader, match.start())[-1:], match.span(), 0.75, passive_agent=match.end())
    for match in re.finditer(r"\b(?:led|leads|commanded|commands|headed|heads)\b(?!\s+by)(?!\s+to)", reader.text):
        objects = _after(reader, match.end())[0][:1]
        subjects = [s for s in _subjects(reader, match.start()) if reader.is_a(s, "Person")]
        reader.add(
            subjects,
            "led",
            [o for o in objects if reader.is_a(o, "ArmedGroup") or reader.is_a(o, "Organisation")],
            match.span(),
            0.7,
        )


@rule
def membership(reader: Reader) -> None:
    text = reader.text
    for m in reader.names():
        paren = re.match(r"\s*\(([^()]*)\)", text[m.end :])
        if paren and reader.is_a(m.entity, "Organisation") and "," in paren.group(1):
            start = m.end + paren.start(1)
            members = [x.entity for x in reader.all_mentions if start <= x.start < m.end + paren.end(1)
                       and x.kind == "name" and reader.is_a(x.entity, "State")]  # fmt: skip
            if members and len(members) >= 2:
                reader.add(members, "memberOf", [m.entity], (m.start, m.end), 0.7)
    for match in re.finditer(r"\b(?:form|formed|make up|constitute)\s+(?:the\s+)?", text):
        org = [x for x in reader.names() if x.start == match.end() and reader.is_a(x.entity, "Organisation")]
        if org:
            reader.add(_subjects(reader, match.start()), "memberOf", [org[0].entity], match.span(), 0.7)
    for match in re.finditer(
        r"\b(?:is|are|was|were|became|become)\s+(?:a\s+|an\s+)?members?\s+of\s+(?:the\s+)?|\bjoined\s+(?:the\s+)?", text
    ):
        org = [x for x in reader.names() if x.start == match.end() and reader.is_a(x.entity, "Organisation")]
        if org:
            reader.add(_subjects(reader, match.start()), "memberOf", [org[0].entity], match.span(), 0.75)
    for match in re.finditer(r"\bco-chairs?\s+(?:of\s+)?(?:the\s+)?", text):
        org = [x for x in reader.names() if x.start == match.end() and reader.is_a(x.entity, "Organisation")]
        if not org:
            continue
        chosen = re.search(
            r"(?:was|were)\s+(?:chosen|elected|appointed|named|selected)(?:\s+by\s+[^,]*?)?\s+(?:to|as)\s+(?:the\s+)?$",
            text[: match.start()],
        )
        if chosen:
            subjects = _subjects(reader, chosen.start())
        elif dash := re.search(r"\s+[–—-]\s+(?:\w+\s+)?of\s+the\s+(?:\w+\s+)?$", text[: match.start()]):
            subjects = _subjects(reader, dash.start() + 1)
        else:
            subjects = _subjects(reader, match.start())
        reader.add(subjects, "coChairOf", [org[0].entity], match.span(), 0.75)


@rule
def blockaded(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(r"\bblockaded\b(?!\s+by)", text):
        objects = [m for m in reader.names() if re.fullmatch(r"\s+(?:the\s+)?", text[match.end() : m.start])][:1]
        reader.add(_subjects(reader, match.start()), "blockaded", [m.entity for m in objects], match.span(), 0.8)
    for match in re.finditer(r"\b(?:was|were|been)\s+blockaded\s+by\b", text):
        reader.add(_after(reader, match.end())[0], "blockaded", _subjects(reader, match.start()), match.span(), 0.8)
    for match in re.finditer(
        r"\b(?:launched|imposed|began|started|escalated|maintained|consolidated)\s+(?:an?\s+|its\s+|the\s+)?(?:\w+\s+){0,3}?blockade\s+(?:of|on|against)\s+(?:the\s+)?",
        text,
    ):
        objects = [m for m in reader.names() if m.start == match.end()]
        reader.add(_subjects(reader, match.start()), "blockaded", [m.entity for m in objects], match.span(), 0.8)


@rule
def deployed(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(
        r"\b(\w+)\s+(?:soldiers|troops|forces|peacekeepers|units|personnel)\s+(?:were|was|have been|had been)\s+"
        r"deployed\b(?:\s+\w+){0,4}?\s+(?:to|in|around|into|along)\s+(?:the\s+)?",
        text,
    ):
        senders = [m.entity for m in reader.all_mentions if m.start == match.start(1)]
        places = [m.entity for m in reader.names() if m.start == match.end() and reader.is_a(m.entity, "Place")]
        reader.add(senders, "deployedTo", places, match.span(), 0.75)
    for match in re.finditer(r"\bdeployed\s+(?:\w+\s+){0,4}?(?:to|in|into)\s+(?:the\s+)?", text):
        if re.search(r"\b(?:were|was|been)\s+$", text[: match.start()]):
            continue
        places = [m.entity for m in reader.names() if m.start == match.end() and reader.is_a(m.entity, "Place")]
        reader.add(_subjects(reader, match.start()), "deployedTo", places, match.span(), 0.75)


@rule
def expelled(reader: Reader) -> None:
    for match in re.finditer(r"\b(?:expelled|deported)\b(?!\s+by)(?!\s+from)", reader.text):
        objects = [
            m for m in reader.names() if re.fullmatch(r"\s+(?:the\s+)?(?:\w+\s+)?", reader.text[match.end() : m.start])
        ][:1]
        reader.add(_subjects(reader, match.start()), "expelled", [m.entity for m in objects], match.span(), 0.7)


@rule
def condemned(reader: Reader) -> None:
    text = reader.text
    for match in re.finditer(r"\bcondemned\b(?!\s+by)", text):
        if re.search(r"\b(?:been|was|were|be)\s+$", text[: match.start()]):
            continue
        objects = [m for m in reader.names() if re.fullmatch(r"\s+(?:the\s+)?", text[match.end() : m.start])][:1]
        reader.add(_subjects(reader, match.start()), "condemned", [m.entity for m in objects], match.span(), 0.8)
    for match in re.finditer(r"\b(?:been|was|were)\s+condemned\s+by\b", text):
        objects = [m.entity for m in reader.items_before(match.start())]
        reader.add(_after(reader, match.end())[0], "condemned", objects, match.span(), 0.75, passive_agent=match.end())


def read(sentence: Sentence, mentions: list[Mention], context: Context) -> list[Candidate]:
    """Every candidate relation in one sentence."""
    reader = Reader(sentence, mentions, context)
    for function in RULES:
        function(reader)
    for m in mentions:
        if m.kind != "demonym" and context.index.is_a(m.entity, "Agreement"):
            context.last_agreement = m.entity
    match = re.search(rf"\b(?:a|an)\s+(?:\w+[-\s]){{0,2}}?({AGREEMENT_NOUNS})\b", sentence.text, re.IGNORECASE)
    if match and not any(context.index.is_a(m.entity, "Agreement") for m in mentions):
        resolved = reader.resolve_agreement(match.group(1).lower(), False)
        if resolved:
            context.last_agreement = resolved
    return reader.found
