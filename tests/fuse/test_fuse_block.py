"""Candidate blocking by type, date and place."""

from __future__ import annotations

import datetime as dt

from newsevents.fuse.block import block_reason, haversine_km, types_compatible
from newsevents.fuse.config import FusionConfig
from newsevents.fuse.profile import ANY_TYPE, DateRange, EventProfile, PlacePoint, SourceRef
from newsevents.fuse.reconcile import new_incident
from newsevents.model import Precision

DAY = dt.date(2016, 6, 5)


def _profile(
    event_type: str = "ASSAULT",
    day: dt.date | None = DAY,
    written: bool = True,
    published: dt.date = DAY,
    place: PlacePoint | None = None,
    n: int = 1,
) -> EventProfile:
    date = None
    if day is not None:
        date = DateRange(start=day, end=day, precision=Precision.day, written=written)
    return EventProfile(
        source=SourceRef(article_id=f"a{n}", event_id=f"e{n}", published=published),
        event_type=event_type,
        date=date,
        place=place,
    )


def _point(lat: float, lon: float, precision: str = "exact place") -> PlacePoint:
    return PlacePoint(name=f"{lat},{lon}", latitude=lat, longitude=lon, precision=precision)


def test_haversine() -> None:
    # Kokomo to Marion, Indiana: about 40 km.
    assert 35 < haversine_km(_point(40.4864, -86.1336), _point(40.5584, -85.6591)) < 45


def test_types(config: FusionConfig) -> None:
    b = config.blocking
    assert types_compatible("ASSAULT", "ASSAULT", b)
    assert types_compatible("ASSAULT", "COERCE", b)  # one type group in the shipped file
    assert not types_compatible("ASSAULT", "PROTEST", b)
    assert types_compatible(ANY_TYPE, "PROTEST", b)


def test_written_dates_far_apart_block(config: FusionConfig) -> None:
    incident = new_incident(_profile(n=1))
    later = DAY + dt.timedelta(days=30)
    assert block_reason(_profile(day=later, published=later, n=2), incident, config.blocking)
    near = DAY + dt.timedelta(days=2)
    assert block_reason(_profile(day=near, published=near, n=2), incident, config.blocking) is None


def test_an_undated_follow_up_passes_within_the_publication_window(config: FusionConfig) -> None:
    incident = new_incident(_profile(n=1))
    window = config.blocking.publication_window_days
    soon = DAY + dt.timedelta(days=window - 1)
    follow_up = _profile(day=soon, written=False, published=soon, n=2)
    assert block_reason(follow_up, incident, config.blocking) is None
    late = DAY + dt.timedelta(days=window + 30)
    too_late = _profile(day=late, written=False, published=late, n=2)
    assert block_reason(too_late, incident, config.blocking) == "dates too far apart"


def test_places_block_only_when_far_apart(config: FusionConfig) -> None:
    blocking = config.blocking.model_copy(update={"max_distance_km": {"exact place": 300.0}})
    incident = new_incident(_profile(place=_point(40.49, -86.13), n=1))
    near = _profile(place=_point(40.56, -85.66), n=2)
    assert block_reason(near, incident, blocking) is None
    abroad = _profile(place=_point(51.5, -0.12), n=2)  # London
    assert block_reason(abroad, incident, blocking) == "places too far apart"
    unknown = _profile(place=None, n=2)
    assert block_reason(unknown, incident, blocking) is None
    region = _profile(place=_point(51.5, -0.12, precision="region"), n=2)
    assert block_reason(region, incident, blocking) is None  # no limit for a region
    # The shipped limits are generous (geocoding errors): Mexico City passes, London not.
    mexico = _profile(place=_point(19.43, -99.13), n=2)
    assert block_reason(mexico, incident, config.blocking) is None
    assert block_reason(abroad, incident, config.blocking) == "places too far apart"


def test_dates_at_the_ends_of_the_calendar_do_not_overflow(config: FusionConfig) -> None:
    """An event dated 9999-12-31 (or 0001-01-01) is widened up to the calendar's end."""
    from newsevents.fuse.index import incident_span, profile_span
    from newsevents.fuse.profile import publication_range

    for day in (dt.date.max, dt.date.min):
        profile = _profile(day=day, published=day)
        span = profile_span(profile, config.blocking)
        assert span is not None and span[0] <= day <= span[1]
        incident = new_incident(profile)
        assert incident_span(incident, config.blocking) is not None
        assert block_reason(_profile(day=DAY), incident, config.blocking) is not None
        assert publication_range(day) is not None
