"""Is a phrase a plausible participant of a violent event?

Ambiguous triggers ("strike", "shoot", "fight", "kill") are also sports, business and
figure-of-speech words. Such a trigger makes an event only with evidence that it is about
people, places or things that violence is done to, or about armed actors.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsevents.extract.quantities import is_quantity_word
from newsevents.extract.syntax import PERSON_NOUNS
from newsevents.model import ActorKind
from newsevents.resolve.actors import load_kb

PEOPLE_NOUNS = frozenset(
    {
        "people",
        "person",
        "man",
        "woman",
        "child",
        "boy",
        "girl",
        "baby",
        "infant",
        "teenager",
        "civilian",
        "resident",
        "villager",
        "worshipper",
        "student",
        "pupil",
        "teacher",
        "farmer",
        "herder",
        "passenger",
        "driver",
        "pilgrim",
        "tourist",
        "refugee",
        "migrant",
        "family",
        "relative",
        "son",
        "daughter",
        "wife",
        "husband",
        "brother",
        "sister",
        "mother",
        "father",
        "nurse",
        "doctor",
        "victim",
        "hostage",
        "suspect",
        "bystander",
        "shopkeeper",
        "trader",
        "labourer",
        "laborer",
        "miner",
        "fisherman",
        "guard",
        "other",
        "others",
        "protester",
        "demonstrator",
        "journalist",
        "reporter",
        "priest",
        "imam",
        "monk",
        "nun",
        "elder",
        "chief",
        "leader",
        "member",
        "supporter",
        "fighter",
        "militant",
        "rebel",
        "insurgent",
        "gunman",
        "attacker",
        "assailant",
        "terrorist",
        "soldier",
        "troop",
        "policeman",
        "officer",
        "police",
        "personnel",
        "crew",
        "staff",
        "worker",
        "employee",
        "volunteer",
        "activist",
        "official",
        "candidate",
        "politician",
        "lawmaker",
        "judge",
        "prisoner",
        "inmate",
        "detainee",
        "captive",
        "individual",
        "youth",
        "youngster",
        "adult",
        "local",
        "national",
        "citizen",
        "foreigner",
    }
)
TARGET_NOUNS = frozenset(
    {
        "camp",
        "mosque",
        "church",
        "temple",
        "market",
        "village",
        "town",
        "city",
        "checkpoint",
        "base",
        "school",
        "hospital",
        "station",
        "office",
        "headquarters",
        "building",
        "house",
        "home",
        "convoy",
        "vehicle",
        "car",
        "truck",
        "bus",
        "train",
        "plane",
        "aircraft",
        "helicopter",
        "boat",
        "ship",
        "tanker",
        "pipeline",
        "bridge",
        "road",
        "post",
        "outpost",
        "position",
        "barracks",
        "compound",
        "embassy",
        "hotel",
        "restaurant",
        "shop",
        "store",
        "bank",
        "farm",
        "field",
        "tower",
        "line",
        "plant",
        "facility",
        "installation",
        "site",
        "prison",
        "jail",
        "court",
        "parliament",
        "ministry",
        "airport",
        "port",
        "depot",
        "warehouse",
        "settlement",
        "neighbourhood",
        "neighborhood",
        "district",
        "area",
        "province",
        "region",
        "border",
        "patrol",
        "unit",
        "positions",
        "stronghold",
        "hideout",
        "target",
        "infrastructure",
        "property",
        "polling",
        "clinic",
        "university",
        "college",
        "residence",
        "mall",
        "stadium",
        "square",
        "street",
        "highway",
        "crossing",
        "power",
    }
)
# Words in the names of armed organisations ("... Liberation Front", "... Martyrs Brigade").
ARMED_NAME_WORDS = frozenset(
    {
        "brigade",
        "brigades",
        "front",
        "army",
        "militia",
        "militias",
        "movement",
        "jihad",
        "martyrs",
        "battalion",
        "battalions",
        "forces",
        "force",
        "supporters",
        "fighters",
        "mujahideen",
        "mujahidin",
        "liberation",
        "resistance",
        "guerrilla",
        "guerrillas",
        "commando",
        "commandos",
        "legion",
        "squad",
        "squads",
        "cell",
        "cells",
        "rebels",
        "insurgents",
        "emirate",
        "caliphate",
        "province",
        "wilayat",
        "ansar",
        "jamaat",
        "jama'at",
        "lashkar",
        "jaish",
        "harakat",
        "tehreek",
        "hizb",
        "katibat",
        "faction",
    }
)


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
    """Whether a participant's head word names people ("farmers", "Saber Siam", "five")."""
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


def is_target(tok: Token) -> bool:
    """Whether a participant's head word is something violence is done to."""
    if is_people(tok) or tok.ent_type_ in _NAMED:
        return True
    return tok.lemma_.lower() in TARGET_NOUNS


def is_armed_actor(kind: ActorKind) -> bool:
    """Whether an actor kind can carry out political violence."""
    return kind in _ACTOR_KINDS
