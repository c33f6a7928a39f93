"""The country of each participant, where the article makes it clear.

In order: the country of a known actor or of the organisation a participant belongs to, from
the knowledge base ("gunmen of Tehrik-i-Taliban Pakistan"),
a nationality word in the participant's own words ("Pakistani soldiers", "an Afghan
policeman"), and, for state forces and officials named only generically ("police",
"troops"), the country where the event happened. Armed groups, civilians and others named
generically get no country from the event's place: "gunmen" in Kabul need not be Afghan.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from newsevents.model import ActorKind, Event, Role
from newsevents.ontology.datafiles import data_path

#: Kinds whose generic mentions belong to the state where the event happened.
STATE_KINDS = frozenset(
    {ActorKind.police, ActorKind.military, ActorKind.government, ActorKind.state}
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@functools.cache
def nationality_words() -> dict[str, str]:
    """Lower-case nationality words -> ISO alpha-2 country (from ``data/demonyms.yaml``)."""
    from newsevents.resolve.gazetteer import load_name_lists

    raw = load_name_lists(data_path("demonyms.yaml"))
    out: dict[str, str] = {}
    for code, words in raw.items():
        # Two-letter keys are countries; subdivision codes ("US-TX") are not nationalities.
        if len(code) == 2:
            for word in words:
                out.setdefault(word.lower(), code)
    return out


def _nationality(text: str) -> str | None:
    words = nationality_words()
    for word in _WORD_RE.findall(text):
        code = words.get(word.lower())
        if code is not None:
            return code
    return None


def _with_country(role: Role, iso3: str | None, basis: str) -> Role:
    if iso3 is None:
        return role
    return role.model_copy(update={"country_iso3": iso3, "country_basis": basis})


def assign_countries(events: Sequence[Event]) -> list[Event]:
    """The events with ``country_iso3`` / ``country_basis`` set on the roles where clear."""
    from newsevents.resolve.actors import load_kb
    from newsevents.resolve.gazetteer import gazetteer

    kb = load_kb()
    gaz = gazetteer()
    out = []
    for event in events:
        located = next((p for p in event.places if p.is_event_location), None)
        where = located.country_iso3 if located is not None else None
        roles = []
        for role in event.roles:
            actor = kb.get(role.actor_id) if role.actor_id and role.actor_id in kb else None
            if actor is None and role.affiliation_id and role.affiliation_id in kb:
                # "gunmen from the TTP" belong where their organisation does.
                actor = kb.get(role.affiliation_id)
            if actor is not None and actor.country:
                roles.append(_with_country(role, actor.country, "actor"))
            elif (code := _nationality(role.text)) is not None:
                roles.append(_with_country(role, gaz.iso3(code), "nationality"))
            elif actor is None and role.kind in STATE_KINDS and where:
                roles.append(_with_country(role, where, "event place"))
            else:
                roles.append(role)
        out.append(event.model_copy(update={"roles": roles}))
    return out


__all__ = ["STATE_KINDS", "assign_countries", "nationality_words"]
