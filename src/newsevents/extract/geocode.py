"""Geocoding the places of an article's events: one resolution pass per article.

Every place mention of every event is resolved together (:func:`resolve_mentions`), with the
whole article as context, and its ``PlaceMention`` gets the resolved name, GeoNames id,
coordinates, ISO alpha-3 country, first-level subdivision and precision. A name the
gazetteer does not know keeps those fields empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsevents.model import Event, PlaceMention
from newsevents.nlp.truecase import needs_truecasing
from newsevents.resolve.places import Resolution, country_iso3, resolve_mentions


def _filled(place: PlaceMention, res: Resolution) -> PlaceMention:
    p = res.place
    return place.model_copy(
        update={
            "name": p.name,
            "geonames_id": p.geonames_id,
            "latitude": res.lat,
            "longitude": res.lon,
            "country_iso3": country_iso3(p),
            "admin1": p.admin1 if p.kind != "country" else None,
            "precision": res.precision,
        }
    )


def geocode_events(events: Sequence[Event], text: str) -> list[Event]:
    """The events with their place mentions resolved against ``text`` (the article)."""
    mentions = [place.text for event in events for place in event.places]
    if not mentions:
        return list(events)
    resolved = iter(resolve_mentions(mentions, text))
    # In edited text a place name is capitalised: "court" or "the camp" is no town called
    # Court. In all-lower-case text (some wires, processed corpora) case says nothing.
    cased = not needs_truecasing(text)
    out = []
    for event in events:
        places = []
        for place in event.places:
            res = next(resolved)
            if cased and not any(c.isupper() for c in place.text):
                res = None
            places.append(_filled(place, res) if res is not None else place)
        out.append(event.model_copy(update={"places": _prefer_named(places)}))
    return out


def _prefer_named(places: list[PlaceMention]) -> list[PlaceMention]:
    """Move the event location from a common noun ("the area", "a market") that the
    gazetteer does not know to a named place of the same event that it does know."""
    located = [p for p in places if p.is_event_location]
    if not located or located[0].latitude is not None or located[0].text[:1].isupper():
        return places
    named = next((p for p in places if p.latitude is not None and p.text[:1].isupper()), None)
    if named is None:
        return places
    return [
        p.model_copy(update={"is_event_location": p is named})
        if p.is_event_location or p is named
        else p
        for p in places
    ]
