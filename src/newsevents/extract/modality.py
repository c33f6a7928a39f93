"""How firmly the article commits to an event: negation, hedges, plans, threats and allegations."""

from __future__ import annotations

import functools

from spacy.tokens import Token

from newsevents.extract.attribution import Source, applies_to
from newsevents.extract.claims import ClaimFound
from newsevents.extract.lexicon import cues
from newsevents.extract.mentions import LIGHT_VERBS, Mention
from newsevents.extract.syntax import token_span
from newsevents.model import Modality, SourceKind, Span

# Dependencies along which a governing verb's meaning reaches down to the event
# ("tried to take over", "threatened that it would attack").
_SCOPE_DEPS = frozenset({"xcomp", "ccomp", "conj"})


@functools.cache
def _lookup(section: str) -> dict[str, Modality]:
    table: dict[str, list[str]] = getattr(cues(), section)
    return {w: Modality(kind) for kind, words in table.items() for w in words}


def _clause_head(m: Mention) -> Token:
    """The verb whose clause states the event: the trigger, or its light verb."""
    head = m.head
    if (
        head.pos_ != "VERB"
        and head.dep_ in ("dobj", "obj")
        and head.head.lemma_.lower() in LIGHT_VERBS
    ):
        return head.head
    return head


def mention_modality(
    m: Mention, sources: list[Source], claim: ClaimFound | None, text: str
) -> tuple[Modality, list[Span], float]:
    """The modality of mention ``m`` with the words that signal it and a confidence."""
    c = cues()
    verb = _clause_head(m)
    if claim is not None and claim.replaces_agent:
        return Modality.claimed, [s for s in claim.claim.spans[-1:]], 0.8
    for child in (*verb.children, *m.head.children):
        if child.dep_ == "neg" or (child.lower_ in c.negations and child.dep_ in ("neg", "det")):
            return Modality.negated, [token_span([child], text)], 0.8
    # Unnamed sources make an allegation whatever else the sentence says.
    for src in sources:
        if not applies_to(src, m.head):
            continue
        if src.attribution.kind == SourceKind.sources:
            return Modality.alleged, [token_span([src.subject, src.verb], text)], 0.65
    governed = _governing(verb, text) or _negated_purpose(verb, text)
    if governed is not None:
        return governed
    for child in verb.children:
        if child.dep_ == "aux" and child.lemma_.lower() in _lookup("modal_verbs"):
            perfect = any(a.lemma_.lower() == "have" and a.i > child.i for a in verb.children)
            kind = Modality.suspected if perfect else _lookup("modal_verbs")[child.lemma_.lower()]
            return kind, [token_span([child], text)], 0.7
        if child.dep_ == "mark" and child.lower_ in c.conditionals:
            return Modality.hypothetical, [token_span([child], text)], 0.7
        if child.dep_ == "advmod" and child.lower_ in _lookup("adverbs"):
            return _lookup("adverbs")[child.lower_], [token_span([child], text)], 0.75
    for child in m.head.children:
        if child.dep_ in ("amod", "compound") and child.lower_ in _lookup("adjectives"):
            return _lookup("adjectives")[child.lower_], [token_span([child], text)], 0.75
        if child.dep_ == "advmod" and child.lower_ in _lookup("adverbs"):
            return _lookup("adverbs")[child.lower_], [token_span([child], text)], 0.75
    return Modality.asserted, [], 0.6


def _governing(verb: Token, text: str) -> tuple[Modality, list[Span], float] | None:
    """A verb above the event that makes it planned, threatened, denied, suspected or alleged."""
    table = _lookup("governing_verbs")
    node = verb
    for _ in range(3):
        if node.dep_ not in _SCOPE_DEPS or node.head == node:
            return None
        gov = node.head
        lemma = gov.lemma_.lower()
        if node.dep_ == "conj":
            node = gov
            continue
        if lemma in table:
            return table[lemma], [token_span([gov], text)], 0.75
        node = gov
    return None


def _negated_purpose(verb: Token, text: str) -> tuple[Modality, list[Span], float] | None:
    """An event in the purpose clause of a negated verb did not happen either: "the law was
    not applied to nab the culprits"."""
    if verb.dep_ not in ("advcl", "xcomp") or verb.head == verb:
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    for child in verb.head.children:
        if child.dep_ == "neg":
            return Modality.negated, [token_span([child], text)], 0.7
    return None
