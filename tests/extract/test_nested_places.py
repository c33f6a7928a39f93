"""The most specific place stated: a town written inside a larger place is the location."""

from __future__ import annotations

from collections.abc import Callable

from newsevents.extract.article import _names_a_place
from newsevents.model import Event

Extract = Callable[..., list[Event]]


def _location(event: Event) -> tuple[str, str | None]:
    place = next(p for p in event.places if p.is_event_location)
    return place.text, place.admin1


def test_a_participant_named_as_a_place_is_a_place() -> None:
    assert _names_a_place("the town of Dzhemikent")
    assert _names_a_place("village of Kafr Nabuda")
    assert not _names_a_place("the town")
    assert not _names_a_place("Supporters of the Islamic State in Jerusalem")


def test_the_town_inside_a_province_is_where_it_happened(extract: Extract) -> None:
    # The entity model takes the unknown town for a person; "the town of" makes it a place,
    # and of the two places the mentions give, the town inside the province wins.
    text = (
        "The report was about a car bombing that hit the town of Dzhemikent in Dagestan "
        "province on Feb. 15, killing two police officers."
    )
    (event,) = [e for e in extract(text) if e.event_type == "ASSAULT"]
    assert _location(event) == ("Dzhemikent", "Dagestan")


def test_a_town_named_with_its_division_is_finer_than_the_division(extract: Extract) -> None:
    text = (
        "Nodeep Kaur was arrested on January 12 during the farmers' protest at Kundli in "
        "Haryana. She was arrested in Haryana on criminal charges."
    )
    arrests = [e for e in extract(text) if e.mode == "arrest"]
    assert arrests and all(_location(e) == ("Kundli", "Haryana") for e in arrests)


def test_an_office_of_something_is_no_place(extract: Extract) -> None:
    text = (
        "On December 21, 2015 in Bagram, a suicide bomber blew himself up, killing six "
        "members of the U.S. Air Force Office of Special Investigations."
    )
    for event in extract(text):
        assert not any("Special Investigations" in p.text for p in event.places)


def test_a_place_in_the_speakers_name_is_only_named_nearby(extract: Extract) -> None:
    text = (
        '"A gentleman came out with a rifle and just opened fire on everybody," Lincoln '
        "County Sheriff Charlie Dougherty told reporters."
    )
    (event,) = [e for e in extract(text) if e.event_type == "ASSAULT"]
    county = [p for p in event.places if p.text == "Lincoln County"]
    assert county and not any(p.is_event_location for p in county)


def test_the_person_arrested_is_no_place(extract: Extract) -> None:
    # The recognizer may take a surname for a place; the one held is a person.
    text = (
        "On Tuesday, March 8, Flagstaff police arrested Enriquez as he was being released "
        "from the medical center."
    )
    events = extract(text)
    assert events
    assert all(p.text != "Enriquez" for e in events for p in e.places if p.is_event_location)
