"""Geocoding the places of an article's events: one resolution pass per article.

Every place mention of every event is resolved together with the article's other place
names (:func:`resolve_mentions`), with the whole article as context, and its
``PlaceMention`` gets the resolved name, GeoNames id, coordinates, ISO alpha-3 country,
first-level subdivision and precision. A name the gazetteer does not know keeps those
fields empty. Events whose sentences name no place the gazetteer knows are placed later,
from the rest of the article (:mod:`newsevents.extract.article_places`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from newsevents.extract.words import WORDS
from newsevents.model import Event, PlaceMention, Span
from newsevents.nlp.places import find_toponyms, people_words, person_spans
from newsevents.nlp.truecase import needs_truecasing
from newsevents.resolve.gazetteer import COUNTRY, DEMONYM, normalise
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


@dataclass(frozen=True)
class NamedPlace:
    """A place name of the article and the place it was resolved to."""

    span: Span
    resolution: Resolution

    @property
    def iso3(self) -> str | None:
        """ISO alpha-3 code of its country."""
        return country_iso3(self.resolution.place)

    @property
    def admin1(self) -> str | None:
        """Its first-level division (None for a country)."""
        place = self.resolution.place
        return place.admin1 if place.kind != COUNTRY else None


# "block of" right before a name: the name is a street's ("the 3000 block of Utah").
_BLOCK_OF = re.compile(r"\bblock of\s+\Z", re.IGNORECASE)


# "Jones and Lake Mead boulevards", "Main and Elm streets": names before a plural street word.
_STREETS_AFTER = re.compile(
    r"\s+(?:and\s+(?:[A-Z][\w'’.-]*\s+){1,3})?(?:streets|avenues|roads|boulevards|drives|lanes)\b"
)


def _street_by_context(text: str, start: int, name: str) -> bool:
    """Whether the words around a name make it a street: "the 3000 block of Utah", "Jones
    and Lake Mead boulevards"."""
    if _BLOCK_OF.search(text, max(0, start - 20), start):
        return True
    return _STREETS_AFTER.match(text, start + len(name)) is not None


def is_street(name: str, res: Resolution) -> bool:
    """Whether ``name`` is a street that the gazetteer matched by its first words only
    ("Lake Mead Boulevard" read as Lake Mead, "Antwerp Avenue" as Antwerp)."""
    words = name.lower().rstrip(".").split()
    if len(words) < 2 or words[-1] not in WORDS.street_words:
        return False
    # A gazetteer entry that is itself the street keeps its last word.
    return not normalise(res.place.name).endswith(normalise(words[-1]))


def geocode_events(events: Sequence[Event], text: str) -> list[Event]:
    """The events with their place mentions resolved against ``text`` (the article)."""
    return geocode_article(events, text)[0]


def geocode_article(
    events: Sequence[Event], text: str, doc: Doc | None = None
) -> tuple[list[Event], list[NamedPlace]]:
    """The events with their place mentions resolved, and every other place name of the
    parsed article (``doc``, when given) that the gazetteer knows, in text order.

    All names are resolved in one pass, so that each is read in the light of all the
    others: the events' places and the article's passing mentions ("Okla.", the dateline)
    alike.
    """
    mentions = [place.text for event in events for place in event.places]
    toponyms = find_toponyms(doc) if doc is not None else []
    names = mentions + [text[s:e] for s, e in toponyms]
    if not names:
        return list(events), []
    resolutions = resolve_mentions(names, text, people=person_spans(doc) if doc else ())
    # In edited text a place name is capitalised: "court" or "the camp" is no town called
    # Court. In all-lower-case text (some wires, processed corpora) case says nothing.
    cased = not needs_truecasing(text)
    people = people_words(doc) if doc is not None else frozenset()

    def usable(name: str, res: Resolution | None, start: int | None) -> Resolution | None:
        if res is None or (cased and not any(c.isupper() for c in name)):
            return None
        if is_street(name, res) or (start is not None and _street_by_context(text, start, name)):
            return None
        # One word of a person's name ("Jones" after "Randy Lee Jones") is that person.
        return None if name in people else res

    resolved = iter(resolutions)
    out = []
    for event in events:
        places = []
        for place in event.places:
            res = usable(place.text, next(resolved), place.spans[0].start if place.spans else None)
            places.append(_filled(place, res) if res is not None else place)
        out.append(event.model_copy(update={"places": _prefer_named(places)}))
    named = []
    for (start, end), res in zip(toponyms, resolved, strict=True):
        name = text[start:end]
        res = usable(name, res, start)
        # A nationality ("a Kenyan blogger") says who someone is, not where the story is.
        if res is None or (res.candidates and res.candidates[0].how == DEMONYM):
            continue
        named.append(NamedPlace(Span(start=start, end=end, text=name), res))
    return out, named


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
