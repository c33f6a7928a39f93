"""A reprisal on the doers' own places is another incident; a fight with them is one; and
the words of beating and pounding that make these acts."""

from __future__ import annotations

from collections.abc import Callable

from newsevents.extract.merge import done_to_doers
from newsevents.model import ActorKind, Event, Role, RoleType

Extract = Callable[..., list[Event]]


def _role(role: RoleType, text: str) -> Role:
    return Role(role=role, text=text, name=text)


def test_striking_what_belongs_to_the_doers_is_done_to_them() -> None:
    doers = [_role(RoleType.perpetrator, "a group of militants")]
    reprisal = [
        _role(RoleType.perpetrator, "security forces"),
        _role(RoleType.target, "the hideouts of militants"),
    ]
    assert done_to_doers(doers, reprisal)
    # Shooting the attackers themselves is the fight, not another incident.
    fight = [_role(RoleType.perpetrator, "police"), _role(RoleType.victim, "two militants")]
    assert not done_to_doers(doers, fight)
    # The same doers striking again is no reprisal.
    again = [_role(RoleType.perpetrator, "militants"), _role(RoleType.target, "a checkpost")]
    assert not done_to_doers(doers, again)


def test_a_reprisal_is_its_own_incident(extract: Extract) -> None:
    text = (
        "A group of militants attacked a grid station in Khyber Agency on Monday. A guard "
        "was injured in the assault. The security forces pounded the hideouts of militants "
        "with shelling."
    )
    events = [e for e in extract(text) if e.event_type == "ASSAULT"]
    doers = [{r.text for r in e.roles_of(RoleType.perpetrator)} for e in events]
    assert {"A group of militants"} in doers
    assert all(not ({"A group of militants", "The security forces"} <= d) for d in doers)


def test_roughed_up_is_a_beating(extract: Extract) -> None:
    events = extract("Two militants were caught and roughed up by villagers in Baksa on Monday.")
    assert [(e.event_type, e.mode) for e in events if e.event_type == "ASSAULT"] == [
        ("ASSAULT", "beat")
    ]


def test_a_crowd_that_beats_the_doers_is_another_incident() -> None:
    doers = [_role(RoleType.perpetrator, "the militants")]
    crowd = Role(role=RoleType.perpetrator, text="the villagers", name="villagers")
    crowd = crowd.model_copy(update={"kind": ActorKind.civilians})
    beaten = [crowd, _role(RoleType.victim, "the two militants")]
    assert done_to_doers(doers, beaten)
