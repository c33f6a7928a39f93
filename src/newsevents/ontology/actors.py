"""Schemas of the actor knowledge base (``data/actors/*.yaml``) and generic agents
(``data/agents.yaml``).

Only structure and per-file consistency are checked here; cross-file checks (unique ids and
aliases, relation targets that exist) happen when the knowledge base is assembled in
:mod:`newsevents.resolve.actors`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsevents.model import ActorKind

#: PLOVER sector codes (primary codes, plus the non-state actor codes IGO/NGO/IMG/ISM/MNC
#: that PLOVER uses in place of a country, and UNK for unknown).
SECTORS: frozenset[str] = frozenset(
    {
        "GOV", "JUD", "LEG", "MIL", "COP", "OPP", "PTY", "REB", "PRM", "SPY", "UAF",
        "CVL", "ELI", "BUS", "EDU", "MED", "LAB", "AGR", "JRN", "REF", "REL", "SOC", "CRM",
        "IGO", "NGO", "IMG", "ISM", "MNC", "UNK",
    }
)  # fmt: skip

RelationType = Literal[
    "wing_of",
    "branch_of",
    "splinter_of",
    "affiliated_with",
    "pledged_allegiance_to",
    "successor_of",
]

#: Relations that make the target a parent organisation (followed by ``ActorKB.parents``).
PARENT_RELATIONS: frozenset[str] = frozenset({"wing_of", "branch_of"})

_SLUG = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_sector(value: str) -> str:
    if value not in SECTORS:
        raise ValueError(f"unknown sector {value!r}; expected one of {sorted(SECTORS)}")
    return value


class Relation(_Strict):
    """A link from one actor to another (``qassam_brigades`` is ``wing_of`` ``hamas``)."""

    type: RelationType
    target: str = Field(pattern=_SLUG, description="Id of the related actor.")
    since: int | None = Field(default=None, ge=1800, le=2100, description="Year it began.")


class ActorRole(_Strict):
    """A post or affiliation an actor held, coded as CAMEO actor codes are ("AFGGOV")."""

    code: str = Field(pattern=r"^[A-Z]{3}[A-Z0-9]*$", description="CAMEO actor code.")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO3.")
    sector: str | None = Field(default=None, description="PLOVER sector of the post.")
    since: dt.date | None = Field(default=None, description="First day held, if known.")
    until: dt.date | None = Field(default=None, description="Last day held, if known.")

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str | None) -> str | None:
        return None if value is None else _check_sector(value)

    def holds_on(self, day: dt.date) -> bool:
        """Whether the post was held on ``day`` (open ends count as held)."""
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


class Actor(_Strict):
    """A named actor: armed group, outlet, organisation, force or person."""

    id: str = Field(pattern=_SLUG, description="Stable slug, e.g. 'isis'.")
    name: str = Field(min_length=1, description="Canonical name.")
    aliases: tuple[str, ...] = Field(default=(), description="Other names and spellings.")
    exact_aliases: tuple[str, ...] = Field(
        default=(),
        description="Names that match only exactly as written (generic words like 'Contra').",
    )
    exact_only: bool = Field(
        default=False, description="All names match only exactly as written ('The Hindu')."
    )
    kind: ActorKind
    sector: str = Field(description="PLOVER sector code (REB, JRN, IGO...).")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO3.")
    relations: tuple[Relation, ...] = ()
    roles: tuple[ActorRole, ...] = Field(
        default=(), description="Posts held, with dates (people: minister, commander...)."
    )
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    note: str | None = Field(default=None, description="Why an entry is as it is.")

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str) -> str:
        return _check_sector(value)

    @field_validator("aliases", "exact_aliases")
    @classmethod
    def _aliases(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for alias in value:
            if not alias.strip() or alias != alias.strip():
                raise ValueError(f"alias {alias!r} is empty or has surrounding spaces")
        return value

    @model_validator(mode="after")
    def _no_self_relation(self) -> Actor:
        for rel in self.relations:
            if rel.target == self.id:
                raise ValueError(f"{self.id}: relation {rel.type} points to itself")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias (exact-only ones last)."""
        return (self.name, *self.aliases, *self.exact_aliases)

    def is_exact_only(self, alias: str) -> bool:
        """True when ``alias`` of this actor must only match exactly as written."""
        return self.exact_only or alias in self.exact_aliases


class ActorFile(_Strict):
    """One actor file: a list of actors with unique ids."""

    actors: tuple[Actor, ...] = Field(min_length=1)
    patterns: bool = Field(
        default=True,
        description="Whether the names become entity-ruler patterns; large imported lists "
        "are looked up on entities the model finds instead.",
    )
    source: str | None = Field(default=None, description="Where the entries come from.")

    @model_validator(mode="after")
    def _unique_ids(self) -> ActorFile:
        ids = [a.id for a in self.actors]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"actor ids listed twice: {dupes}")
        return self


class Agent(_Strict):
    """A generic agent noun ('police', 'gunmen', 'villagers') with its kind and sector."""

    id: str = Field(pattern=_SLUG)
    name: str = Field(min_length=1, description="Normalised name used in roles.")
    kind: ActorKind
    sector: str
    singular: tuple[str, ...] = Field(min_length=1, description="Singular forms, lower case.")
    plural: tuple[str, ...] = Field(default=(), description="Plural and collective forms.")
    note: str | None = None

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str) -> str:
        return _check_sector(value)

    @field_validator("singular", "plural")
    @classmethod
    def _lower(cls, forms: tuple[str, ...]) -> tuple[str, ...]:
        for form in forms:
            if form != form.strip().lower() or not form:
                raise ValueError(f"form {form!r} must be non-empty, trimmed lower case")
        return forms


class AgentFile(_Strict):
    """The agents file: every form belongs to exactly one agent."""

    agents: tuple[Agent, ...] = Field(min_length=1)
    ignore_words: tuple[str, ...] = Field(
        default=(), description="Determiners and quantifiers skipped in front of agent nouns."
    )

    @model_validator(mode="after")
    def _unique(self) -> AgentFile:
        seen: dict[str, str] = {}
        ids = [a.id for a in self.agents]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"agent ids listed twice: {dupes}")
        for agent in self.agents:
            for form in (*agent.singular, *agent.plural):
                other = seen.get(form)
                if other is not None and other != agent.id:
                    raise ValueError(f"form {form!r} belongs to both {other} and {agent.id}")
                seen[form] = agent.id
        return self


__all__ = [
    "PARENT_RELATIONS",
    "SECTORS",
    "Actor",
    "ActorFile",
    "ActorRole",
    "Agent",
    "AgentFile",
    "Relation",
    "RelationType",
]
