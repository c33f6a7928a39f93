"""Where incidents live while events are fused: the ``IncidentIndex`` protocol and an
in-memory implementation.

Fusion (:mod:`newsevents.fuse.cluster`) needs five things from wherever incidents are
kept, and nothing else:

* ``stats``: the :class:`~newsevents.fuse.terms.CorpusStats` of the articles seen so far
  (term document frequencies for IDF, recurring sentences for boilerplate); fusion
  observes each article into it before profiling and fusing it;
* ``candidates(profile)``: the incidents that blocking allows the profile to join
  (:func:`newsevents.fuse.block.block_reason` is ``None``); returning more is safe (they are
  scored), returning fewer loses merges;
* ``get(incident_id)``: the current version of an incident (None if unknown);
* ``add(incident)``: store a new incident and return it as stored (a store that allocates
  its own ids returns it with that id);
* ``update(incident)``: replace a stored incident by its reconciled version (same id).

A database-backed index implements the same five members, for example with SQLAlchemy:

* keep each incident's profile as JSON (``IncidentProfile.model_dump_json()``) in the
  ``incidents`` table, plus indexed columns for blocking: ``event_type``, the first and
  last day of its span (:func:`incident_span`), latitude and longitude;
* ``candidates``: ``SELECT`` incidents whose span overlaps :func:`profile_span` (and, when
  the profile has a place, a latitude/longitude box of the widest ``max_distance_km``), then
  ``IncidentProfile.model_validate_json`` each and keep those ``block_reason`` lets through;
* ``get``: the row by primary key, validated back into an ``IncidentProfile``;
* ``add``/``update``: ``INSERT``/``UPDATE`` that row and its columns; ``add`` returns
  ``incident.model_copy(update={"incident_id": str(pk)})`` with the allocated key (the
  caller then sets ``events.incident_id`` from the returned assignments);
* ``stats``: what each article changed (``stats.terms.take_changes()``,
  ``stats.segments.take_changes()``) written in the transaction that stores the article,
  restored with ``from_counts`` on open, so that a crash never leaves incidents decided with
  statistics the database does not hold (``newsevents.store.fuse`` does this).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from newsevents.fuse.block import block_reason, widened
from newsevents.fuse.config import Blocking, FusionConfig
from newsevents.fuse.dates import shift
from newsevents.fuse.profile import EventProfile, IncidentProfile
from newsevents.fuse.terms import CorpusStats

#: Days per bucket of the in-memory date index.
BUCKET_DAYS = 7

Span = tuple[dt.date, dt.date]


class IncidentIndex(Protocol):
    """What fusion needs from a store of incidents (see the module docstring)."""

    @property
    def stats(self) -> CorpusStats:
        """Term and sentence statistics of the articles seen so far."""
        ...

    def candidates(self, profile: EventProfile) -> list[IncidentProfile]:
        """The incidents ``profile`` may join (at least those blocking allows)."""
        ...

    def get(self, incident_id: str) -> IncidentProfile | None:
        """The current version of an incident, None if unknown."""
        ...

    def add(self, incident: IncidentProfile) -> IncidentProfile:
        """Store a new incident; return it as stored (with the store's id)."""
        ...

    def update(self, incident: IncidentProfile) -> None:
        """Replace the stored incident with the same id."""
        ...


def _union(spans: list[Span]) -> Span | None:
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def profile_span(profile: EventProfile, blocking: Blocking) -> Span | None:
    """Days an incident must touch to be a candidate for ``profile`` (None: any)."""
    spans: list[Span] = []
    if profile.date is not None:
        spans.append(widened(profile.date, blocking))
    published = profile.source.published
    if published is not None:
        window = blocking.publication_window_days
        spans.append((shift(published, -window), shift(published, window)))
    return _union(spans)


def incident_span(incident: IncidentProfile, blocking: Blocking) -> Span | None:
    """Days an incident covers for blocking: its widened date and its first report."""
    spans: list[Span] = []
    if incident.date is not None:
        spans.append(widened(incident.date, blocking))
    if incident.first_published is not None:
        spans.append((incident.first_published, incident.first_published))
    return _union(spans)


def _buckets(span: Span) -> range:
    return range(span[0].toordinal() // BUCKET_DAYS, span[1].toordinal() // BUCKET_DAYS + 1)


class InMemoryIndex:
    """Incidents in a dict, with a week-bucket index of their date spans."""

    def __init__(self, config: FusionConfig, stats: CorpusStats | None = None) -> None:
        self.blocking = config.blocking
        self._stats = stats or CorpusStats.empty(config.text.boilerplate)
        self._incidents: dict[str, IncidentProfile] = {}
        self._order: dict[str, int] = {}
        self._by_bucket: dict[int, set[str]] = {}
        self._spans: dict[str, Span] = {}
        self._undated: set[str] = set()

    @property
    def stats(self) -> CorpusStats:
        """Term and sentence statistics of the articles seen so far."""
        return self._stats

    def __len__(self) -> int:
        return len(self._incidents)

    def get(self, incident_id: str) -> IncidentProfile | None:
        """The incident with this id, None if unknown."""
        return self._incidents.get(incident_id)

    def incidents(self) -> list[IncidentProfile]:
        """Every incident, in order of creation."""
        return list(self._incidents.values())

    def candidates(self, profile: EventProfile) -> list[IncidentProfile]:
        """The incidents blocking lets ``profile`` join, oldest first."""
        span = profile_span(profile, self.blocking)
        if span is None:
            ids: set[str] = set(self._incidents)
        else:
            ids = set(self._undated)
            for bucket in _buckets(span):
                ids |= self._by_bucket.get(bucket, set())
        found = [self._incidents[i] for i in sorted(ids, key=self._order.__getitem__)]
        return [inc for inc in found if block_reason(profile, inc, self.blocking) is None]

    def add(self, incident: IncidentProfile) -> IncidentProfile:
        """Store a new incident (``ValueError`` if its id is taken) and return it."""
        if incident.incident_id in self._incidents:
            raise ValueError(f"incident {incident.incident_id} already exists; use update()")
        self._incidents[incident.incident_id] = incident
        self._order[incident.incident_id] = len(self._order)
        self._register(incident)
        return incident

    def update(self, incident: IncidentProfile) -> None:
        """Replace a stored incident (``KeyError`` if unknown)."""
        if incident.incident_id not in self._incidents:
            raise KeyError(f"no incident {incident.incident_id}; use add()")
        self._unregister(incident.incident_id)
        self._incidents[incident.incident_id] = incident
        self._register(incident)

    def _register(self, incident: IncidentProfile) -> None:
        span = incident_span(incident, self.blocking)
        if span is None:
            self._undated.add(incident.incident_id)
            return
        self._spans[incident.incident_id] = span
        for bucket in _buckets(span):
            self._by_bucket.setdefault(bucket, set()).add(incident.incident_id)

    def _unregister(self, incident_id: str) -> None:
        self._undated.discard(incident_id)
        span = self._spans.pop(incident_id, None)
        if span is not None:
            for bucket in _buckets(span):
                self._by_bucket.get(bucket, set()).discard(incident_id)


__all__ = ["BUCKET_DAYS", "InMemoryIndex", "IncidentIndex", "incident_span", "profile_span"]
