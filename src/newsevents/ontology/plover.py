"""The PLOVER event ontology: the 16 event types, their modes and scores (``data/plover.yaml``)."""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsevents.errors import NewsEventsError
from newsevents.ontology.datafiles import data_path, load_model

PLOVER_FILE = "plover.yaml"

#: The 16 PLOVER event types, in PLOVER's order (cooperation to conflict).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


class UnknownTypeError(NewsEventsError, ValueError):
    """An event type or mode that is not part of the PLOVER ontology."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PloverMode(_Strict):
    """One mode of a PLOVER type: how the event was carried out."""

    name: str = Field(pattern=r"^[a-z][a-z-]*$")
    description: str = Field(min_length=1)


class PloverType(_Strict):
    """One PLOVER event type with its modes."""

    name: str = Field(pattern=r"^[A-Z]+$")
    quad: int = Field(
        ge=1, le=4, description="Quad category, 1 verbal coop .. 4 material conflict."
    )
    event_scale: float | None = Field(default=None, ge=-10, le=10)
    description: str = Field(min_length=1)
    modes: tuple[PloverMode, ...] = ()

    @property
    def mode_names(self) -> frozenset[str]:
        """The names of this type's modes."""
        return frozenset(m.name for m in self.modes)


class PloverOntology(_Strict):
    """The whole ``plover.yaml`` file."""

    types: tuple[PloverType, ...]
    mode_aliases: dict[str, dict[str, str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> PloverOntology:
        names = [t.name for t in self.types]
        if sorted(names) != sorted(PLOVER_TYPES):
            missing = sorted(set(PLOVER_TYPES) - set(names))
            unknown = sorted(set(names) - set(PLOVER_TYPES))
            dupes = sorted({n for n in names if names.count(n) > 1})
            raise ValueError(
                f"types must be the 16 PLOVER types once each "
                f"(missing {missing}, unknown {unknown}, repeated {dupes})"
            )
        for t in self.types:
            modes = [m.name for m in t.modes]
            if len(modes) != len(set(modes)):
                raise ValueError(f"{t.name}: a mode is listed twice")
        by_name = {t.name: t for t in self.types}
        for type_name, aliases in self.mode_aliases.items():
            if type_name not in by_name:
                raise ValueError(f"mode_aliases: unknown PLOVER type {type_name!r}")
            for alias, target in aliases.items():
                if target not in by_name[type_name].mode_names:
                    raise ValueError(
                        f"mode_aliases.{type_name}.{alias}: {target!r} is not a mode of {type_name}"
                    )
        return self

    def get(self, event_type: str) -> PloverType:
        """Return the type called ``event_type`` (case-insensitive)."""
        wanted = event_type.strip().upper()
        for t in self.types:
            if t.name == wanted:
                return t
        raise UnknownTypeError(
            f"unknown PLOVER event type {event_type!r}; expected one of {', '.join(PLOVER_TYPES)}"
        )

    def canonical_mode(self, event_type: str, mode: str | None) -> str | None:
        """Return the canonical mode name of ``mode`` for ``event_type`` (aliases resolved)."""
        ptype = self.get(event_type)
        if mode is None or not mode.strip():
            return None
        wanted = mode.strip().lower().replace("_", "-").replace(" ", "-")
        if wanted in ptype.mode_names:
            return wanted
        alias = self.mode_aliases.get(ptype.name, {}).get(mode.strip().lower())
        if alias is not None:
            return alias
        known = ", ".join(sorted(ptype.mode_names)) or "none"
        raise UnknownTypeError(
            f"unknown mode {mode!r} for PLOVER type {ptype.name}; its modes are: {known}"
        )


def load_plover(path: Path) -> PloverOntology:
    """Read and validate a PLOVER ontology file; raise :class:`DataFileError` if it is bad."""
    return load_model(path, PloverOntology)


@functools.cache
def plover() -> PloverOntology:
    """Return the shipped PLOVER ontology, loaded once."""
    return load_plover(data_path(PLOVER_FILE))


def validate_type(event_type: str, mode: str | None = None) -> tuple[str, str | None]:
    """Check a PLOVER (type, mode) pair and return it in canonical form.

    The type is upper-cased and the mode resolved through the documented aliases
    (``assassinate`` -> ``targeted``). Raises :class:`UnknownTypeError` (a ``ValueError``)
    naming the bad value when the type or the mode is not part of the ontology.
    """
    onto = plover()
    ptype = onto.get(event_type)
    return ptype.name, onto.canonical_mode(ptype.name, mode)


def is_valid_type(event_type: str, mode: str | None = None) -> bool:
    """Return True when ``(event_type, mode)`` is a valid PLOVER pair."""
    try:
        validate_type(event_type, mode)
    except UnknownTypeError:
        return False
    return True


__all__ = [
    "PLOVER_TYPES",
    "PloverMode",
    "PloverOntology",
    "PloverType",
    "UnknownTypeError",
    "is_valid_type",
    "load_plover",
    "plover",
    "validate_type",
]
