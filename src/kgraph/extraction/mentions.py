"""Mentions: catalogue entities found by label, alias or demonym, and capitalised names not in the catalogue,
proposed as new entities with a type guessed from simple cues."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from kgraph.catalogue import Entity
from kgraph.extraction.lexicon import alternatives, lines, title_pattern
from kgraph.extraction.linking import NameTable, fold, formal_state_name, possible_matches
from kgraph.ontology import Ontology

PROPOSED_PATH = Path("<extracted>")


@dataclass(frozen=True)
class Mention:
    """An entity named in a sentence; offsets are relative to the sentence text."""

    start: int
    end: int
    entity: str
    text: str
    kind: str = "name"  # "name" (label or alias), "demonym" ("Armenian"), "proposed" (not in the catalogue)


# Capitalised words that start sentences or clauses and are never names on their own.
def _words(text: str) -> set[str]:
    return set(text.split())


_FUNCTION_WORDS = _words(
    "A An The In On At By For From Of To As After Before During Following Since Until When While Where "
    "Whereas However Although Though Despite Both Either Neither Each Every All Some Most Many Several "
    "Few No None This That These Those It Its He She His Her They Their Them We Our There Here Then Thus "
    "Also Later Meanwhile Upon Under Over Between Among Within Without Amid Through Throughout Against "
    "Along Around Across Near Only Other Another Such Three Two One Four Five Six Seven Eight Nine Ten "
    "First Second Third Last Next Former Current Late Early Further Furthermore Moreover Additionally "
    "Instead Yet But And Or Nor So If Because Once Prior Per Via Mr Mrs Ms Dr Prof "
)
_MONTHS = set(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
TITLES = (
    r"(?:(?:Deputy |Vice |Acting |Former |former |then )?(?:President|Prime Minister|Foreign Minister|Defence Minister|"
    r"Defense Minister|Minister|Chancellor|King|Queen|Emir|Sultan|General|Gen\.|Colonel|Col\.|Commander|Admiral|"
    r"Marshal|Ambassador|ambassador|Senator|Governor|Mayor|Chairman|chairman|Secretary|Dr\.|Mr\.|Mrs\.|Ms\.|"
    r"Professor|journalist|cleric|commander|politician|analyst|businessman|scholar|prime minister|president|"
    r"foreign minister|representative|Representative|secretary|minister|chief of staff))"
)
_NAME_WORD = r"(?:[A-Z][\w.]*(?:[-’'][A-Z][\w.]*)*(?:['’]s(?= [A-Z]))?(?<!\.))"
_CONNECTOR = r"(?:\s+(?:of the|of|for|on|de|al|bin|ibn|van|von)\s+|\s+)"
_NAME = re.compile(rf"(?:[A-Z]\.\s?)*{_NAME_WORD}(?:{_CONNECTOR}{_NAME_WORD})*")
GROUP_NOUNS = rf"(?:{alternatives('group-nouns.txt')})"
# Head nouns an organisation's name continues after "for" or "on" ("Organization for Security", "Authority on
# Development"); after any other word "for"/"on" ends the name.
_ORGANISATION_HEADS = frozenset(lines("organisation-heads.txt"))
# Head words that make a name of the catalogue name (or demonym) before them: "Norvania War", "Velorian Accord".
_NAMED_HEAD = re.compile(
    r"(?:War|Wars|Conflict|Crisis|Insurgency|Uprising|Revolution|Agreement|Agreements|Accord|Accords|Treaty|"
    r"Declaration|Protocol|Ceasefire|Offensive|Campaign|Operation)\b"
)
# An ordinal that is part of an event's or agreement's name: "Second Dorn War", "First Tarvel Accord".
_ORDINAL_EVENT = re.compile(
    r"(?:First|Second|Third|Fourth|Fifth)\s+(?:[A-Z][\w\-–]*\s+)+(?:War|Wars|Conflict|Crisis|Intifada|Uprising|"
    r"Agreement|Accord|Accords|Treaty|Offensive|Campaign|Battle)\b"
)
# A name that a state's name completes: "Democratic Republic of Veloria", "Armed Forces of the Estmark".
_HEADED_BY_STATE = re.compile(
    r"^(?:(?:(?:Democratic|Federal|Socialist|Islamic|People['’]s|Arab|Popular)\s+)+Republic|Armed\s+Forces)\s+of\s+(?:the\s+)?$"
)
_GROUP_TAIL = re.compile(rf"^\s+{GROUP_NOUNS}\b")
_TITLE_BEFORE = re.compile(rf"{TITLES}\s+$")

_IRREGULAR_DEMONYMS = {
    name.strip(): [a.strip() for a in adjectives.split(",")]
    for name, _, adjectives in (
        line.partition(":")
        for line in resources.files("kgraph").joinpath("assets/demonyms.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
}


def demonyms(label: str) -> list[str]:
    """Adjectives of a country name by English rules: Armenia → Armenian, Azerbaijan → Azerbaijani."""
    if label in _IRREGULAR_DEMONYMS:
        return _IRREGULAR_DEMONYMS[label]
    if " " in label:
        return []
    if label.endswith("stan") or label.endswith("an"):
        return [label + "i"]
    if label.endswith("ia") or label.endswith("a"):
        return [label + "n"]
    if label.endswith("ey") or label.endswith("y"):
        return []
    if label.endswith("e"):
        return []
    return [label + "ian"] if label.endswith(("d", "r")) else []


def kebab(text: str) -> str:
    """An id from a name, accents transliterated: "François Mitterrand" → francois-mitterrand."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "").replace("'", ""))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_text = ascii_text.translate(_LETTERS)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "entity"


