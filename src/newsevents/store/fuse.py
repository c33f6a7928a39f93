"""Fusion in the database: every stored article joins, or opens, the incidents it reports.

:func:`assign_incidents` is called by :func:`newsevents.store.write.write_results` after an
article's events are written, in the same transaction: the articles are fused one by one
through :mod:`newsevents.fuse` with :class:`StoreIndex`, the incident index kept in the
``incidents`` table (each incident's profile as JSON, its blocking span as indexed columns).
Each new event arrives pointing to a fresh incident id (``StoredEvent.incident_id``) of an
incident that does not exist yet: an event that opens an incident creates that one, an event
that joins another is pointed to it. The foreign key is checked at commit, so an event left
pointing nowhere fails the transaction rather than being stored without an incident.
``articles.incident_id`` records the incident of each article's main event (or, for an article
without events, the incident its words and date place it in: one of its own, with no event,
when it resembles none).

What fusion learns from the corpus (term document frequencies, recurring sentences for site
boilerplate) is written in the transaction of each article, as rows of ``fusion_terms`` and
``fusion_segments`` for the terms and sentences the article changed, with the number of
articles they cover in ``fusion_state`` (:func:`_write_stats`). So the database after any
commit holds exactly the statistics the next article is decided with: a run killed at any
instant and run again decides as an uninterrupted run would. Each process keeps a copy in
memory and checks that counter at the start of every transaction: when another process fused
articles meanwhile (or a transaction of ours was rolled back), it reads the statistics again.
On PostgreSQL that check locks the counter row until commit, so processes fuse one article at
a time and never decide with statistics another one is changing. Profiles read from the
database are cached per process and checked against ``incidents.version``.

Bulk loads that do not want fusion (``fuse=False``) get one incident per event
(:func:`singleton_incidents`).
"""

from __future__ import annotations

import datetime as dt
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, and_, bindparam, insert, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from newsevents.fuse import (
    Assignment,
    CorpusStats,
    IncidentProfile,
    fuse_article_events,
    load_config,
)
from newsevents.fuse.block import block_reason
from newsevents.fuse.boilerplate import SegmentCount, SegmentStats
from newsevents.fuse.config import FusionConfig
from newsevents.fuse.index import incident_span, profile_span
from newsevents.fuse.profile import FALLBACK_PREFIX, EventProfile
from newsevents.fuse.terms import TermStats
from newsevents.model import Article, Event
from newsevents.store.bulk import insert_rows, upsert_rows
from newsevents.store.keys import allocate_ids
from newsevents.store.schema import (
    articles,
    events,
    fusion_segments,
    fusion_state,
    fusion_terms,
    incidents,
)

if TYPE_CHECKING:
    from newsevents.store.write import StoredEvent


STATE_NAME = "corpus"

#: Columns an incident copies from the event it is made of (without fusion).
COPIED = (
    "event_type", "mode", "acled_event_type", "acled_sub_event_type", "event_date",
    "event_date_end", "date_precision", "location", "latitude", "longitude", "country_iso3",
    "admin1", "admin2", "fatalities", "fatalities_low", "fatalities_high", "injured", "arrested",
    "kidnapped",
)  # fmt: skip


@dataclass
class FusionState:
    """What one process keeps about one database between transactions."""

    config: FusionConfig
    stats: CorpusStats | None = None
    documents: int = 0
    """Articles the in-memory statistics cover (``fusion_state.documents`` once written)."""
    profiles: dict[int, tuple[int, IncidentProfile]] = field(default_factory=dict)
    """Incident id -> (version, profile) as last read or written."""
    seconds: float = 0.0
    """Time spent fusing in this process."""
    on_assignments: Callable[[Sequence[Assignment]], None] | None = None
    """Called with each article's assignments (decisions and reasons), for evaluation."""


# Keyed by the engine's connection pool: the writing engine (execution options) and the
# reading one are different objects over the same pool, that is the same database.
_STATES: weakref.WeakKeyDictionary[Pool, FusionState] = weakref.WeakKeyDictionary()


