"""Reports of one incident that share only their toll are one record; a toll of one is no
link."""

from __future__ import annotations

from collections.abc import Callable

from newsevents.model import Event

Extract = Callable[..., list[Event]]


def _assaults(events: list[Event]) -> list[Event]:
    return [e for e in events if e.event_type == "ASSAULT"]


def test_the_same_toll_of_several_people_links_a_place_and_a_time(extract: Extract) -> None:
    text = (
        "Seven people were shot on Qorvalt Avenue, police said.\n\n"
        "Police said six men and one woman were shot around 2:20 a.m. Saturday."
    )
    (event,) = _assaults(extract(text))
    assert event.injured is not None and event.injured.best == 7
    assert event.time is not None and event.time.text == "Saturday"


def test_a_toll_of_one_does_not_link_two_shootings(extract: Extract) -> None:
    text = (
        "A man was shot on Qorvalt Avenue, police said.\n\n"
        "In a separate case, a woman was shot around 2:20 a.m. Saturday."
    )
    assert len(_assaults(extract(text))) == 2


def test_a_headline_toll_of_the_dead_and_the_others_wounded_is_the_lead_incident(
    extract: Extract,
) -> None:
    text = (
        "One dead, four others wounded in shooting\n\n"
        "A 15-year-old boy was shot and killed and four other people were wounded following a "
        "shooting Saturday night at some apartments on Qorvalt Street."
    )
    (event,) = _assaults(extract(text))
    assert event.killed is not None and event.killed.best == 1
    assert event.injured is not None and event.injured.best == 4
