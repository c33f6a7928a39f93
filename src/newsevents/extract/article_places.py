"""Where an event happened when its own sentence does not say: the article's other places.

An analyst coding "Police are investigating a shooting. It happened on the 1100 block of
Wade Street in Aliquippa." puts the shooting in Aliquippa, Pennsylvania, and one coding a
story datelined "LEHIGH ACRES, Fla." or set entirely in Minsk puts its events there too.
This step does the same, after the incidents are decided, for events whose location is
unknown to the gazetteer or missing:

1. **The place that contains it.** A location the gazetteer does not know (a street, a
   school, a road) followed in its sentence by a known place with no verb in between ("Shagai
   Road in the limits of Cantonment Police Station in Peshawar") keeps its name and takes
   that place's country, division and point.
2. **The article's place.** Otherwise the article's own place, from its events' places,
   else from every place name it contains: its country when at least
   :data:`ARTICLE_SHARE` of the resolved mentions lie in one, its first-level division when
   as large a share of those do, and its town when the dateline names one there or one town
   holds that share. An event with no location gets it at the matching precision and a low
   confidence; an unknown location keeps its name and takes the country and division.

Each filled-in field cites the spans it came from: the containing place's mention, or the
article's mentions of the place it takes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsevents.extract.geocode import NamedPlace
from newsevents.model import Event, PlaceBasis, PlaceMention, Span
from newsevents.resolve.gazetteer import ADMIN2, CITY

#: Share of an article's resolved place mentions that must lie in one country (then one
#: division, then one town) for events without a known place to be put there.
ARTICLE_SHARE = 0.75
#: Confidence of a location that is only the article's place.
ARTICLE_PLACE_CONFIDENCE = 0.4
#: Confidence of an unknown location placed by the known place that follows it.
CONTAINER_CONFIDENCE = 0.55
#: Most tokens between an unknown location and the known place that contains it.
CONTAINER_REACH = 12
#: Kinds of place below a first-level division.
LOCAL = frozenset({CITY, ADMIN2})
#: Spans cited as evidence for a place taken from the whole article.
EVIDENCE_SPANS = 3

# A dateline: an upper-case place name at the start of a paragraph, perhaps with a state
# abbreviation, perhaps with the outlet in brackets, then a dash ("ALIQUIPPA (KDKA) —",
# "LEHIGH ACRES, Fla. –").
_DATELINE = re.compile(
    r"(?:^|\n)[ \t]*([A-Z][A-Z.'’ -]{1,40}[A-Z.])(?:,\s*[A-Z][\w.]*)?\s*(?:\([^)\n]{1,40}\))?"
    r"\s*(?:—|–|---|--|-)\s"
)
#: Characters from the start of the text within which a dateline is looked for.
DATELINE_REACH = 600


@dataclass(frozen=True)
class ArticlePlace:
    """Where the article as a whole is set: a country, perhaps a division, perhaps a town,
    with the mentions that show it."""

    iso3: str
    admin1: str | None
    town: NamedPlace | None
    spans: tuple[Span, ...]


def dateline_place(text: str, named: Sequence[NamedPlace]) -> NamedPlace | None:
    """The resolved town of the article's dateline, if it has one."""
    for match in _DATELINE.finditer(text, 0, DATELINE_REACH):
        start = match.start(1)
        for place in named:
            if place.span.start == start and place.resolution.place.kind == CITY:
                return place
    return None


