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


def test_the_headlines_incident_is_the_first_one_the_body_tells(extract: Extract) -> None:
    # The headline and the lead share no participant ("Child" is too general a word to
    # link them), yet the headline announces the story the body tells.
    text = (
        "Child hospitalized after shooting self in hand\n\n"
        "INDIANAPOLIS – Police confirmed that a child shot himself in the hand on Sunday in "
        "the 9000 block of East 39th Place."
    )
    (event,) = _assaults(extract(text))
    assert [p.text for p in event.places if p.is_event_location] == [
        "9000 block of East 39th Place"
    ]


def test_a_headline_over_several_incidents_joins_none_of_them(extract: Extract) -> None:
    text = (
        "Two killed in separate shootings\n\n"
        "A man was shot dead on Sunday in Chicago. On Monday, a woman was shot dead in "
        "Englewood."
    )
    killed = sorted(e.killed.best or 0 for e in _assaults(extract(text)) if e.killed)
    assert killed[-1] == 2 and killed.count(1) == 2


def test_no_victims_means_nobody_killed_or_hurt(extract: Extract) -> None:
    text = (
        "A bomb exploded at the airport in Monteria early this morning, destroying a cargo "
        "plane. No victims were reported."
    )
    (event,) = _assaults(extract(text))
    assert event.killed is not None and event.killed.best == 0
    assert event.injured is not None and event.injured.best == 0


def test_no_other_victims_says_nothing_of_the_toll(extract: Extract) -> None:
    text = (
        "A bomb exploded at the airport in Monteria on Monday, killing two. There were no "
        "other victims."
    )
    (event,) = _assaults(extract(text))
    assert event.killed is not None and event.killed.best == 2
    assert event.injured is None


def test_people_hurt_in_a_with_phrase_are_injured(extract: Extract) -> None:
    text = (
        "A bomb hit a patrol in Kabul. Six soldiers were killed with two other soldiers and "
        "a civilian injured."
    )
    (event,) = _assaults(extract(text))
    assert event.killed is not None and event.killed.best == 6
    assert event.injured is not None and event.injured.best == 3


def test_not_arrested_at_the_scene_is_no_zero_arrests(extract: Extract) -> None:
    text = (
        "A man was shot in Atlanta on Tuesday. The suspect was not arrested at the scene, "
        "police said."
    )
    (event,) = _assaults(extract(text))
    assert event.arrested is None or event.arrested.best != 0
    text = "A man was shot in Atlanta on Tuesday. No one was arrested, police said."
    (event,) = _assaults(extract(text))
    assert event.arrested is not None and event.arrested.best == 0


def test_named_victims_of_one_kidnapping_are_one_incident(extract: Extract) -> None:
    text = (
        "About six persons were kidnapped by gunmen at Zuma community in Abuja on Friday. "
        "Josephine Danlami was one of the victims. She was kidnapped while coming out of "
        "the village. Another person, a 23-year-old Isiah Bamayi, was also kidnapped while "
        "working on his father's farm. He was kidnapped while packing harvested yams."
    )
    kidnappings = [e for e in extract(text) if e.mode == "abduct"]
    assert len(kidnappings) == 1
    assert kidnappings[0].kidnapped is not None and kidnappings[0].kidnapped.best == 6
