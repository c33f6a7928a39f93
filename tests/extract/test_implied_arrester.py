"""An arrest that names no arrester takes the police the article names; no police named, no
arrester guessed."""

from __future__ import annotations

from collections.abc import Callable

from newsevents.model import ActorKind, Event, RoleType


def _arrest(events: list[Event]) -> Event:
    found = [e for e in events if e.event_type == "COERCE" and e.mode == "arrest"]
    assert found, events
    return found[0]


def test_the_police_named_elsewhere_made_the_arrest(extract: Callable[..., list[Event]]) -> None:
    text = "Two men were arrested in Lahore on Monday. The police said they were armed."
    arrest = _arrest(extract(text))
    agents = [r for r in arrest.roles if r.role == RoleType.actor]
    assert [(r.text, r.kind) for r in agents] == [("police", ActorKind.police)]
    assert agents[0].spans[0].start == text.index("police")


def test_no_police_named_no_arrester(extract: Callable[..., list[Event]]) -> None:
    arrest = _arrest(extract("Two men were arrested in Lahore on Monday. A court will hear it."))
    assert not [r for r in arrest.roles if r.role in (RoleType.actor, RoleType.perpetrator)]


def test_a_named_arrester_stays(extract: Callable[..., list[Event]]) -> None:
    text = "Rangers arrested two men in Karachi on Monday. The police said they were armed."
    arrest = _arrest(extract(text))
    assert "police" not in [r.text for r in arrest.roles]
