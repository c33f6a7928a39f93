"""Who investigates, condemns or reports a shooting is not who did it, also when the parse
reads the act as the verb's complement ("Police investigating shooting of ...")."""

from __future__ import annotations

from collections.abc import Callable

from newsevents.model import Event, RoleType

AGENTS = (RoleType.perpetrator, RoleType.actor)


def test_investigating_police_are_no_shooters(extract: Callable[..., list[Event]]) -> None:
    text = "Antioch Police Investigate Shooting Death Of Teen\n\nHe died at a hospital on Monday."
    events = extract(text)
    agents = [r.text for e in events for r in e.roles if r.role in AGENTS]
    assert not [a for a in agents if "police" in a.lower()], agents


def test_a_doer_who_tries_still_does_it(extract: Callable[..., list[Event]]) -> None:
    events = extract("Gunmen tried killing two soldiers in Gao on Monday.")
    agents = [r.text for e in events for r in e.roles if r.role in AGENTS]
    assert "Gunmen" in agents
