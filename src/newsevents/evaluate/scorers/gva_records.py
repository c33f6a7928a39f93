"""Scoring an article's main incident against the Gun Violence Archive's record of it.

Each article reports one archive incident; the system's events of the article are read as
plain :class:`GvaEvent` records and one of them, the *main* event, is compared with the
archive's :class:`GvaRecord` field by field. The comparison rules:

* ``date_exact``: the event's date has day precision and is the record's day;
  ``date_within_1``: day precision and at most one day off (a night shooting reported as
  "early Sunday" or dated by the day it was reported). A week, month or year is no day.
* ``state``: the event's location is in the USA and its first-level unit (its own name
  when the place is a state) is the record's state, compared by
  :func:`~newsevents.evaluate.scorers.incidents.normalise_admin1`.
* ``city_or_county``: the record's ``city_or_county`` is read by :func:`record_places`:
  "Chicago" is a city; "Cook (county)" the county Cook; "Saint Louis (Ferguson)" a city
  and a place within it, either accepted. A city agrees with the location's resolved name,
  its text or its ``locality``: the town the system itself places it in when the location
  is a section of a town (a neighbourhood placed in Chicago is right about "Chicago"); a
  big city merely near the location counts for nothing. A county agrees with the
  location's county (``admin2``, or its name when the location is a county). Names are
  compared by :func:`normalise_place` (case, accents, punctuation; "St."/"Ft."/"Mt."
  spelled out; "County", "Parish", "Borough" dropped).
  The state is not required here: it has its own figure.
* ``location_25km``: the great-circle distance between the location's point and the
  record's is at most 25 km, compared only where both have coordinates.
* ``address``: the location's words name the record's street (``address``), compared
  only where the record gives one: the street names of both, without house and block
  numbers, directions and street-type words ("1100 block of N. Wade St." and "Wade
  Street" name the same street), one within the other (:func:`street_words`). A
  location that is only a town names no street and disagrees.
* ``killed_*`` and ``injured_*``: the event's count (its best figure, else its lowest) is
  the record's (``exact``) or at most one off (``within_1``). A count the event does not
  give reads as zero: the extractor gives no count for a category nobody is reported in,
  and most records count nobody killed or nobody injured. ``*_nonzero_exact`` is the same
  exact check over records that count someone, where silence is always wrong.
* ``arrested_exact`` and ``arrested_nonzero_exact``: the same for the people the record
  lists as arrested (``Status`` "Arrested", suspects mostly), read the same way. An arrest
  the archive learnt of after the article was written counts against the article.

Every field but ``location_25km`` and ``address`` is compared on every article (an article
without a main event disagrees), so its accuracy is a share of the articles scored. The shares:
``no_event`` (no event at all), ``no_date`` (no main event, or one without a date),
``no_place`` (no main event, or one without a location), ``date_from_publication`` (a
date taken from the publication date alone, not from words of the text) and
``count_contradicted`` (a killed or injured figure the event gives that the record
contradicts by more than double: the larger of the two above twice the smaller, so one
killed against none counts; a count the event does not give contradicts nothing).

The main event is chosen by a rule of :data:`MAIN_RULES`, never by looking at the record:
``fusion`` (default) is the event the product files the article under
(:func:`newsevents.fuse.article.main_event`, flagged as ``GvaEvent.main`` by the runner);
``confidence`` the most confident ASSAULT that is not a sum over incidents;
``toll`` the event with the largest killed plus injured. For each field, ``any`` says
whether some event of the article agrees: the gap between it and the main event's figure
is what a better choice of event could gain.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsevents.evaluate.scorers.geo import haversine_km
from newsevents.evaluate.scorers.incidents import normalise_admin1, normalise_text

#: Largest distance (km) between the event's point and the record's that still agrees.
LOCATION_KM = 25.0
#: A count differs "by more than double" when the larger exceeds this times the smaller.
CONTRADICTION_FACTOR = 2.0
#: The country code of every record.
USA = "USA"

FIELDS = (
    "date_exact",
    "date_within_1",
    "state",
    "city_or_county",
    "location_25km",
    "address",
    "killed_exact",
    "killed_within_1",
    "killed_nonzero_exact",
    "injured_exact",
    "injured_within_1",
    "injured_nonzero_exact",
    "arrested_exact",
    "arrested_nonzero_exact",
)
SHARES = ("no_event", "no_date", "no_place", "date_from_publication", "count_contradicted")

# Abbreviations the archive spells out ("Saint Louis", "Fort Worth", "Mount Vernon").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
# Words naming the kind of a county-level unit ("Cook County", "Orleans Parish").
_COUNTY_WORDS = frozenset({"county", "parish", "borough", "census", "area", "municipality"})
_PARENTHESES = re.compile(r"^(?P<outer>[^()]*)\((?P<inner>[^()]*)\)\s*$")
# Other names the archive's state names go by in the gazetteer.
_STATE_ALIASES = dict.fromkeys(
    ("washington d c", "washington dc", "d c", "dc"), "district of columbia"
)
# Words of an address that are not a street's own name: directions, street types (spelled
# out and abbreviated), block words and the joining "and" of an intersection.
_STREET_NOISE = frozenset(
    (
        *("north", "south", "east", "west", "n", "s", "e", "w"),
        *("ne", "nw", "se", "sw", "northeast", "northwest", "southeast", "southwest"),
        *("street", "st", "streets", "avenue", "ave", "av", "avenues", "road", "rd", "roads"),
        *("drive", "dr", "boulevard", "blvd", "lane", "ln", "way", "court", "ct", "parkway"),
        *("pkwy", "highway", "hwy", "terrace", "ter", "circle", "cir", "place", "pl", "alley"),
        *("trail", "trl", "block", "blocks", "of", "the", "and", "near", "at", "in", "apt"),
        "unit",
    )
)
#: What a record's ``address`` says when the archive has none.
_NO_ADDRESS = frozenset({"", "n/a", "na", "unknown"})


# -- records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GvaRecord:
    """The archive's record of one incident: what the article's main event is held to."""

    incident_id: str
    date: dt.date
    state: str
    city_or_county: str
    latitude: float | None = None
    longitude: float | None = None
    killed: int = 0
    injured: int = 0
    address: str | None = None
    # People the archive lists as arrested (suspects, and the odd victim who was too).
    arrested: int = 0


@dataclass(frozen=True)
class GvaPlace:
    """Where the system locates an event: the words, the resolved place and its units."""

    text: str
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    admin1: str | None = None
    admin2: str | None = None  # the county, where the runner could tell
    locality: str | None = None  # the town the system places a neighbourhood in
    latitude: float | None = None
    longitude: float | None = None
    precision: str | None = None  # "exact place", "district", "region", "country"


@dataclass(frozen=True)
class GvaEvent:
    """One system event, reduced to what the record can check."""

    id: str
    event_type: str
    confidence: float = 0.5
    main: bool = False  # the product's own main event of the article
    aggregate: bool = False
    trigger: str = ""
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None  # "day", "week", "month", "year"
    date_from_publication: bool = False
    place: GvaPlace | None = None
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None


@dataclass(frozen=True)
class GvaArticle:
    """One article: its id, the record of its incident and the system's events."""

    doc_id: str
    record: GvaRecord
    events: tuple[GvaEvent, ...]


