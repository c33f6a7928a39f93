"""Geocoding event places: common nouns in edited text are not towns."""

from __future__ import annotations

from newsevents.extract.geocode import geocode_events
from newsevents.model import Event, PlaceMention, Span
from newsevents.resolve.places import resolve


def _event(*places: str) -> Event:
    return Event(
        id="e1",
        article_id="a1",
        event_type="ASSAULT",
        triggers=[Span(start=0, end=4, text="shot")],
        places=[PlaceMention(text=p, is_event_location=i == 0) for i, p in enumerate(places)],
    )


def test_lower_case_mention_in_edited_text_is_not_geocoded() -> None:
    text = "Police shot a protester outside the court in Nairobi on Monday, witnesses said."
    (event,) = geocode_events([_event("court", "Nairobi")], text)
    court, nairobi = event.places
    assert court.latitude is None and court.country_iso3 is None
    assert nairobi.country_iso3 == "KEN"


def test_lower_case_text_is_still_geocoded() -> None:
    text = "police shot a protester in nairobi on monday, witnesses said, and fled the scene."
    (event,) = geocode_events([_event("nairobi")], text)
    assert event.places[0].country_iso3 == "KEN"


def test_compass_word_alone_is_no_place() -> None:
    found = resolve("West Africa")
    assert found is None or found.place.name != "West"
    east = resolve("East Turkestan")
    assert east is not None and east.place.country == "CN"