def article_place(
    named: Sequence[NamedPlace], events: Sequence[Event], text: str
) -> ArticlePlace | None:
    """Where the article is set (:class:`ArticlePlace`), or None when it is about several
    countries or names no known place. Every resolved mention counts once, the article's
    and its events' alike."""
    seen: dict[tuple[int, int], tuple[str, str | None, Span, NamedPlace | None]] = {}
    for place in named:
        if place.iso3 is not None:
            key = (place.span.start, place.span.end)
            seen[key] = (place.iso3, place.admin1, place.span, place)
    for event in events:
        for mention in event.places:
            if mention.country_iso3 is None:
                continue
            for span in mention.spans:
                seen.setdefault(
                    (span.start, span.end), (mention.country_iso3, mention.admin1, span, None)
                )
    if not seen:
        return None
    (iso3, n), *_ = Counter(c for c, _, _, _ in seen.values()).most_common(1)
    if n < ARTICLE_SHARE * len(seen):
        return None
    divisions = Counter(a for c, a, _, _ in seen.values() if c == iso3 and a)
    admin1: str | None = None
    if divisions:
        (top, k), *_ = divisions.most_common(1)
        admin1 = top if k >= ARTICLE_SHARE * n else None
    inside = [
        v for _, v in sorted(seen.items()) if v[0] == iso3 and (admin1 is None or v[1] == admin1)
    ]
    town = _town(inside, dateline_place(text, named), admin1)
    if town is not None:
        spans = [s for _, _, s, p in inside if p is not None and _same_place(p, town)]
    else:
        spans = [s for _, _, s, _ in inside]
    return ArticlePlace(iso3, admin1, town, tuple(spans[:EVIDENCE_SPANS]))


def _same_place(a: NamedPlace, b: NamedPlace) -> bool:
    return a.resolution.place.geonames_id == b.resolution.place.geonames_id


def _town(
    inside: list[tuple[str, str | None, Span, NamedPlace | None]],
    dateline: NamedPlace | None,
    admin1: str | None,
) -> NamedPlace | None:
    """The article's town: its dateline's when that lies in the article's division, else one
    town named in at least :data:`ARTICLE_SHARE` of the mentions of towns and counties
    (twice at least)."""
    if admin1 is None:
        return None
    if dateline is not None and dateline.admin1 == admin1:
        return dateline
    # The division and the country contain every town: only places below them compete.
    local = [p for _, _, _, p in inside if p is not None and p.resolution.place.kind in LOCAL]
    towns = [p for p in local if p.resolution.place.kind == CITY]
    if not towns:
        return None
    counts = Counter(p.resolution.place.geonames_id for p in towns)
    top, k = counts.most_common(1)[0]
    if k < 2 or k < ARTICLE_SHARE * len(local):
        return None
    return next(p for p in towns if p.resolution.place.geonames_id == top)


def _location(event: Event) -> PlaceMention | None:
    return next((p for p in event.places if p.is_event_location), None)


def _needs_place(event: Event) -> bool:
    """Whether the event's location, or the event when it has none, lacks a country."""
    own = _location(event)
    if own is not None:
        return own.country_iso3 is None
    return not any(p.country_iso3 for p in event.places)


def container(
    place: PlaceMention, named: Sequence[NamedPlace], doc: Doc, country: str | None = None
) -> NamedPlace | None:
    """The known place that follows an unknown one in its sentence and contains it: a
    resolved name after it, within :data:`CONTAINER_REACH` tokens with no verb between
    ("the 1100 block of Wade Street in Aliquippa"; a participle describing a noun, such as
    "located", may stand between; a conjunction may not). The first one in ``country``
    (the article's main country) when there is one, so that a misread name on the way
    ("Cantonment" as a Florida town) is passed over; else the first."""
    if not place.spans:
        return None
    first = place.spans[0]
    here = doc.char_span(first.start, first.end, alignment_mode="expand")
    if here is None:
        return None
    sent = here.sent
    reachable: list[NamedPlace] = []
    for candidate in named:
        start = candidate.span.start
        if start < first.end:
            continue
        there = doc.char_span(start, candidate.span.end, alignment_mode="expand")
        if start >= sent.end_char or there is None or there.start - here.end > CONTAINER_REACH:
            break
        if any(_breaks_containment(t) for t in doc[here.end : there.start]):
            break
        reachable.append(candidate)
    in_country = [c for c in reachable if c.iso3 == country]
    found = in_country or reachable
    return found[0] if found else None


def _breaks_containment(tok: Token) -> bool:
    """A verb (but a participle describing a noun: "located at") or a conjunction: what
    follows is a second place, not the one that contains the first."""
    if tok.pos_ == "CCONJ":
        return True
    return tok.pos_ in ("VERB", "AUX") and not (tok.tag_ == "VBN" and tok.dep_ == "acl")


