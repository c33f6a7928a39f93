"""The fusion settings: blocking windows, text features, decision weights and threshold.

They live in ``data/fusion.yaml`` (validated here on load, like every data file) so that
they can be re-tuned without touching code. A bad file is a ``DataFileError`` naming it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsevents.fuse.boilerplate import BoilerplateSettings
from newsevents.model import Precision
from newsevents.ontology.datafiles import data_path, load_model

FUSION_FILE = "fusion.yaml"
#: The place precisions of :class:`~newsevents.model.PlaceMention`, finest first.
PLACE_PRECISIONS = ("exact place", "district", "region", "country")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Blocking(_Strict):
    """Which incidents an event may be compared with at all."""

    date_slack_days: dict[Precision, int] = Field(
        description="Days added on each side of an event date range of this precision."
    )
    publication_window_days: int = Field(
        ge=0, description="Most days between publication dates when neither date is written."
    )
    max_distance_km: dict[str, float] = Field(
        description="Farthest two event places may be apart, by the coarser precision."
    )
    type_groups: tuple[tuple[str, ...], ...] = Field(
        description="PLOVER types that may describe one incident; a type in no group "
        "only matches itself."
    )

    @model_validator(mode="after")
    def _complete(self) -> Blocking:
        missing = [p.value for p in Precision if p not in self.date_slack_days]
        if missing:
            raise ValueError(f"date_slack_days: no slack for precisions {missing}")
        unknown = sorted(set(self.max_distance_km) - set(PLACE_PRECISIONS))
        if unknown:
            raise ValueError(
                f"max_distance_km: unknown precisions {unknown}; valid: {list(PLACE_PRECISIONS)}"
            )
        return self


class TextSettings(_Strict):
    """How salient terms are taken from an article."""

    stopwords: frozenset[str] = Field(description="Lower-case words that are never terms.")
    min_length: int = Field(ge=1, description="Shortest word kept.")
    max_terms: int = Field(ge=1, description="Most distinct terms kept per profile.")
    lowercase_words: bool = Field(description="Keep common (lower-case) words as terms too.")
    weights: dict[str, float] = Field(
        description="Weight of each kind of term: name, number, word, bigram."
    )
    boilerplate: BoilerplateSettings = Field(
        description="When a recurring sentence is site boilerplate, left out of the terms."
    )

    @model_validator(mode="after")
    def _kinds(self) -> TextSettings:
        missing = {"name", "number", "word", "bigram"} - set(self.weights)
        if missing:
            raise ValueError(f"weights: missing term kinds {sorted(missing)}")
        return self


#: The features a decision may weigh; see :mod:`newsevents.fuse.decide`.
FEATURES = (
    "bias",
    "text",
    "title",
    "names_shared",
    "place_same",
    "place_near",
    "place_far",
    "admin1_differs",
    "date_overlap",
    "date_conflict",
    "publication_gap",
    "killed_agree",
    "killed_conflict",
    "injured_agree",
    "injured_conflict",
    "mode_same",
    "actors_shared",
)


class Decision(_Strict):
    """A logistic score over pair features and the threshold above which pairs fuse."""

    weights: dict[str, float] = Field(description="Weight of each feature (see FEATURES).")
    threshold: float = Field(gt=0, lt=1, description="Least probability of one incident.")
    min_text: float = Field(
        ge=0, le=1, description="Least text similarity: below it no other evidence fuses."
    )
    same_article_joins: bool = Field(
        description="An article's other events join its main event's incident when "
        "blocking allows it (an article usually reports one incident)."
    )

    @model_validator(mode="after")
    def _known(self) -> Decision:
        unknown = sorted(set(self.weights) - set(FEATURES))
        if unknown:
            raise ValueError(f"weights: unknown features {unknown}; valid: {list(FEATURES)}")
        return self


class MainEvent(_Strict):
    """How an article's main event is chosen."""

    type_priority: dict[str, float] = Field(
        description="Bonus of each PLOVER type (more severe incidents lead a report)."
    )
    lead_chars: int = Field(ge=0, description="Events first mentioned this early lead.")


class FusionConfig(_Strict):
    """The whole ``fusion.yaml`` file."""

    version: int = Field(ge=1)
    blocking: Blocking
    text: TextSettings
    decision: Decision
    main_event: MainEvent


@functools.cache
def load_config(path: Path | None = None) -> FusionConfig:
    """Read and validate the fusion settings (the shipped file unless ``path`` is given)."""
    return load_model(path or data_path(FUSION_FILE), FusionConfig)


__all__ = [
    "FEATURES",
    "FUSION_FILE",
    "PLACE_PRECISIONS",
    "Blocking",
    "Decision",
    "FusionConfig",
    "MainEvent",
    "TextSettings",
    "load_config",
]
