"""Refining an event's ACLED sub-event type with the ACLED codebook's distinctions.

The crosswalk maps a PLOVER type, mode and actor kinds to an ACLED pair. Several ACLED
distinctions depend on what the text says about the participants and the setting: whether
the target of an attack is an armed side (Armed clash) or civilians (Attack), whether force
was used on demonstrators and how badly, whether weapons were used or taken out of use,
who took territory. ``data/acled_typing.yaml`` holds those rules and the cue words; this
module evaluates them on an :class:`~newsevents.model.Event`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsevents.model import Event, RoleType
from newsevents.ontology.acled import acled
from newsevents.ontology.datafiles import data_path, load_model

TYPING_FILE = "acled_typing.yaml"
_KIND_PREFIX = "kind:"
_AGENTS = frozenset({RoleType.perpetrator, RoleType.actor})
_WORD = re.compile(r"[\w][\w'-]*")
# The month March, which lower-cased would read as a protest march: before a day or a
# year, or after a preposition of time ("March 8", "in March", "since March").
_MONTH_MARCH = re.compile(
    r"\bMarch(?=\s+\d)|(?<=\b(?:in|on|of|by)\s)March\b"
    r"|\b(?:since|until|till|from|through|early|late|last|next|mid-?)\s*March\b"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TypingRule(_Strict):
    """One rule: conditions on an event and the ACLED pair it then gets."""

    name: str = Field(min_length=1)
    types: tuple[str, ...] = Field(min_length=1)
    modes: tuple[str | None, ...] | None = None
    sub_types: tuple[str | None, ...] | None = None
    context: tuple[str, ...] = ()
    also_context: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    patients: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    no_context: tuple[str, ...] = ()
    no_triggers: tuple[str, ...] = ()
    no_agents: tuple[str, ...] = ()
    no_patients: tuple[str, ...] = ()
    harm: bool | None = None
    acled: tuple[str, str] | None

    def cue_names(self) -> set[str]:
        """Every cue list the rule names."""
        fields = (
            self.context,
            self.also_context,
            self.triggers,
            self.agents,
            self.patients,
            self.instruments,
            self.no_context,
            self.no_triggers,
            self.no_agents,
            self.no_patients,
        )
        return {name for names in fields for name in names if not name.startswith(_KIND_PREFIX)}


class TypingFile(_Strict):
    """The whole ``acled_typing.yaml`` file."""

    cues: dict[str, tuple[str, ...]]
    rules: tuple[TypingRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> TypingFile:
        tax = acled()
        for rule in self.rules:
            unknown = sorted(rule.cue_names() - set(self.cues))
            if unknown:
                raise ValueError(f"rule {rule.name!r}: unknown cue lists {unknown}")
            if rule.acled is not None and not tax.has(*rule.acled):
                raise ValueError(f"rule {rule.name!r}: unknown ACLED pair {rule.acled}")
        return self


@dataclass(frozen=True)
class _Texts:
    """Lower-cased, space-padded word strings and actor kinds of the parts of an event."""

    context: str
    triggers: str
    agents: str
    patients: str
    instruments: str
    agent_kinds: frozenset[str]
    patient_kinds: frozenset[str]


def _normalise(texts: Iterable[str]) -> str:
    words = [w for t in texts for w in _WORD.findall(t.lower())]
    return f" {' '.join(words)} "


def _texts(event: Event) -> _Texts:
    agents = [r for r in event.roles if r.role in _AGENTS]
    patients = [r for r in event.roles if r.role not in _AGENTS]
    return _Texts(
        context=_normalise(_MONTH_MARCH.sub(" ", s.text) for s in event.sentences),
        triggers=_normalise(t.text for t in event.triggers),
        agents=_normalise(r.text for r in agents),
        patients=_normalise(r.text for r in patients),
        instruments=_normalise(i.text for i in event.instruments),
        agent_kinds=frozenset(r.kind.value for r in agents),
        patient_kinds=frozenset(r.kind.value for r in patients),
    )


@dataclass(frozen=True)
class AcledTyping:
    """The validated rules, with their cue lists ready for matching."""

    rules: tuple[TypingRule, ...]
    phrases: dict[str, tuple[str, ...]]
    kinds: dict[str, frozenset[str]]

    def _has(self, names: tuple[str, ...], text: str, kinds: frozenset[str] = frozenset()) -> bool:
        for name in names:
            if name.startswith(_KIND_PREFIX):
                if name[len(_KIND_PREFIX) :] in kinds:
                    return True
                continue
            if self.kinds[name] & kinds or any(p in text for p in self.phrases[name]):
                return True
        return False

    def _holds(self, rule: TypingRule, event: Event, t: _Texts) -> bool:
        checks = (
            (rule.context, t.context, frozenset[str]()),
            (rule.also_context, t.context, frozenset[str]()),
            (rule.triggers, t.triggers, frozenset[str]()),
            (rule.agents, t.agents, t.agent_kinds),
            (rule.patients, t.patients, t.patient_kinds),
            (rule.instruments, t.instruments, frozenset[str]()),
        )
        if any(names and not self._has(names, text, kinds) for names, text, kinds in checks):
            return False
        negatives = (
            (rule.no_context, t.context, frozenset[str]()),
            (rule.no_triggers, t.triggers, frozenset[str]()),
            (rule.no_agents, t.agents, t.agent_kinds),
            (rule.no_patients, t.patients, t.patient_kinds),
        )
        if any(names and self._has(names, text, kinds) for names, text, kinds in negatives):
            return False
        if rule.harm is not None:
            harmed = any(
                c is not None and bool(c.best or c.low) for c in (event.killed, event.injured)
            )
            if harmed != rule.harm:
                return False
        return True

    def decide(self, event: Event) -> tuple[str, str] | None:
        """The ACLED pair the first matching rule gives, or the event's own when none does."""
        current = (
            (event.acled_event_type, event.acled_sub_event_type)
            if event.acled_event_type is not None and event.acled_sub_event_type is not None
            else None
        )
        t = _texts(event)
        for rule in self.rules:
            if event.event_type not in rule.types:
                continue
            if rule.modes is not None and event.mode not in rule.modes:
                continue
            if rule.sub_types is not None and event.acled_sub_event_type not in rule.sub_types:
                continue
            if self._holds(rule, event, t):
                return rule.acled
        return current


def load_typing(path: Path) -> AcledTyping:
    """Read and validate an ACLED typing rules file."""
    raw = load_model(path, TypingFile)
    phrases: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, frozenset[str]] = {}
    for name, entries in raw.cues.items():
        words = [e.strip().lower() for e in entries if not e.startswith(_KIND_PREFIX)]
        phrases[name] = tuple(_normalise([w]) for w in words if w)
        kinds[name] = frozenset(
            e[len(_KIND_PREFIX) :] for e in entries if e.startswith(_KIND_PREFIX)
        )
    return AcledTyping(raw.rules, phrases, kinds)


@functools.cache
def default_typing() -> AcledTyping:
    """The shipped rules, loaded once."""
    return load_typing(data_path(TYPING_FILE))


def refine_acled(event: Event) -> Event:
    """Return ``event`` with its ACLED event type and sub-event type set by the typing rules.

    The PLOVER type, mode and CAMEO code are left as they are.
    """
    pair = default_typing().decide(event)
    if pair is None:
        return event.model_copy(update={"acled_event_type": None, "acled_sub_event_type": None})
    return event.model_copy(update={"acled_event_type": pair[0], "acled_sub_event_type": pair[1]})


__all__ = [
    "AcledTyping",
    "TypingFile",
    "TypingRule",
    "default_typing",
    "load_typing",
    "refine_acled",
]
