"""Crosswalk from PLOVER (type, mode, participants) to ACLED types and CAMEO codes.

The rules live in ``data/crosswalk.yaml`` together with the CAMEO->PLOVER table; the file
is validated against ``plover.yaml`` and ``acled.yaml`` when it is loaded, so a rule naming
an unknown PLOVER type, mode, ACLED pair, actor kind or CAMEO code is a
:class:`~newsevents.errors.DataFileError`.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsevents.errors import DataFileError
from newsevents.model import ActorKind
from newsevents.ontology.acled import AcledTaxonomy, acled
from newsevents.ontology.datafiles import data_path, load_model
from newsevents.ontology.plover import PloverOntology, UnknownTypeError, plover

CROSSWALK_FILE = "crosswalk.yaml"

#: Role words that refine a kind for the crosswalk: demonstrators are civilians, but force
#: used on them is coded differently (ACLED's "Excessive force against protesters").
ROLE_WORDS = frozenset({"protesters"})
_KINDS = frozenset(k.value for k in ActorKind) | ROLE_WORDS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CameoEntry(_Strict):
    """One line of the CAMEO->PLOVER table."""

    code: str = Field(pattern=r"^[0-9]{3,4}$")
    plover: str
    mode: str | None = None
    label: str = Field(min_length=1)


class CrosswalkRule(_Strict):
    """One rule: the first matching rule in file order gives the result."""

    type: str
    modes: tuple[str | None, ...] | None = Field(
        default=None, description="Modes it applies to (None entry: no mode); absent: any."
    )
    target_kinds: frozenset[str] = frozenset()
    actor_kinds: frozenset[str] = frozenset()
    weapons: frozenset[str] = frozenset()
    acled: tuple[str, str] | None
    cameo: str | None = Field(pattern=r"^[0-9]{3,4}$")

    @field_validator("target_kinds", "actor_kinds")
    @classmethod
    def _known_kinds(cls, kinds: frozenset[str]) -> frozenset[str]:
        unknown = sorted(kinds - _KINDS)
        if unknown:
            raise ValueError(f"unknown actor kinds {unknown}; expected some of {sorted(_KINDS)}")
        return kinds

    @field_validator("weapons")
    @classmethod
    def _lower_weapons(cls, weapons: frozenset[str]) -> frozenset[str]:
        return frozenset(w.strip().lower() for w in weapons)

    @property
    def unconditional(self) -> bool:
        """True for a rule with no participant or weapon condition."""
        return not (self.target_kinds or self.actor_kinds or self.weapons)

    def matches(
        self,
        mode: str | None,
        target_kinds: frozenset[str],
        actor_kinds: frozenset[str],
        weapons: frozenset[str],
    ) -> bool:
        """Return True when this rule applies to an event with these properties."""
        if self.modes is not None and mode not in self.modes:
            return False
        if self.target_kinds and not self.target_kinds & target_kinds:
            return False
        if self.actor_kinds and not self.actor_kinds & actor_kinds:
            return False
        return not (self.weapons and not self.weapons & weapons)


class CrosswalkFile(_Strict):
    """The whole ``crosswalk.yaml`` file (checked against PLOVER and ACLED separately)."""

    rules: tuple[CrosswalkRule, ...] = Field(min_length=1)
    cameo: tuple[CameoEntry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_codes(self) -> CrosswalkFile:
        codes = [c.code for c in self.cameo]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"cameo: codes listed twice: {dupes}")
        return self


@dataclass(frozen=True)
class CrosswalkResult:
    """ACLED and CAMEO equivalents of one PLOVER event (fields are None where none exists)."""

    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo_code: str | None
    case_label: str | None = None


@dataclass(frozen=True)
class Crosswalk:
    """A validated crosswalk, ready to answer queries."""

    rules: tuple[CrosswalkRule, ...]
    cameo: dict[str, CameoEntry]
    plover: PloverOntology
    acled: AcledTaxonomy

    def lookup(
        self,
        event_type: str,
        mode: str | None = None,
        *,
        target_kinds: Collection[str] = (),
        actor_kinds: Collection[str] = (),
        weapons: Collection[str] = (),
    ) -> CrosswalkResult:
        """Return the ACLED type/sub-type and CAMEO code of a PLOVER event.

        ``target_kinds`` and ``actor_kinds`` are ActorKind values of the event's targets and
        perpetrators; ``weapons`` are weapon words or categories (``grenade``, ``chemical``).
        Raises :class:`UnknownTypeError` for an invalid type or mode.
        """
        ptype = self.plover.get(event_type).name
        pmode = self.plover.canonical_mode(ptype, mode)
        targets = frozenset(_kind_value(k) for k in target_kinds)
        actors = frozenset(_kind_value(k) for k in actor_kinds)
        arms = frozenset(w.strip().lower() for w in weapons)
        for rule in self.rules:
            if rule.type == ptype and rule.matches(pmode, targets, actors, arms):
                if rule.acled is None:
                    return CrosswalkResult(None, None, rule.cameo)
                label = self.acled.case_label(*rule.acled)
                return CrosswalkResult(rule.acled[0], rule.acled[1], rule.cameo, label)
        # Unreachable for a validated file: every type has a catch-all rule.
        raise UnknownTypeError(f"no crosswalk rule for {ptype} / {pmode}")

    def cameo_to_plover(self, code: str) -> tuple[str, str | None] | None:
        """Return the PLOVER (type, mode) of a CAMEO code, falling back to shorter codes."""
        code = code.strip()
        if len(code) == 2:
            # A two-digit cue category stands for its "not specified below" code.
            code += "0"
        while len(code) >= 3:
            entry = self.cameo.get(code)
            if entry is not None:
                return entry.plover, entry.mode
            code = code[:-1]
        return None


def _kind_value(kind: object) -> str:
    """Accept ActorKind members as well as their string values."""
    return kind.value if isinstance(kind, ActorKind) else str(kind)


def _check(cw: CrosswalkFile, onto: PloverOntology, tax: AcledTaxonomy) -> None:
    """Check the rules against the ontologies; raise ValueError naming the first problem."""
    cameo = {c.code: c for c in cw.cameo}
    for entry in cw.cameo:
        try:
            onto.canonical_mode(entry.plover, entry.mode)
        except UnknownTypeError as exc:
            raise ValueError(f"cameo {entry.code}: {exc}") from exc
    for i, rule in enumerate(cw.rules):
        where = f"rules[{i}] ({rule.type})"
        try:
            ptype = onto.get(rule.type)
        except UnknownTypeError as exc:
            raise ValueError(f"{where}: {exc}") from exc
        for mode in rule.modes or ():
            if mode is not None and mode not in ptype.mode_names:
                raise ValueError(f"{where}: {mode!r} is not a mode of {ptype.name}")
        if rule.acled is not None and not tax.has(*rule.acled):
            raise ValueError(f"{where}: unknown ACLED pair {' / '.join(rule.acled)!r}")
        if rule.cameo is not None:
            code = cameo.get(rule.cameo)
            if code is None:
                raise ValueError(f"{where}: CAMEO code {rule.cameo} is not in the cameo table")
            if code.plover != ptype.name:
                raise ValueError(
                    f"{where}: CAMEO {rule.cameo} belongs to {code.plover}, not {ptype.name}"
                )
    for ptype in onto.types:
        for mode in (None, *sorted(ptype.mode_names)):
            if not any(
                r.type == ptype.name and r.unconditional and (r.modes is None or mode in r.modes)
                for r in cw.rules
            ):
                raise ValueError(f"no unconditional rule covers {ptype.name} / {mode}")


def load_crosswalk(
    path: Path,
    *,
    plover_ontology: PloverOntology | None = None,
    acled_taxonomy: AcledTaxonomy | None = None,
) -> Crosswalk:
    """Read and validate a crosswalk file against the PLOVER and ACLED ontologies."""
    onto = plover_ontology or plover()
    tax = acled_taxonomy or acled()
    cw = load_model(path, CrosswalkFile)
    try:
        _check(cw, onto, tax)
    except ValueError as exc:
        raise DataFileError(str(path), str(exc)) from exc
    return Crosswalk(cw.rules, {c.code: c for c in cw.cameo}, onto, tax)


@functools.cache
def default_crosswalk() -> Crosswalk:
    """Return the shipped crosswalk, loaded and validated once."""
    return load_crosswalk(data_path(CROSSWALK_FILE))


def crosswalk(
    event_type: str,
    mode: str | None = None,
    *,
    target_kinds: Collection[str] = (),
    actor_kinds: Collection[str] = (),
    weapons: Collection[str] = (),
) -> CrosswalkResult:
    """Map a PLOVER event to ACLED (type, sub-type) and CAMEO with the shipped crosswalk.

    See :meth:`Crosswalk.lookup`; e.g. ``crosswalk("ASSAULT", "suicide-attack")`` gives
    Explosions/Remote violence / Suicide bomb, CAMEO 1831.
    """
    return default_crosswalk().lookup(
        event_type, mode, target_kinds=target_kinds, actor_kinds=actor_kinds, weapons=weapons
    )


def cameo_to_plover(code: str) -> tuple[str, str | None] | None:
    """Return the PLOVER (type, mode) of a CAMEO event code from the shipped table."""
    return default_crosswalk().cameo_to_plover(code)


__all__ = [
    "CameoEntry",
    "Crosswalk",
    "CrosswalkResult",
    "CrosswalkRule",
    "cameo_to_plover",
    "crosswalk",
    "default_crosswalk",
    "load_crosswalk",
]
