"""Is a phrase a plausible participant of a violent event?

Ambiguous triggers ("strike", "shoot", "fight", "kill") are also sports, business and
figure-of-speech words. Such a trigger makes an event only with evidence that it is about
people, places or things that violence is done to, or about armed actors.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsevents.extract.quantities import is_quantity_word
from newsevents.extract.syntax import PERSON_NOUNS, is_age_noun
from newsevents.extract.words import WORDS
from newsevents.model import ActorKind
from newsevents.resolve.actors import load_kb

PEOPLE_NOUNS = WORDS.people_nouns
TARGET_NOUNS = WORDS.target_nouns
# Words in the names of armed organisations ("... Liberation Front", "... Martyrs Brigade").
ARMED_NAME_WORDS = WORDS.armed_name_words


def is_armed_name(name: str) -> bool:
    """Whether an organisation's name reads like an armed group's."""
    return any(w.strip(".,'\"") in ARMED_NAME_WORDS for w in name.lower().split())


_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer", "man", "men", "woman")
_ACTOR_KINDS = frozenset(
    {
        ActorKind.armed_group,
        ActorKind.military,
        ActorKind.police,
        ActorKind.state,
        ActorKind.government,
        ActorKind.party,
    }
)
_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})


def is_people(tok: Token) -> bool:
    """Whether a participant's head word names people ("farmers", "Maria Lopez", "five")."""
    lemma = tok.lemma_.lower()
    if tok.ent_type_ in ("PERSON", "NORP") or tok.pos_ == "NUM" or is_quantity_word(tok.lower_):
        return True
    if lemma in PEOPLE_NOUNS or lemma in PERSON_NOUNS or tok.lower_ in PEOPLE_NOUNS:
        return True
    if tok.lower_ in ("he", "she", "him", "her", "they", "them", "we", "us", "one", "none"):
        return True
    if tok.pos_ == "NOUN" and lemma.endswith(_AGENT_SUFFIXES) and lemma not in TARGET_NOUNS:
        return True  # engineers, contractors, journalists, civilians
    return load_kb().match_agent(lemma) is not None


#: People named by age or by a tie to someone ("a teen", "his cousin"); apart from
#: PEOPLE_NOUNS, which the role model's features read as it was trained.
RELATION_NOUNS = WORDS.relation_nouns
#: Pronouns by which someone harms himself ("shot himself"): a person hit all the same.
_REFLEXIVES = frozenset({"himself", "herself", "themselves", "self"})


def is_person_hit(tok: Token) -> bool:
    """Whether a patient's head names people violence can hit: people nouns, and also
    people named by age or by a tie ("a 15-year-old", "his friend") and reflexives ("shot
    himself"), which are no evidence of people for the other uses of :func:`is_people`."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    return (
        is_people(tok)
        or lemma in RELATION_NOUNS
        or low in RELATION_NOUNS
        or low in _REFLEXIVES
        or is_age_noun(tok)
    )


def is_target(tok: Token) -> bool:
    """Whether a participant's head word is something violence is done to."""
    if is_person_hit(tok) or tok.ent_type_ in _NAMED:
        return True
    return tok.lemma_.lower() in TARGET_NOUNS


def is_armed_actor(kind: ActorKind) -> bool:
    """Whether an actor kind can carry out political violence."""
    return kind in _ACTOR_KINDS


#: Named-entity types of names that can act: people, organisations, nationalities ("Russians")
#: and states.
_ACTING_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Heads of phrases for groups of people: "the group", "the regime", "security forces".
_GROUP_HEADS = WORDS.member_nouns | WORDS.collective_nouns | ARMED_NAME_WORDS


def can_act(head: Token, kind: ActorKind, known: bool) -> bool:
    """Whether a participant headed by ``head`` can do something: a person or people, a
    group, an organisation, forces or a named actor (``known``: resolved to one; ``kind``:
    the kind the extractor told). A weapon, a document, a vehicle or an abstract noun
    ("incendiary", "the video", "options") never did anything, whatever the parse says."""
    if known or kind != ActorKind.unknown:
        return True
    if head.pos_ in ("PROPN", "PRON") or head.ent_type_ in _ACTING_ENTITIES or is_people(head):
        return True
    lemma = head.lemma_.lower()
    return lemma in _GROUP_HEADS or head.lower_ in _GROUP_HEADS
