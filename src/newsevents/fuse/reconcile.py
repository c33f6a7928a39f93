"""Merging an event into an incident: fields are reconciled, never overwritten.

* **sources**: every (article, event) pair is kept; ``n_sources`` counts distinct articles.
* **counts**: what each article reported is kept (``reports``). An article that reports the
  incident in several events counts once, with the largest figures of its events (one
  incident split into fragments by extraction: the largest figure is the article's total).
  Across articles, ``low`` is the smallest figure any source reports, ``high`` the largest,
  and ``best`` the median of the sources' best figures; with an even number of sources the
  lower middle one (``statistics.median_low``), so that ``best`` is always a figure some
  source gave rather than an average nobody reported.
* **perpetrators and claims**: conflicting ones are kept side by side, each with the
  articles that name it.
* **date**: the most precise date (the shortest written range; a written date before the
  publication date), earliest first among equals; the span of publication dates is kept.
* **place**: the most precise geocoded place, the first reported among equals; every
  distinct place is kept in ``places``.
* **type, mode, actors, names, terms**: the incident's mode is the most reported one;
  actors and names are unions; terms are the sum of the reports' unit-length term
  vectors (the incident's centroid), capped.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Iterable

from newsevents.fuse.profile import (
    ANY_TYPE,
    CountRange,
    CountSummary,
    DateRange,
    EventProfile,
    IncidentProfile,
    PlacePoint,
    SourcedValue,
)
from newsevents.fuse.terms import add_vectors, unit

#: Most distinct terms an incident keeps: enough for a few dozen reports' particulars.
MAX_INCIDENT_TERMS = 1200
#: Most distinct places an incident keeps.
MAX_PLACES = 12


def incident_id_for(profile: EventProfile) -> str:
    """A stable incident id: a hash of the event that opened it."""
    digest = hashlib.sha1(profile.source.event_id.encode("utf-8")).hexdigest()
    return "inc_" + digest[:16]


def new_incident(profile: EventProfile, incident_id: str | None = None) -> IncidentProfile:
    """An incident reported so far by ``profile`` alone."""
    seed = IncidentProfile(
        incident_id=incident_id or incident_id_for(profile), event_type=profile.event_type
    )
    return merge(seed, profile)


def merge(incident: IncidentProfile, profile: EventProfile) -> IncidentProfile:
    """``incident`` with ``profile`` fused into it (a new object; the input is unchanged)."""
    modes = Counter(incident.modes)
    if profile.mode:
        modes[profile.mode] += 1
    article = profile.source.article_id
    published = [
        d
        for d in (incident.first_published, incident.last_published, profile.source.published)
        if d is not None
    ]
    places = _places(incident.places, profile.place)
    return incident.model_copy(
        update={
            "event_type": _event_type(incident.event_type, profile.event_type),
            "modes": dict(modes),
            "mode": max(modes, key=lambda m: (modes[m], m)) if modes else None,
            "date": _date(incident.date, profile.date),
            "first_published": min(published, default=None),
            "last_published": max(published, default=None),
            "places": places,
            "place": min(places, key=lambda p: p.rank) if places else None,
            "place_names": sorted(set(incident.place_names) | set(profile.place_names)),
            "actors": _union_by_role(incident.actors, profile.actors),
            "persons": sorted(set(incident.persons) | set(profile.persons)),
            "perpetrators": _sourced(incident.perpetrators, profile.perpetrators, article),
            "claims": _sourced(incident.claims, profile.claims, article),
            "counts": _counts(incident.counts, profile.counts, article),
            # Each report weighs alike in the incident's centroid, however long it is: a
            # long round-up of a weekend's shootings must not pull the incident its way.
            "title_terms": add_vectors(
                incident.title_terms, unit(profile.title_terms), MAX_INCIDENT_TERMS
            ),
            "terms": add_vectors(incident.terms, unit(profile.terms), MAX_INCIDENT_TERMS),
            "sources": [*incident.sources, profile.source],
            # Blocking keeps sums and single incidents apart: only a new incident changes.
            "aggregate": incident.aggregate or profile.aggregate,
        }
    )


def _event_type(current: str, new: str) -> str:
    # An article fallback says nothing of the type: the first real type wins.
    return new if current == ANY_TYPE else current


def _date(current: DateRange | None, new: DateRange | None) -> DateRange | None:
    if current is None or new is None:
        return current or new

    def rank(d: DateRange) -> tuple[bool, int, object]:
        return (not d.written, d.days, d.start)

    return min(current, new, key=rank)


def _places(places: list[PlacePoint], new: PlacePoint | None) -> list[PlacePoint]:
    if new is None or any(_same_place(p, new) for p in places) or len(places) >= MAX_PLACES:
        return list(places)
    return [*places, new]


def _same_place(a: PlacePoint, b: PlacePoint) -> bool:
    return (a.name, a.latitude, a.longitude) == (b.name, b.latitude, b.longitude)


def _union_by_role(a: dict[str, list[str]], b: dict[str, list[str]]) -> dict[str, list[str]]:
    out = {role: set(ids) for role, ids in a.items()}
    for role, ids in b.items():
        out.setdefault(role, set()).update(ids)
    return {role: sorted(ids) for role, ids in sorted(out.items())}


def _sourced(current: list[SourcedValue], values: list[str], article: str) -> list[SourcedValue]:
    out = [v.model_copy(deep=True) for v in current]
    for value in values:
        entry = next((v for v in out if v.value == value), None)
        if entry is None:
            out.append(SourcedValue(value=value, article_ids=[article]))
        elif article not in entry.article_ids:
            entry.article_ids.append(article)
    return out


def _largest(a: CountRange, b: CountRange) -> CountRange:
    def pick(x: int | None, y: int | None) -> int | None:
        vals = [v for v in (x, y) if v is not None]
        return max(vals) if vals else None

    return CountRange(low=pick(a.low, b.low), best=pick(a.best, b.best), high=pick(a.high, b.high))


def _counts(
    current: dict[str, CountSummary], new: dict[str, CountRange], article: str
) -> dict[str, CountSummary]:
    out = dict(current)
    for category, count in new.items():
        reports = dict(out[category].reports) if category in out else {}
        reports[article] = _largest(reports[article], count) if article in reports else count
        out[category] = summarise(reports)
    return out


def _present(values: Iterable[int | None]) -> list[int]:
    return [v for v in values if v is not None]


def summarise(reports: dict[str, CountRange]) -> CountSummary:
    """Low / best / high across sources (see the module docstring)."""
    # A source that gives one figure gives its low, best and high at once.
    lows = _present(r.low if r.low is not None else r.value() for r in reports.values())
    highs = _present(r.high if r.high is not None else r.value() for r in reports.values())
    bests = _present(r.value() for r in reports.values())
    return CountSummary(
        low=min(lows, default=None),
        best=statistics.median_low(bests) if bests else None,
        high=max(highs, default=None),
        reports=reports,
    )


__all__ = ["MAX_INCIDENT_TERMS", "incident_id_for", "merge", "new_incident", "summarise"]
