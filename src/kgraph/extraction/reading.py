"""Reading one sentence: its entities, the coordinated lists before and after a trigger, the agreement it
speaks of, and the candidates the rules (rules/) propose from it.

Each rule finds a trigger (a verb or a fixed phrase), takes the coordinated list of entities before it as
subjects and after it as objects (or the reverse for passives), and proposes a candidate; hedges.py gives
its status and sources, and negated sentences give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgraph.extraction.agency import acting_for
from kgraph.extraction.hedges import Attribution, attribution, negated, outside_parentheses
from kgraph.extraction.lexicon import office_pattern
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
    on_behalf_of: str | None = None  # the party a person subject acted for (agency.py)


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
            if m.kind == "demonym" or self.title_of_next(m) or re.match(r"-[a-z]", self.text[m.end : m.end + 2]):
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

    def office_holder(self, place: Mention, gap: str) -> Mention | None:
        """The person named right after "the <office> of <place>" (a list item that is a person with a title)."""
        if not re.search(rf"\b(?:{office_pattern()}|x+)\s+of\s+(?:the\s+)?(?:[a-z]\w*\s+)?$", gap):
            return None
        for m in self.all_mentions:
            if m.start > place.end and m.kind != "demonym":
                if re.fullmatch(r",?\s+", self.text[place.end : m.start]) and self.person(m.entity):
                    return m
                return None
        return None

    def person(self, entity: str) -> bool:
        """A Person, or a proposed name that can only be one here (typed Person from now on)."""
        if self.is_a(entity, "Person"):
            return True
        if self.index.looks_personal(entity):
            self.index.retype(entity, "Person")
            return True
        return False

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
            if m.start < cursor or re.match(r"-[a-z]", self.text[m.end : m.end + 2]):
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
            holder = self.office_holder(m, gap)
            if holder is not None:  # "the President of Norvania Vesna Orlic": the item is the person
                m, cursor = holder, holder.end
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
                if re.search(r"\b(?:formally|officially|known as|or)\s+(?:the\s+)?$", self.text[: m.start]):
                    continue  # another name of the agreement the sentence is about
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
        main = self.context.main
        if main and self.is_a(main, "Agreement") and not plural:
            names = (self.index.label(main), *self.index.aliases(main))
            if any(re.match(rf"(?:The\s+)?{re.escape(n)}\b", self.text) for n in names):
                return main  # the sentence is about the article's agreement: "The X accord was a ceasefire …"
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
        main = self.context.main
        if not matches and main and self.is_a(main, "Agreement") and not plural:
            return main  # the article is about an agreement: "a ceasefire", "the deal" is that agreement
        own_years = years(self.text)  # a year from a section heading is not part of a name
        if not matches and own_years and not plural:
            name = f"{own_years[0]} {noun}"
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
        denied_by: tuple[str, ...] = (),
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
                    found = Attribution(
                        status, according_to or found.according_to, denied_by or found.denied_by, found.disputed_by
                    )
                if subject in found.according_to and found.status == "asserted" and relation != "sufferedLossesIn":
                    found = Attribution(found.status, tuple(a for a in found.according_to if a != subject))
                acted_for = acting_for(self, subject, relation, trigger)
                self.found.append(
                    Candidate(
                        subject,
                        relation,
                        obj,
                        self.sentence,
                        found,
                        role=role,
                        confidence=confidence,
                        on_behalf_of=acted_for if acted_for not in (obj,) else None,
                    )
                )


def verb_subjects(reader: Reader, position: int) -> list[str]:
    """The subjects of a verb at `position`: the list before it, else a pronoun's or a demonym's referent."""
    if re.search(r",\s+and\s+(?:was|were|is|are|has|had|have)\s+(?:[a-z]+\s+){0,2}$", reader.text[:position]):
        return main_subject(reader, position)  # ", and were armed by": a second predicate of the main subject
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


def listed_after(reader: Reader, position: int) -> tuple[list[str], dict[str, str]]:
    """The entities listed after `position`, and the parenthesis each carries."""
    items = reader.items_after(position)
    return [m.entity for m, _ in items], {m.entity: p for m, p in items if p}
