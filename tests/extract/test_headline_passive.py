"""A headline drops "was": its bare past participle is passive ("Blogger arrested")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.model import ActorKind, Event, Role, RoleType

pytestmark = pytest.mark.slow
Extract = Callable[..., list[Event]]
_AGENTS = (RoleType.perpetrator, RoleType.actor)
_PATIENTS = (RoleType.victim, RoleType.detainee, RoleType.target)


def _roles(events: list[Event], roles: tuple[RoleType, ...]) -> list[Role]:
    return [r for e in events for r in e.roles if r.role in roles]


def test_a_headline_participle_is_passive(extract: Extract) -> None:
    text = "Blogger Tomas Vell arrested, charged after reporting on the war\n\nHe was freed."
    events = extract(text)
    assert not [r for r in _roles(events, _AGENTS) if "Vell" in r.name]
    assert any("Vell" in r.name for r in _roles(events, _PATIENTS))


def test_an_active_headline_keeps_its_doer(extract: Extract) -> None:
    text = "Police arrest blogger Tomas Vell in Kyiv\n\nHe was held on Monday, his lawyer said."
    kinds = [r.kind for r in _roles(extract(text), _AGENTS) if "olice" in r.name]
    assert kinds[:1] == [ActorKind.police]
