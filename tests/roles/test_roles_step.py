"""The roles step on short hand-written texts, through the public extraction API."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.learn.heads import META_FILE, shipped_folder
from newsevents.model import Event, RoleType

pytestmark = pytest.mark.skipif(
    not (shipped_folder("roles") / META_FILE).is_file(),
    reason="no shipped roles model (newsevents train roles writes it)",
)
_AGENTS = (RoleType.perpetrator, RoleType.actor)
_PATIENTS = (RoleType.target, RoleType.victim, RoleType.detainee)


def _extract(text: str) -> list[Event]:
    from newsevents.api import extract

    return extract(text, published=dt.date(2021, 3, 8))


def _texts(event: Event, kinds: tuple[RoleType, ...]) -> list[str]:
    return [r.text.lower() for r in event.roles if r.role in kinds]


def test_masked_men_detained_the_activist() -> None:
    [event] = [e for e in _extract("Masked men detained the activist in Minsk on Monday.")]
    assert "masked men" in _texts(event, _AGENTS)
    assert "the activist" in _texts(event, _PATIENTS)


def test_gunmen_are_the_perpetrators_not_the_woman_they_killed() -> None:
    events = _extract("Gunmen killed a woman in the market of Kandahar on Sunday.")
    [event] = [e for e in events if e.event_type == "ASSAULT"]
    doers = _texts(event, _AGENTS)
    assert any("gunmen" in d for d in doers)
    assert not any("woman" in d for d in doers)
    assert any("woman" in t for t in _texts(event, _PATIENTS))


def test_a_group_that_denies_the_bombing_is_not_its_perpetrator() -> None:
    text = (
        "A car bomb killed six people in Kabul on Sunday. "
        "The group denied involvement in the bombing."
    )
    for event in _extract(text):
        assert not any("group" in d for d in _texts(event, _AGENTS))


@pytest.mark.parametrize(
    "text",
    [
        "Shots were fired at the convoy near the border on Sunday, wounding two soldiers.",
        "Shots hit the convoy and two soldiers were wounded.",
    ],
)
def test_shots_are_not_a_perpetrator(text: str) -> None:
    events = _extract(text)
    assert events
    for event in events:
        assert not any("shots" in d for d in _texts(event, _AGENTS))


@pytest.mark.parametrize(
    "text",
    [
        "A man shot his wife and then himself at their home in Ohio on Friday.",
        "Police said the gunman killed two officers before he was shot dead.",
        "Militants abducted three engineers; the engineers were freed later.",
    ],
)
def test_a_victim_is_never_the_perpetrator_of_the_same_incident(text: str) -> None:
    for event in _extract(text):
        doers = {r.actor_id or r.name.lower() for r in event.roles if r.role in _AGENTS}
        victims = {r.actor_id or r.name.lower() for r in event.roles if r.role in _PATIENTS}
        assert not doers & victims, (doers, victims)


def test_observing_leaves_the_rule_roles_unchanged() -> None:
    from newsevents.roles import observe

    seen: list[list[Event]] = []
    with observe(lambda events, doc, text: seen.append([e.model_copy() for e in events])):
        events = _extract("Masked men detained the activist in Minsk on Monday.")
    assert seen and [e.roles for e in seen[0]] == [e.roles for e in events]