_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th"})
_GIVEN_NAMES = frozenset(lines("given-names.txt"))
_STATES = frozenset(lines("states.txt"))


def looks_like_person(name: str) -> bool:
    """A name of two to five words whose first is a common given name (assets/given-names.txt)."""
    words = name.split()
    return 2 <= len(words) <= 5 and words[0] in _GIVEN_NAMES and not re.search(r"\b[A-Z]{2,}\b", name)


# Cues for the type of a proposed entity, tried in order; the first that matches wins.
_TYPE_CUES: list[tuple[str, str]] = [
    (r"\b(?:Peace (?:Agreement|Accord|Treaty)|Treaty of Peace)\b", "PeaceAgreement"),
    (r"\b(?:Ceasefire|Cease-fire|Armistice|Truce)\b", "Ceasefire"),
    (r"\bProtocol\b", "Protocol"),
    (r"\bDeclaration\b", "Declaration"),
    (r"\bResolution\b", "Resolution"),
    (r"\b(?:Agreement|Accords?|Treaty|Pact|Memorandum|Convention)\b", "Agreement"),
    (r"\b(?:Act|Law|Constitution|Decree)\b", "Law"),
    (r"\bPeacekeep", "PeacekeepingForce"),
    (r"\bvolunteers\b", "VolunteerGroup"),
    (r"\bmercenaries\b", "MercenaryGroup"),
    (r"\b(?:militants|fighters|militias?|rebels|insurgents|guerrillas|separatists|mujahideen|Militia|Front)\b",
     "Militia"),
    (r"\b(?:Army|Forces|Force|Navy|Air Force|Air Defen[cs]e|Guards?|Brigade|Corps|Battalion|Regiment|Legion)\b",
     "ArmedForces"),
    (r"\bforces\b", "ArmedGroup"),
    (r"\b(?:SSR|Soviet Socialist Republic)\b", "State"),
    (r"(?i)\bwar\b", "War"),
    (r"(?i)\b(?:conflict|dispute|crisis|insurgency)\b", "Conflict"),
    (r"\b(?:Offensive|Operation)\b", "Offensive"),
    (r"\b(?:Clashes|Battle|Siege|Skirmish)\b", "Clash"),
    (r"\bBlockade\b", "Blockade"),
    (r"\bReferendum\b", "Referendum"),
    (r"\bMission\b", "Mission"),
    (r"\b(?:Talks|Summit|Conference|Meeting)\b", "Meeting"),
    (r"\b(?:Ministry|Parliament|Government|Senate|Congress|Assembly|Cabinet|Court|Council of Ministers)\b",
     "GovernmentBody"),
    (r"\b(?:Party)\b", "PoliticalParty"),
    (r"\b(?:Institute|Observatory|University|Centre|Center)\b", "ResearchInstitute"),
    (r"\b(?:Watch|Amnesty|Foundation|Society|Network)\b", "NonGovernmentalOrganisation"),
    (r"\b(?:Organi[sz]ation|Union|Council|Committee|Alliance|Association|League|Group|Community|Bloc)\b",
     "InternationalOrganisation"),
    (r"\b(?:Company|Corporation|Bank|Inc|Ltd|Industries|Systems)\b", "Company"),
    (r"\b(?:Corridor|Road|Highway|Route|Pass|Railway|Pipeline)\b", "Route"),
    (r"\b(?:Republic|Kingdom|Federation|Emirate|Principality|Sultanate|State of)\b", "State"),
    (r"\b(?:Province|District|Region|Valley|Mountains|River|Island|Islands|Oblast)\b", "Region"),
    (r"(?:stan|ia|land)$", "State"),
]  # fmt: skip