def state_for(engine: Engine) -> FusionState:
    """The fusion state of a database (one per engine, created on first use)."""
    state = _STATES.get(engine.pool)
    if state is None:
        state = FusionState(load_config())
        _STATES[engine.pool] = state
    return state


def forget(engine: Engine) -> None:
    """Drop what this process keeps about a database, after a transaction was rolled back
    (its statistics and profiles may hold what was not committed)."""
    _STATES.pop(engine.pool, None)


def _load_stats(conn: Connection, state: FusionState, documents: int) -> CorpusStats:
    settings = state.config.text.boilerplate
    rows = conn.execute(select(fusion_terms.c.term, fusion_terms.c.documents))
    terms = TermStats.from_counts(documents, {str(term): int(n) for term, n in rows})
    segments = SegmentStats.from_counts(
        settings,
        (
            SegmentCount(int(key), int(n), first, last)
            for key, n, first, last in conn.execute(select(fusion_segments))
        ),
    )
    state.documents = documents
    return CorpusStats(segments, terms)


def lock_fusion(conn: Connection) -> None:
    """Wait until no other transaction fuses, and keep others waiting until this one ends.

    Call it first in a transaction that fuses, before reading what it will decide on (which
    articles are stored or fused yet): on PostgreSQL a row lock on the statistics' counter;
    SQLite's write transactions hold the database's write lock from their start already.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(
            select(fusion_state.c.documents)
            .where(fusion_state.c.name == STATE_NAME)
            .with_for_update()
        )


def _claim(conn: Connection, state: FusionState, n_articles: int) -> CorpusStats:
    """The statistics as committed, at the start of a transaction that fuses ``n_articles``.

    The counter is moved on by those articles first (their statistics are written before
    commit, :func:`_write_stats`): one statement that also locks the row on PostgreSQL until
    commit, so that processes fuse one transaction at a time. The statistics are read again
    when the counter was not ours (another process fused meanwhile, or a transaction of ours
    was rolled back and forgotten).
    """
    claimed = conn.execute(
        update(fusion_state)
        .where(fusion_state.c.name == STATE_NAME)
        .values(documents=fusion_state.c.documents + n_articles, saved_at=dt.datetime.now(dt.UTC))
        .returning(fusion_state.c.documents)
    ).scalar()
    if claimed is None:  # the row the migrations insert was deleted by hand
        conn.execute(
            insert(fusion_state).values(
                name=STATE_NAME, documents=n_articles, saved_at=dt.datetime.now(dt.UTC)
            )
        )
        claimed = n_articles
    before = int(claimed) - n_articles
    if state.stats is None or before != state.documents:
        state.stats = _load_stats(conn, state, before)
    return state.stats


def _write_stats(conn: Connection, state: FusionState) -> None:
    """Write what this transaction's articles changed in the statistics."""
    if state.stats is None:
        return
    terms = state.stats.terms.take_changes()
    upsert_rows(conn, fusion_terms, [{"term": term, "documents": n} for term, n in terms.items()])
    upsert_rows(
        conn,
        fusion_segments,
        [
            {"key": c.key, "documents": c.documents, "first_published": c.first,
             "last_published": c.last}
            for c in state.stats.segments.take_changes()
        ],
    )  # fmt: skip


def _json_list(values: Sequence[Any]) -> list[dict[str, Any]] | None:
    return [v.model_dump() for v in values] or None


def incident_columns(incident: IncidentProfile, config: FusionConfig) -> dict[str, Any]:
    """The ``incidents`` columns of a profile (all but id, version and the ACLED types)."""
    date, place = incident.date, incident.place
    span = incident_span(incident, config.blocking)

    def best(category: str) -> int | None:
        count = incident.counts.get(category)
        return None if count is None else count.best

    killed = incident.counts.get("killed")
    n_events = sum(1 for s in incident.sources if not s.event_id.startswith(FALLBACK_PREFIX))
    return {
        "n_events": n_events,
        "n_sources": incident.n_sources,
        "event_type": incident.event_type,
        "mode": incident.mode,
        "event_date": date.start if date else None,
        "event_date_end": date.end if date else None,
        "date_precision": date.precision.value if date else None,
        "location": place.name if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "country_iso3": place.country_iso3 if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "fatalities": best("killed"),
        "fatalities_low": killed.low if killed else None,
        "fatalities_high": killed.high if killed else None,
        "injured": best("injured"),
        "arrested": best("arrested"),
        "kidnapped": best("kidnapped"),
        "first_published": incident.first_published,
        "perpetrators": _json_list(incident.perpetrators),
        "claims": _json_list(incident.claims),
        "span_start": span[0] if span else None,
        "span_end": span[1] if span else None,
        "profile": incident.model_dump_json(exclude_defaults=True),
    }


