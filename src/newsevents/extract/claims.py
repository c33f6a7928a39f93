"""Claims and denials of responsibility: records of their own, never the perpetrator."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from newsevents.extract.lexicon import cues
from newsevents.extract.mentions import Mention, Participant
from newsevents.extract.participants import ArticleActors, is_negative, resolve_participant
from newsevents.extract.syntax import noun_phrase, subject_of, token_span
from newsevents.model import Claim, ClaimStance, RoleType

_SELF = frozenset({"it", "they", "we", "he", "she", "itself", "themselves"})


@dataclass
class ClaimFound:
    """A claim tied to a mention, and whether the mention's own doer is the claimant."""

    claim: Claim
    replaces_agent: bool


def _claimant(
    subj: Token, cue: list[Token], stance: ClaimStance, text: str, actors: ArticleActors
) -> Claim | None:
    if is_negative(subj):
        return None  # "No group has claimed responsibility": nobody claims
    role = resolve_participant(
        Participant(RoleType.claimant, subj, noun_phrase(subj), "claim", 0.8), text, actors
    )
    if role is None:
        return None
    return Claim(
        claimant=role.name,
        claimant_text=role.text,
        actor_id=role.actor_id,
        stance=stance,
        cue=token_span(cue, text).text,
        spans=[*role.spans, token_span(cue, text)],
        confidence=0.8 if role.actor_id else 0.6,
    )


def _responsibility_claim(m: Mention, text: str, actors: ArticleActors) -> ClaimFound | None:
    """'X took responsibility for the attack', 'X claimed the bombing', 'X denied involvement'."""
    c = cues().claim
    head = m.head
    # Walk from the trigger up to the claiming verb: trigger <-pobj- for <-prep- responsibility
    # <-dobj- took, or trigger <-dobj- claimed.
    node: Token = head
    for _ in range(4):
        gov = node.head
        if gov == node:
            return None
        lemma = gov.lemma_.lower()
        if gov.pos_ == "VERB":
            objs = {ch.lemma_.lower() for ch in gov.children if ch.dep_ in ("dobj", "obj")}
            stance: ClaimStance | None = None
            if lemma in c.verb_objects and (objs & set(c.verb_objects[lemma]) or node == head):
                stance = ClaimStance.claimed
            elif lemma in c.deny_verbs and (objs & set(c.deny_objects) or node == head):
                stance = ClaimStance.denied
            if stance is None:
                return None
            subj = subject_of(gov)
            if subj is None and gov.dep_ in ("ccomp", "advcl") and gov.head != gov:
                # "Militants claiming loyalty to X took responsibility": a misparse makes
                # "took" a complement of "claiming"; the subject is the main one.
                subj = subject_of(gov.head)
            if subj is None:
                return None
            cue = [gov, *(ch for ch in gov.children if ch.dep_ in ("dobj", "obj") and ch != head)]
            claim = _claimant(subj, cue, stance, text, actors)
            return ClaimFound(claim, False) if claim else None
        node = gov
    return None


def _self_report(m: Mention, text: str, actors: ArticleActors) -> ClaimFound | None:
    """'X said it placed a bomb': the speaker reports its own act, which is a claim."""
    c = cues().claim
    verb = m.head
    if verb.pos_ != "VERB":
        gov = verb.head
        if verb.dep_ in ("dobj", "obj") and gov.pos_ == "VERB":
            verb = gov
        else:
            return None
    subj = subject_of(verb)
    cur = verb
    while cur.dep_ == "conj" and cur.head != cur:
        cur = cur.head
    if cur.dep_ != "ccomp":
        return None
    say = cur.head
    if say.lemma_.lower() not in c.self_report_verbs:
        return None
    speaker = next((ch for ch in say.children if ch.dep_ == "nsubj"), None)
    if speaker is None or subj is None:
        return None
    if subj.lower_ not in _SELF and subj.i != speaker.i:
        return None
    claim = _claimant(speaker, [say], ClaimStance.claimed, text, actors)
    return ClaimFound(claim, True) if claim else None


def find_claim(m: Mention, text: str, actors: ArticleActors) -> ClaimFound | None:
    """The claim (or denial) of responsibility made about mention ``m``, if the text has one.

    Only attacks are claimed; "we renew our loyalty", said by a group, is a statement.
    """
    if m.event_type != "ASSAULT":
        return None
    return _responsibility_claim(m, text, actors) or _self_report(m, text, actors)
