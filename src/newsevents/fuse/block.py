"""Candidate blocking: which incidents an event may be compared with at all.

Three cheap tests, each lenient when it knows little:

* **type**: PLOVER types in one group of ``blocking.type_groups`` may be one incident; an
  article fallback profile (type ``*``) goes with any type;
* **date**: each date range is widened by the slack of its precision (a day-precise date by
  a few days, a month by weeks) and the two must overlap; when either date is only the
  publication date, publication dates within ``publication_window_days`` also pass
  (follow-up reports of an undated incident come days or weeks later);
* **place**: two geocoded places may be at most ``max_distance_km`` apart, the limit of the
  coarser precision (none for a precision without a limit); an unknown place passes.

:func:`block_reason` says why a pair is blocked, or ``None`` when it is a candidate.
"""

from __future__ import annotations

import datetime as dt
import math

from newsevents.fuse.config import Blocking
from newsevents.fuse.dates import shift
from newsevents.fuse.profile import ANY_TYPE, DateRange, EventProfile, IncidentProfile, PlacePoint

EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: PlacePoint, b: PlacePoint) -> float:
    """Great-circle distance between two places in km."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp = p2 - p1
    dl = math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def types_compatible(a: str, b: str, blocking: Blocking) -> bool:
    """Whether events of PLOVER types ``a`` and ``b`` may be one incident."""
    if a == b or ANY_TYPE in (a, b):
        return True
    return any(a in group and b in group for group in blocking.type_groups)


def widened(date: DateRange, blocking: Blocking) -> tuple[dt.date, dt.date]:
    """A date range widened by the slack of its precision (clamped to the calendar)."""
    slack = blocking.date_slack_days[date.precision]
    return shift(date.start, -slack), shift(date.end, slack)


def gap_days(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two ranges; 0 when they overlap."""
    return max(0, (a[0] - b[1]).days, (b[0] - a[1]).days)


def publication_gap(profile: EventProfile, incident: IncidentProfile) -> int | None:
    """Days between the profile's publication and the incident's first report.

    Measured from the first report, not the latest: otherwise an incident would drift
    along a chain of similar reports, week after week.
    """
    published = profile.source.published
    if published is None or incident.first_published is None:
        return None
    return abs((published - incident.first_published).days)


def dates_compatible(profile: EventProfile, incident: IncidentProfile, blocking: Blocking) -> bool:
    """Whether the dates allow one incident (see the module docstring)."""
    a, b = profile.date, incident.date
    if a is None or b is None:
        return True
    if gap_days(widened(a, blocking), widened(b, blocking)) == 0:
        return True
    if a.written and b.written:
        return False
    gap = publication_gap(profile, incident)
    return gap is not None and gap <= blocking.publication_window_days


def distance_limit(a: PlacePoint, b: PlacePoint, blocking: Blocking) -> float | None:
    """The farthest apart two places may be, by the coarser precision (None: no limit)."""
    coarser = a if a.rank >= b.rank else b
    return blocking.max_distance_km.get(coarser.precision or "")


def places_compatible(a: PlacePoint | None, b: PlacePoint | None, blocking: Blocking) -> bool:
    """Whether two event places allow one incident."""
    if a is None or b is None:
        return True
    limit = distance_limit(a, b, blocking)
    return limit is None or haversine_km(a, b) <= limit


def block_reason(
    profile: EventProfile, incident: IncidentProfile, blocking: Blocking
) -> str | None:
    """Why ``profile`` cannot join ``incident``, or None when it is a candidate."""
    if profile.aggregate != incident.aggregate:
        return "a sum over many incidents and a single incident"
    if not types_compatible(profile.event_type, incident.event_type, blocking):
        return f"type {profile.event_type} vs {incident.event_type}"
    if not dates_compatible(profile, incident, blocking):
        return "dates too far apart"
    # Sources may place an incident differently (the street, the town, the county), and a
    # geocoder may pick the wrong town of a name: one compatible pair of places is enough.
    ours = [p for p in (profile.place, *profile.other_places) if p is not None]
    theirs = incident.places or ([incident.place] if incident.place else [])
    if ours and theirs and not any(places_compatible(p, q, blocking) for p in ours for q in theirs):
        return "places too far apart"
    return None


__all__ = [
    "block_reason",
    "dates_compatible",
    "distance_limit",
    "gap_days",
    "haversine_km",
    "places_compatible",
    "publication_gap",
    "types_compatible",
    "widened",
]