def guess_type(name: str, context_before: str = "") -> str:
    """A class of the ontology for a name not in the catalogue, from cues in the name and the words before it
    (a title or rank before it, or a given name opening it, make a Person)."""
    if name in _STATES:
        return "State"
    if _TITLE_BEFORE.search(context_before) or re.search(rf"{title_pattern()}$", context_before):
        return "Person"
    for pattern, type_name in _TYPE_CUES:
        if re.search(pattern, name):
            return type_name
    return "Person" if looks_like_person(name) else "Party"


def guess_title_type(title: str) -> str:
    """The class of an article's subject from its title, whose common nouns may be lower case ("Sochi agreement",
    "Velorian arms deal")."""
    capitalised = re.sub(
        r"\b(agreement|accords?|treaty|declaration|deal|pact|war|conflict|ceasefire|truce)\b",
        lambda m: m.group(1).capitalize(),
        title,
    )
    capitalised = re.sub(r"\bDeal\b", "Agreement", capitalised)
    return guess_type(capitalised)


@dataclass
class EntityIndex:
    """Finds entities in sentences: the catalogue's by name, and proposes the rest."""

    catalogue: dict[str, Entity]
    ontology: Ontology
    proposed: dict[str, Entity] = field(default_factory=dict)
    _surfaces: dict[str, str] = field(default_factory=dict)
    _demonyms: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None
    known_names: set[str] = field(default_factory=set)
    _proposed_demonyms: dict[str, str] = field(default_factory=dict)
    possible_matches: dict[str, tuple[str, ...]] = field(default_factory=dict)  # proposed id → catalogue ids

    def learn(self, text: str) -> None:
        """Remember the capitalised words the document uses inside sentences: names, not sentence openers."""
        self.known_names |= set(re.findall(r"(?<=[a-z,;:] )([A-Z][a-z]+)\b", text))

    def __post_init__(self) -> None:
        ambiguous: set[str] = set()
        self._names, self._demonym_names = NameTable(), NameTable()
        for entity in self.catalogue.values():
            for surface in (entity.label, *entity.aliases):
                if surface in self._surfaces and self._surfaces[surface] != entity.id:
                    ambiguous.add(surface)
                self._surfaces.setdefault(surface, entity.id)
                self._names.add(surface, entity.id)
        for surface in ambiguous:
            del self._surfaces[surface]
        for entity in self.catalogue.values():
            if self.is_a(entity.id, "State") and "HistoricalPolity" not in entity.types:
                for name in (entity.label, *entity.aliases):
                    for adjective in demonyms(name):
                        if adjective not in self._surfaces and fold(adjective) not in self._names.by_folded:
                            self._demonyms.setdefault(adjective, entity.id)
                            self._demonym_names.add(adjective, entity.id)
        exact = {fold(n) for n in (*self._surfaces, *self._demonyms)}  # a name two entities share folded stays
        names = sorted(exact | set(self._names.names()) | set(self._demonym_names.names()), key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in names if n) or r"(?!)"  # an empty catalogue matches nothing
        self._pattern = re.compile(r"(?<![\w])(?:" + alternatives + r")(?![\w])")

    # --- types ---
    def types(self, entity_id: str) -> tuple[str, ...]:
        entity = self.catalogue.get(entity_id) or self.proposed.get(entity_id)
        return entity.types if entity else ()

    def is_a(self, entity_id: str, class_name: str) -> bool:
        required = self.ontology.classes.get(class_name)
        types = [self.ontology.classes[t] for t in self.types(entity_id) if t in self.ontology.classes]
        return required is not None and self.ontology.fits(types, required)

    def label(self, entity_id: str) -> str:
        entity = self.catalogue.get(entity_id) or self.proposed.get(entity_id)
        return entity.label if entity else entity_id

    def aliases(self, entity_id: str) -> tuple[str, ...]:
        entity = self.catalogue.get(entity_id) or self.proposed.get(entity_id)
        return entity.aliases if entity else ()

    def lookup(self, surface: str) -> str | None:
        """The entity a whole name stands for: a catalogue label or alias, or an already proposed name."""
        surface = surface.strip()
        if surface in self._surfaces:
            return self._surfaces[surface]
        if surface.startswith("the ") and surface[4:] in self._surfaces:
            return self._surfaces[surface[4:]]
        folded = self._names.get(surface[4:] if surface.startswith("the ") else surface)
        if folded is not None:
            return folded
        for entity in self.proposed.values():
            if surface == entity.label or surface in entity.aliases:
                return entity.id
        return None

    def add_alias(self, entity_id: str, alias: str) -> None:
        """Another name of a proposed entity ("also known as …"), found by lookup from now on."""
        entity = self.proposed.get(entity_id)
        if entity is not None and alias != entity.label and alias not in entity.aliases:
            self.proposed[entity_id] = replace(entity, aliases=(*entity.aliases, alias))

    # --- mentions ---
    def find(self, text: str, propose: bool = True) -> list[Mention]:
        """Every mention in `text`, longest first and without overlaps, in order."""
        mentions: list[Mention] = []
        taken = [False] * len(text)
        assert self._pattern is not None
        for match in self._pattern.finditer(fold(text)):  # case and accents aside: "RUSSIA", "Merimee"
            surface = text[match.start() : match.end()]
            named = self._surfaces.get(surface) or self._names.get(surface)
            if named is not None:
                mentions.append(Mention(match.start(), match.end(), named, surface))
            elif re.search(r"[A-Z]\w*-$", text[: match.start()]) and re.match(r"\s+[A-Z]", text[match.end() :]):
                continue  # "Russo-Georgian": the second half of a compound adjective, part of a longer name
            elif (demonym := self._demonyms.get(surface) or self._demonym_names.get(surface)) is not None:
                mentions.append(Mention(match.start(), match.end(), demonym, surface, "demonym"))
            else:
                continue  # "us" is not "US"; a lower-case word is not a name
            for i in range(match.start(), match.end()):
                taken[i] = True
        for entity in sorted(self.proposed.values(), key=lambda e: -max(len(n) for n in (e.label, *e.aliases))):
            for surface in sorted((entity.label, *entity.aliases), key=len, reverse=True):
                if " " not in surface:
                    continue  # a proposed name of several words is found whole, before its parts are proposed
                for match in re.finditer(rf"(?<![\w]){re.escape(surface)}(?![\w])", text):
                    if not any(taken[match.start() : match.end()]):
                        mentions.append(Mention(match.start(), match.end(), entity.id, surface, "proposed"))
                        for i in range(match.start(), match.end()):
                            taken[i] = True
        for adjective, entity_id in self._proposed_demonyms.items():
            for match in re.finditer(rf"(?<![\w]){re.escape(adjective)}(?![\w])", text):
                following = re.match(r"\s+([A-Z][\w\-]*)", text[match.end() :])
                if following and not re.match(title_pattern(), following.group(1) + " "):
                    continue  # "Velorian Guard Corps": part of a longer name, not the state
                if not any(taken[match.start() : match.end()]):
                    mentions.append(Mention(match.start(), match.end(), entity_id, adjective, "demonym"))
                    for i in range(match.start(), match.end()):
                        taken[i] = True
        before = set(self.proposed)
        if propose:
            for start, end, name, type_name in self.candidate_names(text, taken):
                entity_id = self.propose(name, type_name, text)
                mentions = [m for m in mentions if not (start <= m.start and m.end <= end)]
                mentions.append(Mention(start, end, entity_id, name, "proposed"))
        mentions.sort(key=lambda m: m.start)
        return self._abbreviations(text, mentions, before)

    def _abbreviations(self, text: str, mentions: list[Mention], before: set[str]) -> list[Mention]:
        """ "Norvanian Liberation Front (NLF)": one proposed entity with both names (the one known first keeps
        its id)."""
        merged: dict[str, str] = {}
        for name, abbr in itertools.pairwise(mentions):
            if name.kind != "proposed" or abbr.kind != "proposed" or name.entity == abbr.entity:
                continue
            if not re.fullmatch(r"\s*\(", text[name.end : abbr.start]) or not re.fullmatch(r"[A-Z]{2,8}", abbr.text):
                continue
            if not text[abbr.end :].startswith(")"):
                continue
            keep, drop = (abbr.entity, name.entity) if abbr.entity in before else (name.entity, abbr.entity)
            if drop in before:
                continue  # both known already: leave them
            dropped = self.proposed.pop(drop)
            self.add_alias(keep, dropped.label)
            self._proposed_demonyms = {a: keep if e == drop else e for a, e in self._proposed_demonyms.items()}
            merged[drop] = keep
        return [replace(m, entity=merged.get(m.entity, m.entity)) for m in mentions]

    def candidate_names(self, text: str, taken: list[bool]) -> list[tuple[int, int, str, str]]:
        """Capitalised names outside catalogue mentions: (start, end, name, guessed type)."""
        found = []
        for match_start, match_end in _name_spans(text):
            start, end = match_start, match_end
            while start < end and (taken[start] or (start > match_start and text[start] == " ")):
                start += 1  # past a catalogue mention and the space after it ("<Office> Aron Vell")
            if start > match_start and _NAMED_HEAD.match(text[start:end]):
                start = match_start  # "Veloria War", "Velorian Accord": a name that a catalogue name opens
            if any(taken[start:end]):
                cut = start + next(i for i, t in enumerate(taken[start:end]) if t)
                if not _HEADED_BY_STATE.search(text[start:cut]):
                    end = cut  # else "Democratic Republic of Veloria": one name around the catalogue's
            name = text[start:end].strip(" -.")
            end = start + len(name)
            words = name.split()
            while (
                words
                and not _ORDINAL_EVENT.match(" ".join(words))
                and (
                    words[0] in _FUNCTION_WORDS
                    or words[0] in _MONTHS
                    or words[0].rstrip(".") in ("Mr", "Mrs", "Dr", "Gen", "Col")
                )
            ):
                start += len(words[0]) + 1
                words = words[1:]
            title = re.match(rf"{TITLES}\s+", " ".join(words)) or re.match(title_pattern(), " ".join(words))
            if title and len(words) > len(title.group(0).split()):
                cut = len(title.group(0))
                start += cut
                words = " ".join(words)[cut:].split()
            while words and words[0] in ("of", "the"):  # "President of Norvania …" once the title is cut
                start += len(words[0]) + 1
                words = words[1:]
            for k in range(len(words) - 1, 0, -1):  # "Norvania's Intelligence Bureau": a known owner, then a name
                owner = " ".join(words[:k])
                if owner[-2:] in ("'s", "’s") and self.lookup(owner[:-2]) and words[k][:1].isupper():
                    found.append((start, start + len(owner) - 2, owner[:-2], guess_type(owner[:-2], text[:start])))
                    start += len(owner) + 1
                    words = words[k:]
                    title = re.match(title_pattern(), " ".join(words))  # "Norvania's High Representative Vesna Orlic"
                    if title and len(words) > len(title.group(0).split()):
                        start += len(title.group(0))
                        words = " ".join(words)[len(title.group(0)) :].split()
                    break
            for k in range(len(words) - 1, 0, -1):  # "Norvania Vesna Orlic": a known name, then another
                prefix = " ".join(words[:k])
                rest = " ".join(words[k:])
                if (
                    self.lookup(prefix)
                    and words[k][:1].isupper()
                    and 2 <= len(words) - k <= 4
                    and guess_type(rest) in ("Party", "Person")  # "Morland Trade Bank" stays one name
                    and text[start : start + len(prefix)] == prefix
                ):
                    found.append((start, start + len(prefix), prefix, guess_type(prefix, text[:start])))
                    start += len(prefix) + 1
                    words = words[k:]
                    break
            while words and words[-1] in ("of", "the", "and", "for", "on", "de"):
                words = words[:-1]
            name = " ".join(words)
            if not name or text[start : start + len(name)] != name:
                continue
            end = start + len(name)
            tail = _GROUP_TAIL.match(text[end:])
            if tail:
                name = text[start : end + tail.end()].strip()
                end = start + len(name)
            if re.match(r"-[a-z]", text[end : end + 2]) and self.lookup(name) is None and name not in self.known_names:
                continue  # "Turkish-backed", "US-brokered": an adjective, unless the document uses it as a name
            if not _acceptable(name, text, start, self.known_names):
                continue
            found.append((start, end, name, guess_type(name, text[:start])))
        return found

    def looks_personal(self, entity_id: str) -> bool:
        """A proposed entity typed only Party whose name could be a person's: two to four capitalised words."""
        entity = self.proposed.get(entity_id)
        return (
            entity is not None
            and entity.types == ("Party",)
            and entity.label not in _STATES
            and bool(
                re.fullmatch(
                    r"[A-Z][a-z\w’'\-]+(?:\s+(?:(?:al|bin|ibn|de|van|von)\s+)?[A-Z][\w’'\-]+){1,3}", entity.label
                )
            )
            and not re.search(r"(?:stan|ia|land)$", entity.label)
        )

    def retype(self, entity_id: str, type_name: str) -> None:
        """Narrow a proposed entity typed only Party to `type_name` (a title or an office said what it is)."""
        entity = self.proposed.get(entity_id)
        if entity is not None and entity.types == ("Party",) and type_name != "Party":
            self.proposed[entity_id] = replace(entity, types=(type_name,))
            if type_name == "State":
                for adjective in demonyms(entity.label):
                    self._proposed_demonyms.setdefault(adjective, entity_id)

    def propose(self, name: str, type_name: str, sentence: str) -> str:
        existing = self.lookup(name) or self._formal_name_of_state(name)
        if existing:
            self.retype(existing, type_name)
            return existing
        entity_id = kebab(name)
        while entity_id in self.catalogue or entity_id in self.proposed:
            entity_id += "-new"
        words = sentence.split()
        start = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
        if type_name == "State":
            for adjective in demonyms(name):
                self._proposed_demonyms.setdefault(adjective, entity_id)
        self.proposed[entity_id] = Entity(
            id=entity_id,
            types=(type_name,),
            label=name,
            aliases=(),
            description=f"Proposed by the extractor from: {start}",
            wikidata=None,
            path=PROPOSED_PATH,
            line=None,
        )
        maybe = possible_matches(
            name,
            ((e.id, (e.label, *e.aliases)) for e in self.catalogue.values() if e.path != PROPOSED_PATH),
            lambda other: self.is_a(other, type_name) or set(self.types(other)) & {type_name},
        )
        formal = self._formal_name_of_state(name, certain=False)
        if formal is not None:
            maybe = tuple(sorted({*maybe, formal}))
        if maybe:
            self.possible_matches[entity_id] = maybe
        return entity_id

    def state_named(self, name: str) -> str | None:
        """The catalogue state a name or demonym stands for ("Armenia", "Armenian"), if any."""
        found = self._names.get(name) or self._demonym_names.get(name)
        return found if found is not None and self.is_a(found, "State") else None

    def _formal_name_of_state(self, name: str, certain: bool = True) -> str | None:
        """A catalogue state under a formal name: certainly ("Russian Federation"), or possibly ("Republic of
        China" may or may not be the catalogue's China)."""
        found = formal_state_name(name)
        if found is None or found[1] != certain:
            return None
        return self.state_named(found[0])