def main_country(named: Sequence[NamedPlace]) -> str | None:
    """The country most of the article's resolved place names lie in (None for none)."""
    counts = Counter(p.iso3 for p in named if p.iso3 is not None)
    return counts.most_common(1)[0][0] if counts else None


def locate_from_article(events: list[Event], named: Sequence[NamedPlace], doc: Doc) -> list[Event]:
    """The events, those without a location the gazetteer knows placed by the place that
    contains their location, else by the article's place (see the module's notes)."""
    if not any(_needs_place(e) for e in events):
        return events
    # The events' own places first: where they say a thing happened outweighs every
    # passing mention ("a Kenyan blogger", "the Gulf"); the whole article's names when
    # those settle nothing.
    setting = article_place((), events, doc.text) or article_place(named, events, doc.text)
    country = main_country(named)
    out = []
    for event in events:
        if _needs_place(event):
            event = _placed(event, named, doc, setting, country)
        out.append(event)
    return out


def _placed(
    event: Event,
    named: Sequence[NamedPlace],
    doc: Doc,
    setting: ArticlePlace | None,
    country: str | None,
) -> Event:
    own = _location(event)
    if own is not None:
        outer = container(own, named, doc, country)
        if outer is not None:
            return _replace(event, own, _inside(own, outer))
        if setting is None:
            return event
        precision = "region" if setting.admin1 else "country"
        filled = own.model_copy(
            update={
                "country_iso3": setting.iso3,
                "admin1": setting.admin1,
                "precision": precision,
                "basis": PlaceBasis.container,
            }
        )
        return _replace(event, own, filled)
    if setting is None:
        return event
    return event.model_copy(update={"places": [_setting_place(setting), *event.places]})


def _replace(event: Event, old: PlaceMention, new: PlaceMention) -> Event:
    return event.model_copy(update={"places": [new if p is old else p for p in event.places]})


def _inside(own: PlaceMention, outer: NamedPlace) -> PlaceMention:
    """An unknown location with what the place containing it gives: its country, division
    and point, at that place's precision."""
    res = outer.resolution
    return own.model_copy(
        update={
            "name": f"{own.text}, {res.place.name}",
            "latitude": res.lat,
            "longitude": res.lon,
            "country_iso3": outer.iso3,
            "admin1": outer.admin1,
            "precision": res.precision,
            "spans": [*own.spans, outer.span],
            "confidence": min(own.confidence, CONTAINER_CONFIDENCE),
            "basis": PlaceBasis.container,
        }
    )


def _setting_place(setting: ArticlePlace) -> PlaceMention:
    """The article's place as an event's location."""
    spans = list(setting.spans)
    if setting.town is not None:
        res = setting.town.resolution
        return PlaceMention(
            text=setting.town.span.text,
            spans=spans,
            is_event_location=True,
            name=res.place.name,
            geonames_id=res.place.geonames_id,
            latitude=res.lat,
            longitude=res.lon,
            country_iso3=setting.iso3,
            admin1=setting.admin1,
            precision=res.precision,
            confidence=ARTICLE_PLACE_CONFIDENCE,
            basis=PlaceBasis.article,
        )
    from newsevents.resolve.gazetteer import gazetteer

    gaz = gazetteer()
    iso2 = gaz.iso2(setting.iso3)
    country = gaz.country(iso2) if iso2 else None
    country_name = country.name if country is not None else setting.iso3
    admin1 = setting.admin1
    return PlaceMention(
        text=admin1 or country_name,
        spans=spans,
        is_event_location=True,
        name=f"{admin1}, {country_name}" if admin1 else country_name,
        geonames_id=None if admin1 or country is None else country.geonames_id,
        latitude=None if admin1 or country is None else country.lat,
        longitude=None if admin1 or country is None else country.lon,
        country_iso3=setting.iso3,
        admin1=admin1,
        precision="region" if admin1 else "country",
        confidence=ARTICLE_PLACE_CONFIDENCE,
            basis=PlaceBasis.article,
    )
