"""Words that name no participant: what a gun fires, weapons, streets, body parts.

Participants are people, groups, organisations or forces. The parse sometimes hands a role
to the thing fired ("fired shots"), the weapon found ("recovered a handgun"), the street
("opened fire on West 38th Street") or a body part ("shot in his head"); the mentions step
avoids most of them (:mod:`newsevents.extract.mentions`), and :func:`is_non_participant`
keeps any that slip through out of the record. The word lists live in
``data/wordlists.yaml`` and ``data/instruments.yaml``.
"""

from __future__ import annotations

import functools
import re

__all__ = ["head_word", "is_non_participant", "non_participant_words"]

#: A body part named as someone's ("his head", "the boy's chest"); "the police head" is a
#: person.
_OWNED = re.compile(r"(?:\b(?:his|her|their|my|its|your|our)|['’]s?)\s+([\w-]+)$", re.I)
_WORD = re.compile(r"[\w-]+")


@functools.cache
def non_participant_words() -> frozenset[str]:
    """Head words that make a phrase no participant: what a gun fires, firearms and
    blades, street names and the block of an address (singular and plural)."""
    from newsevents.extract.lexicon import instruments
    from newsevents.extract.words import WORDS

    weapons = {e.phrase.split()[-1] for e in instruments() if e.category in ("firearms", "blade")}
    words = WORDS.munition_nouns | WORDS.street_words | weapons | {"block"}
    return frozenset(words | {w + "s" for w in words})


@functools.cache
def _body_parts() -> frozenset[str]:
    from newsevents.extract.words import WORDS

    return frozenset(WORDS.body_parts | {w + "s" for w in WORDS.body_parts})


def head_word(text: str) -> str:
    """The head word of a participant's words, read from their surface: before a comma
    ("Donald Williams, 17, of the 3000 block of West Dickens Street") and before "of"
    ("the 3100 block of North 25th Street", "members of Hamas"), the last word."""
    phrase = text.split(",", 1)[0]
    before_of = re.split(r"\s+of\s+", phrase, maxsplit=1)[0]
    words = _WORD.findall((before_of or phrase).lower())
    return words[-1] if words else ""


def is_non_participant(text: str) -> bool:
    """Whether the words name no participant (see the module)."""
    if head_word(text) in non_participant_words():
        return True
    owned = _OWNED.search(text.split(",", 1)[0].strip())
    return owned is not None and owned.group(1).lower() in _body_parts()