# -- choosing the main event --------------------------------------------------------------


def _toll(event: GvaEvent) -> int:
    return (event.killed or 0) + (event.injured or 0)


def _by_fusion(events: Sequence[GvaEvent]) -> GvaEvent | None:
    return next((e for e in events if e.main), None)


def _by_confidence(events: Sequence[GvaEvent]) -> GvaEvent | None:
    single = [e for e in events if not e.aggregate] or list(events)
    pool = [e for e in single if e.event_type == "ASSAULT"] or single
    # max keeps the first of equals: the one mentioned first.
    return max(pool, key=lambda e: e.confidence, default=None)


def _by_toll(events: Sequence[GvaEvent]) -> GvaEvent | None:
    single = [e for e in events if not e.aggregate] or list(events)
    return max(single, key=lambda e: (_toll(e), e.confidence), default=None)


#: Rules choosing an article's main event (see the module docstring).
MAIN_RULES: Mapping[str, Callable[[Sequence[GvaEvent]], GvaEvent | None]] = {
    "fusion": _by_fusion,
    "confidence": _by_confidence,
    "toll": _by_toll,
}
DEFAULT_RULE = "fusion"


def main_event(events: Sequence[GvaEvent], rule: str = DEFAULT_RULE) -> GvaEvent | None:
    """The article's main event under ``rule`` (a key of :data:`MAIN_RULES`)."""
    if rule not in MAIN_RULES:
        raise ValueError(f"unknown main-event rule {rule!r}; rules: {sorted(MAIN_RULES)}")
    return MAIN_RULES[rule](events)


# -- comparing names ----------------------------------------------------------------------


def normalise_place(name: str) -> str:
    """A place name compared loosely: :func:`normalise_text`, abbreviations spelled out,
    county words dropped (kept when nothing else is left)."""
    words = [_ABBREVIATIONS.get(w, w) for w in normalise_text(name).split()]
    kept = [w for w in words if w not in _COUNTY_WORDS]
    return " ".join(kept or words)


