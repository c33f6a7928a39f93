"""Closed word classes the extraction rules test for, loaded from ``data/wordlists.yaml``."""

from __future__ import annotations

from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from newsevents.errors import DataFileError


class WordLists(BaseModel):
    """The content of ``wordlists.yaml``: each field a set of lower-case words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    identifying_verbs: frozenset[str]
    light_verbs: frozenset[str]
    target_prepositions: frozenset[str]
    place_prepositions: frozenset[str]
    place_nouns: frozenset[str]
    court_words: frozenset[str]
    settlement_nouns: frozenset[str]
    object_nouns: frozenset[str]
    wh_words: frozenset[str]
    habitual_adverbs: frozenset[str]
    habitual_adjectives: frozenset[str]
    people_nouns: frozenset[str]
    relation_nouns: frozenset[str]
    target_nouns: frozenset[str]
    armed_name_words: frozenset[str]
    leading_words: frozenset[str]
    pronouns: frozenset[str]
    first_person: frozenset[str]
    personal_pronouns: frozenset[str]
    name_titles: frozenset[str]
    member_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    outlet_nouns: frozenset[str]
    custody_words: frozenset[str]
    indefinite_pronouns: frozenset[str]
    perpetrator_nouns: frozenset[str]
    doer_nouns: frozenset[str]
    charge_nouns: frozenset[str]
    accuse_for_verbs: frozenset[str]
    accuse_of_words: frozenset[str]
    responsible_words: frozenset[str]
    self_pronouns: frozenset[str]
    generic_heads: frozenset[str]
    teaser_openers: frozenset[str]
    measure_nouns: frozenset[str]
    injury_verbs: frozenset[str]
    wounding_words: frozenset[str]
    crime_words: frozenset[str]
    death_words: frozenset[str]
    fatal_adverbs: frozenset[str]
    fatal_adjectives: frozenset[str]
    wound_nouns: frozenset[str]
    succumb_verbs: frozenset[str]
    other_words: frozenset[str]
    bare_people_nouns: frozenset[str]
    one_person_pronouns: frozenset[str]
    hospital_verbs: frozenset[str]
    male_nouns: frozenset[str]
    female_nouns: frozenset[str]
    degree_adverbs: frozenset[str]
    negation_carriers: frozenset[str]
    street_words: frozenset[str]
    comment_verbs: frozenset[str]
    illness_words: frozenset[str]
    munition_nouns: frozenset[str]
    body_parts: frozenset[str]


def load_words() -> WordLists:
    """Read and validate the shipped word lists."""
    path = resources.files("newsevents") / "data" / "wordlists.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        lists = WordLists.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataFileError(str(path), str(exc)) from exc
    for name, words in lists:
        bad = sorted(w for w in words if w != w.lower() or not w.strip())
        if bad:
            raise DataFileError(str(path), f"{name}: words must be lower case: {bad[:5]}")
    return lists


#: The word lists, loaded once when the extraction stage is imported.
WORDS = load_words()
