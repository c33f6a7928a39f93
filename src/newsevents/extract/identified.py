"""The victims an article names where it says who they were.

Crime news tells the act with descriptions ("a man was shot dead", "four people were found
dead") and names the dead later, in a sentence of its own: "The victim was identified as
John Doe, 25", "The coroner identified the four deceased people as A, 35; B, 15; and C",
"Police released the identities of the four people found dead. A, 20, B, 21, and C." The
names are who the victims were, and what an analyst codes; the sentence that gives them
reports no act, so nothing ties them to the incident but the description they answer to.

An identification counts when what is identified is a victim by its own words: "the
victim(s)", "the deceased", "the dead", "the body", or people described as dead, killed or
slain ("the four people found dead"). "The man was identified as X" names no victim: in a
shooting story the man is as often the shooter. The names go to the assault told last
before the identification, else the first one told after it, as its victims, each with the
span of its name.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsevents.extract.words import WORDS
from newsevents.model import ActorKind, Event, Modality, Role, RoleType, Span
from newsevents.resolve.actors import stable_id_for_unknown

#: Nouns that are victims by themselves.
_VICTIM_NOUNS = frozenset({"victim", "deceased", "dead", "decedent", "body"})
#: Words that describe people as dead ("found dead", "the slain man", "who died").
_DEATH_WORDS = frozenset({"dead", "deceased", "slay", "slain", "kill", "die", "murder"})
#: Verbs that give a name ("identified as", "named as").
_NAMING_VERBS = WORDS.identifying_verbs
#: Nouns whose "of" phrase is the people named ("the identities of the victims").
_NAMING_NOUNS = frozenset({"identity", "name"})
#: Confidence of a victim named only by an identification.
IDENTIFIED_CONFIDENCE = 0.6
#: What an assault must be to take the names: one that happened.
_REALIS = frozenset({Modality.asserted, Modality.claimed, Modality.alleged, Modality.suspected})


@dataclass(frozen=True)
class Identification:
    """People an article names as the victims, where it says so."""

    start: int  # the sentence's first character
    names: tuple[Span, ...]


def _of_victims(noun: Token) -> bool:
    """Whether the noun phrase of ``noun`` is of victims by its own words."""
    # The words right after the noun too: the parser often hangs "found dead" elsewhere.
    after = []
    for tok in noun.doc[noun.i + 1 : min(noun.i + 4, noun.sent.end)]:
        if tok.is_punct:
            break
        after.append(tok)
    phrase = [*noun.subtree, *after]
    words = {t.lemma_.lower() for t in phrase} | {t.lower_ for t in phrase}
    if words & (WORDS.perpetrator_nouns | {"suspect", "suspects"}):
        return False
    if noun.lemma_.lower() in _VICTIM_NOUNS or noun.lower_ in _VICTIM_NOUNS:
        return True
    return noun.pos_ == "NOUN" and bool(words & _DEATH_WORDS)


def _person_names(tokens: SpacySpan | Doc, after: int, text: str) -> tuple[Span, ...]:
    """The names of people (two words or more) from token ``after`` on; a proper name the
    entity model took for something else is a person when it ends in the surname of a
    person named beside it ("Phoukeo Dej-Oudom; Dalavanah Ariel Dej-Oudom": a family)."""
    ents = [e for e in tokens.ents if e.start >= after and len(e) >= 2]
    surnames = {e[-1].lower_ for e in ents if e.label_ == "PERSON"}
    return tuple(
        Span(start=ent.start_char, end=ent.end_char, text=text[ent.start_char : ent.end_char])
        for ent in ents
        if ent.label_ == "PERSON"
        or (all(t.text[:1].isupper() or t.text == "-" for t in ent) and ent[-1].lower_ in surnames)
    )


def _is_list(sent: SpacySpan) -> bool:
    """A sentence that only lists ("A, 20, B, 21, and an unidentified boy."): no verb heads
    it."""
    return sent.root.pos_ not in ("VERB", "AUX")


def identifications(doc: Doc, text: str) -> list[Identification]:
    """Every sentence that names the victims (see the module's notes), in text order."""
    sents = list(doc.sents)
    out: list[Identification] = []
    for k, sent in enumerate(sents):
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and lemma in _NAMING_VERBS:
                # "The victim was identified as X" / "identified the deceased as X".
                patient = next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
                if patient is None:
                    continue
                # "as" hangs off the verb, or off its object ("identified the two deceased
                # people as ..." read as a phrase of "people").
                as_prep = next(
                    (c for c in (*tok.children, *patient.children) if c.lower_ == "as"), None
                )
                if as_prep is None:
                    continue
                found = _of_victims(patient)
                names = _person_names(sent, as_prep.i, text)
            elif tok.pos_ == "NOUN" and lemma in _NAMING_NOUNS:
                # "released the identities of the four people found dead: A, B and C".
                of = next((c for c in tok.children if c.lower_ == "of"), None)
                patient = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
                if patient is None:
                    continue
                found = _of_victims(patient)
                names = _person_names(sent, tok.i, text)
                if not names and k + 1 < len(sents) and _is_list(sents[k + 1]):
                    names = _person_names(sents[k + 1], sents[k + 1].start, text)
            else:
                continue
            if found and names:
                out.append(Identification(sent.start_char, names))
                break
    return out


def _incident_of(found: Identification, events: list[Event]) -> Event | None:
    """The assault the identification names the victims of (see the module's notes)."""
    assaults = [
        e for e in events if e.event_type == "ASSAULT" and e.modality in _REALIS and e.triggers
    ]
    before = [e for e in assaults if e.triggers[0].start < found.start]
    if before:
        return max(before, key=lambda e: e.triggers[0].start)
    return min(assaults, key=lambda e: e.triggers[0].start, default=None)


def _named_already(event: Event, name: Span) -> bool:
    return any(
        s.start < name.end and name.start < s.end for r in event.roles for s in r.spans
    ) or any(r.name == name.text for r in event.roles)


def assign_identified(events: list[Event], doc: Doc, text: str) -> list[Event]:
    """Give the victims the article names in identifications to the assaults they were
    the victims of, each as a person with the span of the name."""
    for found in identifications(doc, text):
        event = _incident_of(found, events)
        if event is None:
            continue
        added = [
            Role(
                role=RoleType.victim,
                text=name.text,
                spans=[name],
                name=name.text,
                actor_id=stable_id_for_unknown(name.text),
                kind=ActorKind.person,
                confidence=IDENTIFIED_CONFIDENCE,
            )
            for name in found.names
            if not _named_already(event, name)
        ]
        event.roles = [*event.roles, *added]
    return events
