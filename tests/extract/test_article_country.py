"""Events that name no known place take the article's country, when it has one."""

from __future__ import annotations

from newsevents.extract.geocode import article_country, geocode_events, locate_in_article_country
from newsevents.model import Event, PlaceMention, Span


def _event(text: str, *places: str, id: str = "e1") -> Event:
    spans = []
    for name in places:
        at = text.index(name)
        spans.append([Span(start=at, end=at + len(name), text=name)])
    return Event(
        id=id,
        article_id="a1",
        event_type="COERCE",
        triggers=[Span(start=0, end=4, text="held")],
        places=[
            PlaceMention(text=p, spans=s, is_event_location=i == 0)
            for i, (p, s) in enumerate(zip(places, spans, strict=True))
        ],
    )


TEXT = (
    "Police held an activist in Minsk on Monday. Officers later raided a flat in Grodno. "
    "They detained 600 protesters, witnesses said."
)


def test_an_event_without_a_place_takes_the_one_country_of_the_article() -> None:
    events = geocode_events(
        [_event(TEXT, "Minsk"), _event(TEXT, "Grodno", id="e2"), _event(TEXT, id="e3")], TEXT
    )
    assert article_country(events) is not None
    *_, detained = locate_in_article_country(events)
    (where,) = detained.places
    assert (where.country_iso3, where.precision, where.is_event_location) == (
        "BLR",
        "country",
        True,
    )
    assert where.confidence < 0.5
    # The evidence is where the article names its places in that country.
    assert {s.text for s in where.spans} == {"Minsk", "Grodno"}


def test_an_unknown_place_keeps_its_name_and_gains_the_country() -> None:
    text = TEXT + " Guards beat a man at Qorvalt Yard."
    events = geocode_events([_event(text, "Minsk"), _event(text, "Qorvalt Yard", id="e2")], text)
    _, depot = locate_in_article_country(events)
    assert depot.places[0].text == "Qorvalt Yard"
    assert depot.places[0].country_iso3 == "BLR"


def test_no_country_when_the_article_is_about_several() -> None:
    text = "Police held an activist in Minsk. Troops shelled Kharkiv. Police detained 600."
    events = geocode_events(
        [_event(text, "Minsk"), _event(text, "Kharkiv", id="e2"), _event(text, id="e3")], text
    )
    assert article_country(events) is None
    assert locate_in_article_country(events)[-1].places == []


def test_events_with_places_are_left_alone() -> None:
    events = geocode_events([_event(TEXT, "Minsk")], TEXT)
    assert locate_in_article_country(events) == events


def test_the_division_too_when_the_article_stays_in_one() -> None:
    text = (
        "Gunmen shot a guard in Ferguson on Monday. Police later searched a house in "
        "Florissant and a car in Ferguson. A man was shot dead, police said."
    )
    events = geocode_events(
        [_event(text, "Ferguson"), _event(text, "Florissant", id="e2"), _event(text, id="e3")],
        text,
    )
    *_, shot = locate_in_article_country(events)
    (where,) = shot.places
    assert (where.country_iso3, where.admin1, where.precision) == ("USA", "Missouri", "region")