@dataclass(frozen=True)
class RecordPlaces:
    """The places a record's ``city_or_county`` accepts."""

    cities: frozenset[str] = frozenset()
    counties: frozenset[str] = frozenset()


def record_places(city_or_county: str) -> RecordPlaces:
    """Read ``city_or_county``: "Cook (county)" is a county; "Saint Louis (Ferguson)" a
    city and a place within it (either accepted); anything else a city. Names come
    normalised by :func:`normalise_place`."""
    text = city_or_county.strip()
    found = _PARENTHESES.match(text)
    if found is None:
        name = normalise_place(text)
        return RecordPlaces(cities=frozenset({name} if name else ()))
    outer, inner = normalise_place(found["outer"]), normalise_place(found["inner"])
    if inner == "county":
        return RecordPlaces(counties=frozenset({outer} if outer else ()))
    return RecordPlaces(cities=frozenset(n for n in (outer, inner) if n))


def street_words(address: str) -> frozenset[str]:
    """The words of an address that name its streets: lower case, without numbers (house,
    block, unit), directions, street types and block words; ordinals ("25th") stay."""
    words = normalise_text(address.replace("#", " ")).split()
    return frozenset(w for w in words if not w.isdigit() and w not in _STREET_NOISE)


def address_agrees(text: str, record_address: str) -> bool:
    """Whether a location's words name the record's street (see ``address`` above)."""
    system, wanted = street_words(text), street_words(record_address)
    return bool(system and wanted) and (system <= wanted or wanted <= system)


def _state_key(name: str) -> str:
    key = normalise_text(name)
    return normalise_admin1(_STATE_ALIASES.get(key, key))


def place_state(place: GvaPlace) -> str | None:
    """The US state a place lies in (a state is its own); None outside the US."""
    if place.country != USA:
        return None
    if place.admin1:
        return place.admin1
    return place.name if place.precision == "region" else None


# -- one article --------------------------------------------------------------------------


def event_count(value: int | None) -> int:
    """A count as compared with the record's: one the event does not give is zero."""
    return value or 0


def _contradicts(system: int | None, record: int) -> bool:
    if system is None:
        return False
    low, high = sorted((system, record))
    return high > CONTRADICTION_FACTOR * low


def date_checks(event: GvaEvent, record: GvaRecord) -> dict[str, bool]:
    """``date_exact`` and ``date_within_1`` of one event."""
    if event.date_start is None or event.date_precision != "day":
        return {"date_exact": False, "date_within_1": False}
    gap = abs((event.date_start - record.date).days)
    return {"date_exact": gap == 0, "date_within_1": gap <= 1}


def place_checks(place: GvaPlace | None, record: GvaRecord) -> dict[str, bool]:
    """``state``, ``city_or_county``, where both sides have a point ``location_25km``, and
    where the record gives a street ``address``."""
    if place is None:
        missing = {"state": False, "city_or_county": False}
        return {**missing, "address": False} if _has_address(record) else missing
    state = place_state(place)
    wanted = record_places(record.city_or_county)
    names = {normalise_place(n) for n in (place.name, place.text, place.locality) if n}
    counties = {normalise_place(place.admin2)} if place.admin2 else set()
    if place.precision == "district" and place.name:
        # A county-level place ("Cook County") is its own county.
        counties.add(normalise_place(place.name))
    checks = {
        "state": state is not None and _state_key(state) == _state_key(record.state),
        "city_or_county": bool(wanted.cities & names or wanted.counties & counties),
    }
    distance = location_km(place, record)
    if distance is not None:
        checks["location_25km"] = distance <= LOCATION_KM
    if _has_address(record):
        checks["address"] = address_agrees(place.text, record.address or "")
    return checks


def _has_address(record: GvaRecord) -> bool:
    return record.address is not None and record.address.strip().lower() not in _NO_ADDRESS


def location_km(place: GvaPlace | None, record: GvaRecord) -> float | None:
    """Kilometres between the place's point and the record's; None when either lacks one."""
    if place is None or place.latitude is None or place.longitude is None:
        return None
    if record.latitude is None or record.longitude is None:
        return None
    return haversine_km(place.latitude, place.longitude, record.latitude, record.longitude)


def count_checks(event: GvaEvent, record: GvaRecord) -> dict[str, bool]:
    """Exact and within-one checks of the killed and injured counts; exact checks of the
    arrested count."""
    checks: dict[str, bool] = {}
    for name, system, wanted in (
        ("killed", event.killed, record.killed),
        ("injured", event.injured, record.injured),
        ("arrested", event.arrested, record.arrested),
    ):
        value = event_count(system)
        checks[f"{name}_exact"] = value == wanted
        if name != "arrested":
            checks[f"{name}_within_1"] = abs(value - wanted) <= 1
        if wanted > 0:
            checks[f"{name}_nonzero_exact"] = value == wanted
    return checks


