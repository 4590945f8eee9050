"""A corpus of articles with gold files, drafted and scored (see gold.py): what `kgraph eval --gold` runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kgraph.catalogue import Entity
from kgraph.extraction import Extraction, extract
from kgraph.extraction.gold import Gold, GoldFact, GoldReport, article_path, gold_files, read_gold, score
from kgraph.ontology import Ontology
from kgraph.source import Document, read_document, sentences


@dataclass(frozen=True)
class Drafted:
    gold: Gold
    document: Document
    extraction: Extraction


def names_of(catalogue: dict[str, Entity], extraction: Extraction):
    """Every name an entity id goes by (label and aliases, lower case), for matching against gold aliases."""
    proposed = {e.id: e for e in extraction.proposed_entities}

    def names(entity_id: str) -> tuple[str, ...]:
        entity = catalogue.get(entity_id) or proposed.get(entity_id)
        if entity is None:
            return (entity_id,)
        return tuple(dict.fromkeys(n.lower() for n in (entity.label, *entity.aliases)))

    return names


def draft_corpus(paths: list[Path], catalogue: dict[str, Entity], ontology: Ontology) -> list[Drafted]:
    """Each gold file's article drafted with the catalogue."""
    drafted = []
    for path in gold_files(paths):
        gold = read_gold(path)
        document = read_document(article_path(gold))
        drafted.append(Drafted(gold, document, extract(document, path.name, catalogue, ontology)))
    return drafted


def score_corpus(drafted: list[Drafted], catalogue: dict[str, Entity]) -> GoldReport:
    return score([(d.gold, d.extraction.statements, names_of(catalogue, d.extraction)) for d in drafted])


def sentence_of(document: Document, fact: GoldFact) -> str:
    """The first sentence naming both sides of a gold fact (else its subject), to show with a miss."""
    found = sentences(document)

    def names(text: str, aliases: tuple[str, ...]) -> bool:
        lower = text.lower()
        return any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", lower) for a in aliases)

    for test in (lambda t: names(t, fact.subject) and names(t, fact.object), lambda t: names(t, fact.subject)):
        for sentence in found:
            if test(sentence.text):
                return sentence.text
    return ""