def _name_spans(text: str) -> list[tuple[int, int]]:
    """Runs of capitalised words, split at "for"/"on" unless an organisation's head noun comes before it
    ("Estmark for Veloria" is two names; "Council for Peace" is one)."""
    spans = []
    for match in _NAME.finditer(text):
        start = match.start()
        for connector in re.finditer(r"(\S+) (?:for|on) ", match.group(0)):
            if connector.group(1) not in _ORGANISATION_HEADS:
                spans.append((start, match.start() + connector.end(1)))
                start = match.start() + connector.end()
        spans.append((start, match.end()))
    return spans


def _acceptable(name: str, text: str, start: int, known: set[str]) -> bool:
    if len(name) < 2 or name in _FUNCTION_WORDS or name in _MONTHS or _NAMED_HEAD.fullmatch(name):
        return False  # a head word alone ("War") is a fragment of a name, not one
    latin = sum(c.isascii() or unicodedata.decomposition(c) != "" for c in name if c.isalpha())
    if latin < sum(c.isalpha() for c in name) * 0.8:
        return False  # a name in another script (a transliteration is for the curator)
    if re.fullmatch(r"[A-Z][a-z]+", name) and start == 0:
        # A lone capitalised word at the start of a sentence is usually an ordinary word, unless the
        # document also writes it capitalised inside a sentence (see EntityIndex.learn).
        return bool(re.search(r"(?:stan|ia|land)$", name)) or name in known
    if re.fullmatch(r"[A-Z]\.?", name) or re.fullmatch(r"\d.*", name) or not re.match(r"[A-Z]", name):
        return False
    if start > 0 and text[start - 1] in "-’'":
        return False  # "post-Soviet", "Non-Muslim": part of a compound word
    following = text[start + len(name) : start + len(name) + 30]
    if " " not in name and re.search(r"(?:ian|ish|ese|ic|i)$", name) and re.match(r"\s+[a-z]", following):
        return False  # "Ukrainian nationalist": an adjective
    return not any(word in _MONTHS for word in name.split())
