"""The perpetrator of an incident named where the article says who is suspected of it.

News of a shooting often tells the act in one sentence and its suspect in another: "Police
say Fernando Enriquez has been arrested and faces a charge of homicide", "Brooks is accused
of shooting into a crowd", "It is believed the man is responsible for the deaths". An
assault whose own sentences name no doer takes the suspect the article names for it, and,
failing that, the one its sentences describe by what they did ("including the shooter").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsevents.extract.mentions import Participant
from newsevents.extract.merge import MentionInfo
from newsevents.extract.participants import ArticleActors, is_negative, resolve_participant
from newsevents.extract.syntax import noun_phrase
from newsevents.extract.words import WORDS
from newsevents.model import ActorKind, Event, Role, RoleType, Span

_AGENTS = frozenset({RoleType.perpetrator, RoleType.actor})
_PATIENTS = frozenset({RoleType.victim, RoleType.target, RoleType.detainee})
_CHARGES = WORDS.charge_nouns
_PERPETRATOR_NOUNS = WORDS.perpetrator_nouns
#: Prepositions that tie an arrest or a charge to the act it is for ("arrested in the
#: shooting", "charged with murder", "a charge of homicide", "arrested for the killing").
_FOR = frozenset({"for", "in", "of", "over", "with"})
#: Steps from the act's word up to the arrest it is tied to.
_REACH = 5


@dataclass(frozen=True)
class Suspect:
    """Someone the article names as the doer of an act, and where it says so."""

    role: Role
    trigger: Span
    sentence: Span


def _charged_for(crime: Token, arrest: Token) -> bool:
    """Whether the act's word is what the arrest or charge is for: the object of "in",
    "for", "with" or "of" under the arrest word, or under a charge noun of it."""
    if crime.dep_ not in ("pobj", "pcomp") or crime.head.lower_ not in _FOR:
        return False
    node = crime.head.head
    for _ in range(_REACH):
        if node.i == arrest.i:
            return True
        if node.pos_ == "NOUN" and node.lemma_.lower() not in _CHARGES:
            return False
        if node.head is node:
            return False
        node = node.head
    return False


def arrest_suspects(infos: list[MentionInfo]) -> list[Suspect]:
    """The named people arrested or charged for an assault of the same sentence ("X has
    been arrested and faces a charge of homicide", "X was charged with murder"); ``infos``
    are the resolved mentions of one sentence."""
    out: list[Suspect] = []
    crimes = [mi for mi in infos if mi.mention.event_type == "ASSAULT"]
    for mi in infos:
        if mi.mention.mode != "arrest":
            continue
        crime = next((c for c in crimes if _charged_for(c.mention.head, mi.mention.head)), None)
        if crime is None:
            continue
        out.extend(
            Suspect(
                r.model_copy(update={"role": RoleType.perpetrator, "confidence": 0.5}),
                crime.trigger,
                crime.sentence,
            )
            for r in mi.roles
            # Named people: a name the model did not tag as a person stays of unknown kind.
            if r.role == RoleType.detainee
            and r.kind in (ActorKind.person, ActorKind.unknown)
            and r.actor_id
        )
    return out


def _identity(role: Role) -> str:
    return role.actor_id or role.name.lower()


def _sentence_index(starts: list[int], at: int) -> int:
    return max(0, bisect.bisect_right(starts, at) - 1)


def assign_suspects(
    events: list[Event], suspects: list[Suspect], doc: Doc, text: str, actors: ArticleActors
) -> list[Event]:
    """Give each assault that names no doer the suspect the article names for it: the one
    named about one of its own words, else the one named nearest its sentences (and not
    among its victims); failing both, whoever its sentences describe as the doer ("the
    shooter", "the gunman")."""
    starts = [s.start_char for s in doc.sents]
    for event in events:
        if event.event_type != "ASSAULT" or any(r.role in _AGENTS for r in event.roles):
            continue
        victims = {_identity(r) for r in event.roles if r.role in _PATIENTS}
        fitting = [s for s in suspects if _identity(s.role) not in victims]
        own = {(t.start, t.end) for t in event.triggers}
        chosen = [s for s in fitting if (s.trigger.start, s.trigger.end) in own]
        if not chosen and fitting and event.sentences:
            mine = [_sentence_index(starts, s.start) for s in event.sentences]

            def distance(s: Suspect, mine: list[int] = mine) -> int:
                k = _sentence_index(starts, s.sentence.start)
                return min(abs(k - j) for j in mine)

            best = min(distance(s) for s in fitting)
            chosen = [s for s in fitting if distance(s) == best]
        found = [s.role for s in chosen][:1] or _described_doers(event, doc, text, actors)
        event.roles = [*found, *event.roles]
    return events


def _described_doers(event: Event, doc: Doc, text: str, actors: ArticleActors) -> list[Role]:
    """The doer an assault's own sentences describe by what they did: "Four individuals
    have been found dead, including the shooter"."""
    for sent in event.sentences:
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            low = tok.lemma_.lower()
            if tok.pos_ != "NOUN" or (
                low not in _PERPETRATOR_NOUNS and tok.lower_ not in _PERPETRATOR_NOUNS
            ):
                continue
            if is_negative(tok):
                continue
            part = Participant(RoleType.perpetrator, tok, noun_phrase(tok), "described doer", 0.5)
            role = resolve_participant(part, text, actors)
            if role is not None:
                return [role.model_copy(update={"role": RoleType.perpetrator})]
    return []
