"""Claims and denials of responsibility: records of their own, never the perpetrator."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from newsevents.extract.lexicon import cues
from newsevents.extract.mentions import Mention, Participant
from newsevents.extract.participants import ArticleActors, is_negative, resolve_participant
from newsevents.extract.syntax import noun_phrase, subject_of, token_span
from newsevents.extract.words import WORDS
from newsevents.model import Claim, ClaimStance, Role, RoleType

_SELF = WORDS.self_pronouns


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


# Accusations: words that tie a suspect to an event ("blamed X for", "X is behind").
_ACCUSE_FOR = WORDS.accuse_for_verbs
_ACCUSE_OF = WORDS.accuse_of_words
_RESPONSIBLE = WORDS.responsible_words


@dataclass
class Accusation:
    """A suspect named for an event, and who names them."""

    suspect: Token
    accuser: Token | None
    cue: Token


def _accusation(m: Mention) -> Accusation | None:
    """ "police blamed the FMLN for the attack", "X holds Y responsible for the murder",
    "the cartel is behind the bombing", "the group suspected of the killing"."""
    node = m.head
    for _ in range(4):
        gov = node.head
        if gov == node:
            return None
        lemma = gov.lemma_.lower()
        if node.dep_ in ("pobj", "pcomp") and gov.dep_ == "prep":
            prep, owner = gov.lower_, gov.head
            found = _suspect_of(prep, owner)
            if found is not None:
                return found
            node = gov
            continue
        if gov.pos_ in ("VERB", "AUX") and lemma not in ("be",):
            return None
        node = gov
    return None


def _suspect_of(prep: str, owner: Token) -> Accusation | None:
    lemma = owner.lemma_.lower()
    children = list(owner.children)
    obj = next((c for c in children if c.dep_ in ("dobj", "obj", "nsubjpass")), None)
    subj = subject_of(owner) if owner.pos_ in ("VERB", "AUX") else None
    if prep == "for" and lemma in _ACCUSE_FOR and obj is not None:
        return Accusation(obj, subj, owner)
    if prep == "of" and lemma in _ACCUSE_OF and obj is not None:
        return Accusation(obj, subj if obj.dep_ != "nsubjpass" else None, owner)
    if prep == "of" and lemma in _ACCUSE_OF and owner.dep_ in ("acl", "amod"):
        return Accusation(owner.head, None, owner)  # "the man suspected of the killing"
    if prep in ("for", "in") and lemma in _RESPONSIBLE:
        ruler = owner.head
        small = next((c for c in children if c.dep_ == "nsubj"), None)
        if small is not None:
            # "holds the FMLN responsible for ...": a small clause with its own subject.
            accuser = subject_of(ruler) if ruler != owner else None
            return Accusation(small, accuser, owner)
        if owner.dep_ in ("amod", "acl"):
            return Accusation(ruler, None, owner)  # "the group responsible for the attack"
        if ruler.lemma_.lower() in ("hold", "consider", "deem", "find", "call"):
            target = next((c for c in ruler.children if c.dep_ in ("dobj", "obj")), None)
            if target is not None:
                return Accusation(target, subject_of(ruler), owner)
        if ruler.lemma_.lower() == "be":
            target = subject_of(ruler)
            if target is not None:
                return Accusation(target, None, owner)
            believed = ruler.head
            if ruler.dep_ == "xcomp" and believed.dep_ in ("acl", "relcl"):
                # "a man believed to be responsible for the blast"
                return Accusation(believed.head, None, owner)
    if prep == "behind" and lemma == "be":
        target = subject_of(owner)
        if target is not None:
            return Accusation(target, None, owner)
    return None


def find_accused(m: Mention, text: str, actors: ArticleActors) -> Role | None:
    """The perpetrator someone names for mention ``m``, recorded with who names them."""
    if m.event_type != "ASSAULT":
        return None
    acc = _accusation(m)
    if acc is None or is_negative(acc.suspect) or acc.suspect.i == m.head.i:
        return None
    role = resolve_participant(
        Participant(RoleType.perpetrator, acc.suspect, noun_phrase(acc.suspect), "accused", 0.5),
        text,
        actors,
    )
    if role is None:
        return None
    accuser = None
    if acc.accuser is not None and acc.accuser.pos_ != "PRON":
        who = resolve_participant(
            Participant(RoleType.actor, acc.accuser, noun_phrase(acc.accuser), "accuser", 0.5),
            text,
            actors,
        )
        accuser = who.name if who is not None else None
    spans = [*role.spans, token_span([acc.cue], text)]
    return role.model_copy(
        update={"according_to": accuser, "spans": spans, "confidence": min(role.confidence, 0.5)}
    )
