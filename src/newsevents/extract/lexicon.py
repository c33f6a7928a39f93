"""Loading and validating the extraction lexicons (triggers, instruments, cues) from data files."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from newsevents.errors import DataFileError
from newsevents.model import CountCategory, RoleType


class TriggerEntry(BaseModel):
    """One entry of ``triggers.yaml``."""

    model_config = ConfigDict(extra="forbid")

    id: str
    lemmas: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    pos: list[str] = Field(default_factory=lambda: ["VERB", "NOUN"])
    type: str
    mode: str | None = None
    implies: CountCategory | None = None
    agent: RoleType | None = None
    patient: RoleType | None = None
    strength: str = "strong"
    territory: bool = False
    clash: bool = False
    needs_agent: bool = False
    subject_is_patient: bool = False
    # Ambiguous words ("strike", "shoot", "kill") make an event only with evidence that it
    # is violence: a person or target hit, a casualty count, a weapon, or an armed actor.
    needs_evidence: bool = False
    # Raids and operations that end in arrests are the arrests' context, not assaults.
    yields_to_arrest: bool = False
    # Everyday verbs ("hold", "catch", "book") mean arrest only with police or custody nearby.
    needs_custody: bool = False
    # Words with a common peaceful sense ("fired its manager") need an armed doer, a weapon,
    # or a directed preposition ("fired on the crowd").
    needs_armed: bool = False
    # Verbs that make an event only when what they act on is a weapon ("defused a bomb").
    weapons_only: bool = False
    # Everyday verbs ("set up", "form", "release") make an event only with one of these
    # words heading their object, passive subject or prepositional object ("set up a base",
    # "formed a new brigade", "the release of prisoners").
    objects: list[str] = Field(default_factory=list)
    # With `objects`: a named place as the object qualifies too ("withdrew from Kunduz").
    object_places: bool = False

    @model_validator(mode="after")
    def _has_words(self) -> TriggerEntry:
        if not self.lemmas and not self.phrases:
            raise ValueError(f"trigger {self.id!r} has neither lemmas nor phrases")
        if self.strength not in ("strong", "weak"):
            raise ValueError(f"trigger {self.id!r}: strength must be 'strong' or 'weak'")
        return self


class InstrumentEntry(BaseModel):
    """One entry of ``instruments.yaml``."""

    model_config = ConfigDict(extra="forbid")

    phrase: str
    category: str
    mode: str


class ClaimCues(BaseModel):
    """Claim-of-responsibility cues."""

    model_config = ConfigDict(extra="forbid")

    verb_objects: dict[str, list[str]]
    nouns: list[str]
    self_report_verbs: list[str]
    behind_phrases: list[str]
    deny_verbs: list[str]
    deny_objects: list[str]


class AggregateCues(BaseModel):
    """Words that make a count a sum over a period or over many incidents (``cues.yaml``)."""

    model_config = ConfigDict(extra="forbid")

    period_preps: list[str]
    recent_words: list[str]
    period_nouns: list[str]
    so_far: list[str]
    frequency_dets: list[str]
    frequency_adverbs: list[str]
    series_nouns: list[str]
    many_act_nouns: list[str]
    many_act_preps: list[str]
    toll_words: list[str]


class Cues(BaseModel):
    """The content of ``cues.yaml``."""

    model_config = ConfigDict(extra="forbid")

    reporting_verbs: list[str]
    attribution_preps: list[str]
    source_kinds: dict[str, list[str]]
    modal_verbs: dict[str, list[str]]
    adverbs: dict[str, list[str]]
    adjectives: dict[str, list[str]]
    governing_verbs: dict[str, list[str]]
    governing_nouns: dict[str, list[str]]
    retribution: dict[str, list[str]]
    negations: list[str]
    conditionals: list[str]
    claim: ClaimCues
    aggregates: AggregateCues


def _load_yaml(name: str) -> Any:
    path = resources.files("newsevents") / "data" / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(str(path), str(exc)) from exc


@functools.cache
def triggers() -> tuple[TriggerEntry, ...]:
    """Return the trigger lexicon, validated."""
    raw = _load_yaml("triggers.yaml")
    try:
        entries = tuple(TriggerEntry.model_validate(item) for item in raw)
    except (ValidationError, TypeError) as exc:
        raise DataFileError("triggers.yaml", str(exc)) from exc
    from newsevents.ontology.plover import validate_type

    for entry in entries:
        try:
            validate_type(entry.type, entry.mode)
        except Exception as exc:  # the ontology names the bad value
            raise DataFileError("triggers.yaml", f"{entry.id}: {exc}") from exc
    return entries


@functools.cache
def instruments() -> tuple[InstrumentEntry, ...]:
    """Return the weapon lexicon, validated."""
    raw = _load_yaml("instruments.yaml")
    try:
        return tuple(InstrumentEntry.model_validate(item) for item in raw)
    except (ValidationError, TypeError) as exc:
        raise DataFileError("instruments.yaml", str(exc)) from exc


@functools.cache
def cues() -> Cues:
    """Return the modality, attribution and claim cues, validated."""
    try:
        return Cues.model_validate(_load_yaml("cues.yaml"))
    except ValidationError as exc:
        raise DataFileError("cues.yaml", str(exc)) from exc