class StoreIndex:
    """The incidents of a database as fusion's :class:`~newsevents.fuse.IncidentIndex`,
    within one transaction."""

    def __init__(
        self,
        conn: Connection,
        state: FusionState,
        pending: dict[str, int],
        acled: dict[str, tuple[str | None, str | None, str]],
    ) -> None:
        self.conn = conn
        self.state = state
        self.pending = pending
        """Event id -> the incident id its row was written with (see the module docstring)."""
        self.acled = acled
        """Event id -> (ACLED event type, sub-event type, PLOVER type) of new events."""
        self.created: set[int] = set()
        self._next_id: int | None = None

    @property
    def stats(self) -> CorpusStats:
        """The corpus statistics of the database, as of this transaction."""
        assert self.state.stats is not None, "assign_incidents claims them first"
        return self.state.stats

    def _profiles(self, ids: Sequence[tuple[int, int]]) -> dict[int, IncidentProfile]:
        """Profiles of (id, version) pairs, from the cache where it is current."""
        cache = self.state.profiles
        missing = [i for i, v in ids if cache.get(i, (None,))[0] != v]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            query = select(incidents.c.id, incidents.c.version, incidents.c.profile).where(
                incidents.c.id.in_(chunk)
            )
            for pk, version, profile in self.conn.execute(query):
                if profile is not None:
                    cache[pk] = (version, IncidentProfile.model_validate_json(profile))
        return {i: cache[i][1] for i, _ in ids if i in cache}

    def candidates(self, profile: EventProfile) -> list[IncidentProfile]:
        """The stored incidents blocking lets ``profile`` join, oldest first."""
        query = select(incidents.c.id, incidents.c.version).where(incidents.c.profile.isnot(None))
        span = profile_span(profile, self.state.config.blocking)
        if span is not None:
            query = query.where(
                or_(
                    and_(incidents.c.span_start <= span[1], incidents.c.span_end >= span[0]),
                    incidents.c.span_start.is_(None),
                )
            )
        ids = [(int(i), int(v)) for i, v in self.conn.execute(query.order_by(incidents.c.id))]
        found = self._profiles(ids)
        blocking = self.state.config.blocking
        return [
            inc for i, _ in ids if (inc := found.get(i)) is not None
            and block_reason(profile, inc, blocking) is None
        ]  # fmt: skip

    def get(self, incident_id: str) -> IncidentProfile | None:
        """The current version of a stored incident."""
        pk = int(incident_id)
        row = self.conn.execute(select(incidents.c.version).where(incidents.c.id == pk)).scalar()
        if row is None:
            return None
        return self._profiles([(pk, int(row))]).get(pk)

    def _new_id(self, incident: IncidentProfile) -> int:
        # The incident opened by a new event takes the id that event was written with.
        first = incident.sources[0].event_id if incident.sources else ""
        if first in self.pending:
            return self.pending[first]
        if self._next_id is None:
            drawn = allocate_ids(self.conn, incidents.c.id, 1)[0]
            if self.conn.dialect.name != "postgresql":
                # SQLite counts from the largest stored id; the pending ones are not stored yet.
                drawn = max([drawn, *(i + 1 for i in self.pending.values())])
            self._next_id = drawn
            return drawn
        if self.conn.dialect.name == "postgresql":
            return allocate_ids(self.conn, incidents.c.id, 1)[0]
        self._next_id += 1
        return self._next_id

    def _acled(self, incident: IncidentProfile) -> dict[str, Any]:
        # The ACLED types of the latest event of the incident's type.
        for source in reversed(incident.sources):
            typed = self.acled.get(source.event_id)
            if typed is not None and typed[2] == incident.event_type:
                return {"acled_event_type": typed[0], "acled_sub_event_type": typed[1]}
        return {}

    def add(self, incident: IncidentProfile) -> IncidentProfile:
        """Insert a new incident with its id (that of the event that opened it).

        An article without events opens an incident of no event (``n_events`` 0, type
        ``*``) when it resembles none: later reports that extraction understands may join it,
        and the articles already there count as its sources. Queries and exports show only
        incidents with events.
        """
        pk = self._new_id(incident)
        stored = incident.model_copy(update={"incident_id": str(pk)})
        row = incident_columns(stored, self.state.config) | {"id": pk, "version": 1}
        row |= {"acled_event_type": None, "acled_sub_event_type": None} | self._acled(stored)
        self.conn.execute(insert(incidents).values(**row))
        self.state.profiles[pk] = (1, stored)
        self.created.add(pk)
        return stored

    def update(self, incident: IncidentProfile) -> None:
        """Write the reconciled version of a stored incident."""
        pk = int(incident.incident_id)
        version = self.state.profiles.get(pk, (0,))[0] + 1
        row = incident_columns(incident, self.state.config) | {"version": version}
        row |= self._acled(incident)
        self.conn.execute(update(incidents).where(incidents.c.id == pk).values(**row))
        self.state.profiles[pk] = (version, incident)


