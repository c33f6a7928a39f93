"""The ACLED event taxonomy: 6 event types, 25 sub-event types and CASE 2021 labels."""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsevents.ontology.datafiles import data_path, load_model

ACLED_FILE = "acled.yaml"

#: The CASE 2021 task 2 labels of the 25 ACLED sub-event types.
CASE_LABELS: frozenset[str] = frozenset(
    {
        "ABDUCT_DISSAP",
        "AGREEMENT",
        "AIR_STRIKE",
        "ARMED_CLASH",
        "ARREST",
        "ART_MISS_ATTACK",
        "ATTACK",
        "CHANGE_TO_GROUP_ACT",
        "CHEM_WEAP",
        "DISR_WEAP",
        "FORCE_AGAINST_PROTEST",
        "GOV_REGAINS_TERIT",
        "GRENADE",
        "HQ_ESTABLISHED",
        "MOB_VIOL",
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "NON_VIOL_TERRIT_TRANSFER",
        "OTHER",
        "PEACE_PROTEST",
        "PROPERTY_DISTRUCT",
        "PROTEST_WITH_INTER",
        "REM_EXPLOS",
        "SEX_VIOL",
        "SUIC_BOMB",
        "VIOL_DEMONSTR",
    }
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AcledSubEventType(_Strict):
    """One ACLED sub-event type."""

    name: str = Field(min_length=1)
    case_label: str = Field(description="The CASE 2021 task 2 label of this sub-event type.")
    description: str = Field(min_length=1)


class AcledEventType(_Strict):
    """One ACLED event type with its sub-event types."""

    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    sub_event_types: tuple[AcledSubEventType, ...] = Field(min_length=1)


class AcledTaxonomy(_Strict):
    """The whole ``acled.yaml`` file."""

    event_types: tuple[AcledEventType, ...]

    @model_validator(mode="after")
    def _check(self) -> AcledTaxonomy:
        names = [t.name for t in self.event_types]
        if len(names) != len(set(names)):
            raise ValueError("an event type is listed twice")
        labels = [s.case_label for t in self.event_types for s in t.sub_event_types]
        unknown = sorted(set(labels) - CASE_LABELS)
        if unknown:
            raise ValueError(f"unknown CASE 2021 labels {unknown}")
        if len(labels) != len(set(labels)):
            raise ValueError("a CASE 2021 label is used by two sub-event types")
        for t in self.event_types:
            subs = [s.name for s in t.sub_event_types]
            if len(subs) != len(set(subs)):
                raise ValueError(f"{t.name}: a sub-event type is listed twice")
        return self

    def has(self, event_type: str, sub_event_type: str | None = None) -> bool:
        """Return True when the event type (and sub-event type, if given) exist together."""
        for t in self.event_types:
            if t.name == event_type:
                return sub_event_type is None or any(
                    s.name == sub_event_type for s in t.sub_event_types
                )
        return False

    def sub_event_type(self, event_type: str, sub_event_type: str) -> AcledSubEventType:
        """Return a sub-event type; ``KeyError`` when the pair does not exist."""
        for t in self.event_types:
            if t.name == event_type:
                for s in t.sub_event_types:
                    if s.name == sub_event_type:
                        return s
        raise KeyError(f"no ACLED sub-event type {event_type!r} / {sub_event_type!r}")

    def case_label(self, event_type: str, sub_event_type: str) -> str:
        """Return the CASE 2021 label of an ACLED (event type, sub-event type) pair."""
        return self.sub_event_type(event_type, sub_event_type).case_label

    def from_case_label(self, label: str) -> tuple[str, str]:
        """Return the ACLED (event type, sub-event type) for a CASE 2021 label."""
        for t in self.event_types:
            for s in t.sub_event_types:
                if s.case_label == label:
                    return t.name, s.name
        raise KeyError(f"unknown CASE 2021 label {label!r}")


def load_acled(path: Path) -> AcledTaxonomy:
    """Read and validate an ACLED taxonomy file; raise ``DataFileError`` if it is bad."""
    return load_model(path, AcledTaxonomy)


@functools.cache
def acled() -> AcledTaxonomy:
    """Return the shipped ACLED taxonomy, loaded once."""
    return load_acled(data_path(ACLED_FILE))


__all__ = [
    "CASE_LABELS",
    "AcledEventType",
    "AcledSubEventType",
    "AcledTaxonomy",
    "acled",
    "load_acled",
]