def event_checks(event: GvaEvent | None, record: GvaRecord) -> dict[str, bool]:
    """Every field of :data:`FIELDS` the event is compared on; no event disagrees on all
    but ``location_25km``, which needs the event's point."""
    if event is None:
        absent = GvaEvent(id="", event_type="")
        checks = {**date_checks(absent, record), **place_checks(None, record)}
        return {**checks, **count_checks(absent, record)}
    return {
        **date_checks(event, record),
        **place_checks(event.place, record),
        **count_checks(event, record),
    }


def event_shares(event: GvaEvent | None, record: GvaRecord) -> dict[str, bool]:
    """The share flags of :data:`SHARES` but ``no_event`` for one main event."""
    if event is None:
        return {
            "no_date": True,
            "no_place": True,
            "date_from_publication": False,
            "count_contradicted": False,
        }
    return {
        "no_date": event.date_start is None,
        "no_place": event.place is None,
        "date_from_publication": event.date_start is not None and event.date_from_publication,
        "count_contradicted": _contradicts(event.killed, record.killed)
        or _contradicts(event.injured, record.injured),
    }


@dataclass(frozen=True)
class ArticleScore:
    """One article's main event and how it and the article's other events fared."""

    doc_id: str
    main: GvaEvent | None
    checks: dict[str, bool]
    shares: dict[str, bool]
    any_checks: dict[str, bool]

    def disagreements(self) -> list[str]:
        """The fields the main event gets wrong, in the order of :data:`FIELDS`."""
        return [name for name in FIELDS if self.checks.get(name) is False]


def score_article(article: GvaArticle, rule: str = DEFAULT_RULE) -> ArticleScore:
    """The main event's checks and shares, and per field whether any event agrees."""
    main = main_event(article.events, rule)
    checks = event_checks(main, article.record)
    shares = {"no_event": not article.events, **event_shares(main, article.record)}
    any_checks: dict[str, bool] = {}
    for event in article.events or (None,):
        for name, ok in event_checks(event, article.record).items():
            any_checks[name] = any_checks.get(name, False) or ok
    return ArticleScore(article.doc_id, main, checks, shares, any_checks)


# -- all articles -------------------------------------------------------------------------


@dataclass
class GvaScores:
    """Counts over the articles scored: per field ``[agreeing, compared]`` for the main
    event and for any event, and how many articles raised each share flag."""

    n: int = 0
    fields: dict[str, list[int]] = field(default_factory=dict)
    any_event: dict[str, list[int]] = field(default_factory=dict)
    shares: dict[str, int] = field(default_factory=dict)
    articles: list[ArticleScore] = field(default_factory=list)

    def accuracy(self, name: str, table: str = "fields") -> float | None:
        """Percentage agreeing of a field; None when it was never compared."""
        right, total = getattr(self, table).get(name, (0, 0))
        return 100.0 * right / total if total else None

    def share(self, name: str) -> float:
        """Percentage of the articles that raised a share flag."""
        return 100.0 * self.shares.get(name, 0) / self.n if self.n else 0.0


def _add(table: dict[str, list[int]], checks: Mapping[str, bool]) -> None:
    for name, ok in checks.items():
        tally = table.setdefault(name, [0, 0])
        tally[0] += int(ok)
        tally[1] += 1


def score(articles: Iterable[GvaArticle], rule: str = DEFAULT_RULE) -> GvaScores:
    """Score every article's main event (chosen by ``rule``) against its record."""
    out = GvaScores(
        fields={name: [0, 0] for name in FIELDS},
        any_event={name: [0, 0] for name in FIELDS},
        shares=dict.fromkeys(SHARES, 0),
    )
    for article in articles:
        result = score_article(article, rule)
        out.n += 1
        _add(out.fields, result.checks)
        _add(out.any_event, result.any_checks)
        for name, raised in result.shares.items():
            out.shares[name] += int(raised)
        out.articles.append(result)
    return out


__all__ = [
    "CONTRADICTION_FACTOR",
    "DEFAULT_RULE",
    "FIELDS",
    "LOCATION_KM",
    "MAIN_RULES",
    "SHARES",
    "ArticleScore",
    "GvaArticle",
    "GvaEvent",
    "GvaPlace",
    "GvaRecord",
    "GvaScores",
    "RecordPlaces",
    "address_agrees",
    "count_checks",
    "date_checks",
    "event_checks",
    "event_count",
    "event_shares",
    "location_km",
    "main_event",
    "normalise_place",
    "place_checks",
    "place_state",
    "record_places",
    "score",
    "score_article",
    "street_words",
]
