"""Geocoding the places of an article's events: one resolution pass per article.

Every place mention of every event is resolved together (:func:`resolve_mentions`), with the
whole article as context, and its ``PlaceMention`` gets the resolved name, GeoNames id,
coordinates, ISO alpha-3 country, first-level subdivision and precision. A name the
gazetteer does not know keeps those fields empty.

:func:`locate_in_article_country`: an event with no place of its own that the gazetteer knows
takes the article's country, when the article is clearly about one (:func:`article_country`),
at country precision with a low confidence: a coder of "Police detained 600 protesters" in a
story set in Minsk records Belarus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsevents.model import Event, PlaceMention, Span
from newsevents.nlp.truecase import needs_truecasing
from newsevents.resolve.places import Resolution, country_iso3, resolve_mentions

#: Share of an article's resolved place mentions that must lie in one country for events
#: without a place of their own to be put there.
ARTICLE_COUNTRY_SHARE = 0.75
#: Confidence of a location that is only the article's country.
ARTICLE_COUNTRY_CONFIDENCE = 0.4


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


def article_country(events: Sequence[Event]) -> tuple[str, str | None, list[Span]] | None:
    """The ISO alpha-3 country of the article, its first-level division when as clear, and
    the spans that show them: a country when at least :data:`ARTICLE_COUNTRY_SHARE` of the
    resolved place mentions (each span counted once) lie in it, a division when as large a
    share of those lie in one; None when the article is about several countries."""
    seen: dict[tuple[int, int], tuple[str, str | None, Span]] = {}
    for event in events:
        for place in event.places:
            if place.country_iso3 is None:
                continue
            for span in place.spans:
                seen.setdefault((span.start, span.end), (place.country_iso3, place.admin1, span))
    if not seen:
        return None
    (country, n), *_ = Counter(c for c, _, _ in seen.values()).most_common(1)
    if n < ARTICLE_COUNTRY_SHARE * len(seen):
        return None
    divisions = Counter(a for c, a, _ in seen.values() if c == country and a)
    admin1: str | None = None
    if divisions:
        (top, k), *_ = divisions.most_common(1)
        admin1 = top if k >= ARTICLE_COUNTRY_SHARE * n else None
    spans = [
        span
        for _, (c, a, span) in sorted(seen.items())
        if c == country and (admin1 is None or a == admin1)
    ]
    return country, admin1, spans


def _location(event: Event) -> PlaceMention | None:
    return next((p for p in event.places if p.is_event_location), None)


def _needs_country(event: Event) -> bool:
    """Whether the event's location, or the event when it has none, lacks a country."""
    own = _location(event)
    if own is not None:
        return own.country_iso3 is None
    return not any(p.country_iso3 for p in event.places)


def locate_in_article_country(events: list[Event]) -> list[Event]:
    """The events, those without a place the gazetteer knows put in the article's country.

    An event whose location is a name the gazetteer does not know ("Therrell High School")
    keeps it, with the country added; one with no location gets the country as its location,
    its spans those of the article's places in that country.
    """
    if not any(_needs_country(e) for e in events):
        return events
    found = article_country(events)
    if found is None:
        return events
    iso3, admin1, spans = found
    from newsevents.resolve.gazetteer import gazetteer

    gaz = gazetteer()
    iso2 = gaz.iso2(iso3)
    country = gaz.country(iso2) if iso2 else None
    if country is None:
        return events
    out = []
    for event in events:
        if not _needs_country(event):
            out.append(event)
            continue
        own = _location(event)
        if own is not None:
            places = [
                p.model_copy(
                    update={
                        "country_iso3": iso3,
                        "admin1": admin1,
                        "precision": "region" if admin1 else "country",
                    }
                )
                if p is own
                else p
                for p in event.places
            ]
        else:
            # Somewhere in the division (no point of its own to give) or in the country.
            where = PlaceMention(
                text=admin1 or country.name,
                spans=spans[:3],
                is_event_location=True,
                name=f"{admin1}, {country.name}" if admin1 else country.name,
                geonames_id=None if admin1 else country.geonames_id,
                latitude=None if admin1 else country.lat,
                longitude=None if admin1 else country.lon,
                country_iso3=iso3,
                admin1=admin1,
                precision="region" if admin1 else "country",
                confidence=ARTICLE_COUNTRY_CONFIDENCE,
            )
            places = [where, *event.places]
        out.append(event.model_copy(update={"places": places}))
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