def assign_incidents(
    session: Session,
    fresh: Sequence[tuple[Article, Sequence[Event]]],
    stored: Sequence[StoredEvent],
) -> int:
    """Fuse newly stored articles (with their events, none is fine) into the incidents of the
    database, in order; return how many incidents were opened."""
    if not fresh:
        return 0
    conn = session.connection()
    state = state_for(conn.engine)
    pending = {s.event.id: s.incident_id for s in stored}
    acled = {
        s.event.id: (
            s.columns["acled_event_type"],
            s.columns["acled_sub_event_type"],
            s.event.event_type,
        )
        for s in stored
    }
    # Before anything is read: on PostgreSQL this waits for any other process fusing.
    _claim(conn, state, len(fresh))
    index = StoreIndex(conn, state, pending, acled)
    moved: list[dict[str, Any]] = []
    placed: list[dict[str, Any]] = []
    started = time.perf_counter()
    for article, article_events in fresh:
        assignments = fuse_article_events(article, article_events, index, state.config)
        if state.on_assignments is not None:
            state.on_assignments(assignments)
        state.documents += 1
        for a in assignments:
            incident = int(a.incident_id)
            if a.main:
                placed.append({"b_id": article.id, "b_incident": incident})
            if a.event_id in pending and pending[a.event_id] != incident:
                moved.append({"b_id": a.event_id, "b_incident": incident})
    _point(conn, events.c.id, events.c.incident_id, moved)
    _point(conn, articles.c.id, articles.c.incident_id, placed)
    _write_stats(conn, state)
    state.seconds += time.perf_counter() - started
    return len(index.created)


def _point(conn: Connection, key: Any, column: Any, values: list[dict[str, Any]]) -> None:
    if values:
        statement = (
            update(key.table)
            .where(key == bindparam("b_id"))
            .values({column.name: bindparam("b_incident")})
        )
        conn.execute(statement, values)


def singleton_incidents(session: Session, stored: Sequence[StoredEvent]) -> int:
    """One incident per new event, copied from it, without fusion (bulk loads)."""
    if not stored:
        return 0
    rows = [
        {name: s.columns[name] for name in COPIED}
        | {
            "id": s.incident_id,
            "n_events": 1,
            "n_sources": 1,
            "first_published": s.article.published,
            "perpetrators": None,
            "claims": None,
            "span_start": None,
            "span_end": None,
            "version": 1,
            "profile": None,
        }
        for s in stored
    ]
    insert_rows(session.connection(), incidents, rows)
    return len(rows)


__all__ = [
    "FusionState",
    "StoreIndex",
    "assign_incidents",
    "forget",
    "incident_columns",
    "lock_fusion",
    "singleton_incidents",
    "state_for",
]
