"""The sentence rules, one module per relation family, and the registry that runs them in order.

To add a rule: write a function `rule(reader: Reader) -> None` in the family's module (or a new one) that calls
`reader.add(...)` with a confidence from confidence.py, and list it in RULES below.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kgraph.extraction.mentions import Mention
from kgraph.extraction.reading import AGREEMENT_NOUNS, Candidate, Context, Reader
from kgraph.extraction.rules import (
    actions,
    arms,
    belligerents,
    leadership,
    mediation,
    membership,
    recognition,
    signing,
    support,
    votes,
)
from kgraph.source import Sentence

Rule = Callable[[Reader], None]

RULES: tuple[Rule, ...] = (
    signing.signed,
    signing.signed_between,
    signing.forced_to_sign,
    mediation.brokered,
    mediation.mediation,
    mediation.auspices,
    arms.supplied_arms,
    arms.supply_deal,
    recognition.recognised,
    recognition.refused_recognition,
    votes.voted,
    belligerents.fought_for,
    belligerents.sides,
    belligerents.waged_against,
    leadership.led,
    leadership.office_holders,
    membership.membership,
    actions.blockaded,
    actions.deployed,
    actions.expelled,
    actions.condemned,
    support.supported,
    support.support_nouns,
    support.trained,
    support.funded,
    support.biased,
    support.supported_by,
    support.support_from,
)


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
