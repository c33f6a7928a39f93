"""Reading incidents for export: each with its member events and the articles that report it.

Every format is a view of the same :class:`IncidentBundle`: the ``incidents`` row, the full
records of its events (read with :func:`newsevents.store.records.load_event`, so exports see
exactly what ``newsevents events`` shows) and its sources, the distinct articles of those events.

Incidents are selected with the filter of ``newsevents events`` (:class:`EventFilter`, whose SQL
is :func:`newsevents.store.query.filter_terms`): an incident is exported when any of its events
matches. Incidents without events (``n_events = 0``, left behind when fusion moved every event
elsewhere) are never exported. The query is SQLAlchemy core over :mod:`newsevents.store.schema`
and runs unchanged on SQLite and PostgreSQL; incidents are read a chunk at a time, so memory
stays flat however large the export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, null, select
from sqlalchemy.orm import Session

from newsevents.model import Event, Role
from newsevents.store.query import EventFilter, filter_terms, resolve_actor_ids
from newsevents.store.records import load_event
from newsevents.store.schema import articles, events, incidents

#: Incidents read per round trip: small enough for every database's limit on bound parameters.
CHUNK = 500

#: Roles that did the deed, those it was done to, and those who only claim it.
AGENT_ROLES = ("perpetrator", "actor")
OBJECT_ROLES = ("target", "victim", "detainee", "recipient")


@dataclass(frozen=True)
class Source:
    """One article reporting an incident."""

    article_id: str
    outlet: str | None
    url: str | None
    published: dt.date | None
    title: str | None
    language: str | None
    stored_at: dt.datetime | None

    @property
    def label(self) -> str:
        """``Outlet (url)``, or whichever of the two is known, else the article id."""
        if self.outlet and self.url:
            return f"{self.outlet} ({self.url})"
        return self.outlet or self.url or self.article_id


@dataclass(frozen=True)
class IncidentBundle:
    """An incident with its events (earliest report first) and its distinct sources."""

    columns: dict[str, Any]
    """The ``incidents`` row (id, event_date, latitude, fatalities_low, n_sources, ...)."""
    events: tuple[Event, ...]
    sources: tuple[Source, ...]
    _roles: dict[tuple[str, ...], list[Role]] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> int:
        """The incident id (``incidents.id``)."""
        return int(self.columns["id"])

    def roles(self, kinds: Sequence[str]) -> list[Role]:
        """Every role of the member events whose type is in ``kinds``, events in order."""
        key = tuple(kinds)
        if key not in self._roles:
            self._roles[key] = [r for ev in self.events for r in ev.roles if r.role.value in key]
        return self._roles[key]

    def names(self, kinds: Sequence[str]) -> list[str]:
        """Distinct participant names in ``kinds``, most events first, then first mention.

        Member events that disagree (one report names X, another Y) give both names: the
        exports keep them side by side instead of picking one.
        """
        counts: dict[str, int] = {}
        for ev in self.events:
            for name in dict.fromkeys(r.name for r in ev.roles if r.role.value in kinds):
                counts[name] = counts.get(name, 0) + 1
        order = {name: i for i, name in enumerate(counts)}
        return sorted(counts, key=lambda n: (-counts[n], order[n]))

    def agents(self) -> list[str]:
        """Who did it: the perpetrators' names, else (protests, arrests) the actors'."""
        return self.names(("perpetrator",)) or self.names(AGENT_ROLES)

    def claimants(self, stance: str = "claimed") -> list[str]:
        """Distinct parties that claim (or, with ``stance="denied"``, deny) the incident."""
        found = [c.claimant for ev in self.events for c in ev.claims if c.stance.value == stance]
        if stance == "claimed":
            # A claimant named as a role (not as a claim record) also claims.
            found += [r.name for r in self.roles(("claimant",))]
        return list(dict.fromkeys(found))

    def sentences(self) -> list[str]:
        """The first reporting sentence of each member event, distinct, earliest report first."""
        return list(dict.fromkeys(ev.sentences[0].text for ev in self.events if ev.sentences))

    def urls(self) -> list[str]:
        """The distinct URLs of its sources."""
        return list(dict.fromkeys(s.url for s in self.sources if s.url))

    def last_stored(self) -> dt.datetime | None:
        """When its most recent report was stored (UTC)."""
        stamps = [s.stored_at for s in self.sources if s.stored_at is not None]
        if not stamps:
            return None
        # SQLite gives back naive datetimes; they were written in UTC.
        return max(t if t.tzinfo else t.replace(tzinfo=dt.UTC) for t in stamps)


def _has_filter(flt: EventFilter) -> bool:
    return any(value is not None for value in flt.model_dump().values())


def incident_ids_select(
    flt: EventFilter, dialect: str, actor_ids: Sequence[str] = ()
) -> Select[Any]:
    """The ids of the incidents to export, oldest first (undated last), then by id."""
    stmt = select(incidents.c.id).where(incidents.c.n_events > 0)
    if _has_filter(flt):
        matched = select(events.c.incident_id).where(
            and_(True, *filter_terms(flt, dialect, actor_ids))
        )
        stmt = stmt.where(incidents.c.id.in_(matched))
    return stmt.order_by(incidents.c.event_date.asc().nulls_last(), incidents.c.id)


def _event_rows(chunk: Sequence[int], dialect: str) -> Select[Any]:
    # SQLite records unpack with their article's text (see store/records.py).
    text = articles.c.text if dialect == "sqlite" else null().label("text")
    return (
        select(
            events.c.incident_id,
            events.c.record,
            text,
            articles.c.id.label("article_id"),
            articles.c.outlet,
            articles.c.url,
            articles.c.published,
            articles.c.title,
            articles.c.language,
            articles.c.stored_at,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(events.c.incident_id.in_(chunk))
        .order_by(events.c.incident_id, articles.c.published.asc().nulls_last(), events.c.pk)
    )


def _read_chunk(session: Session, chunk: Sequence[int], dialect: str) -> list[IncidentBundle]:
    rows = {
        row["id"]: dict(row)
        for row in session.execute(select(incidents).where(incidents.c.id.in_(chunk))).mappings()
    }
    members: dict[int, list[Event]] = {i: [] for i in chunk}
    sources: dict[int, dict[str, Source]] = {i: {} for i in chunk}
    for row in session.execute(_event_rows(chunk, dialect)).mappings():
        incident = row["incident_id"]
        members[incident].append(load_event(row["record"], row["text"]))
        sources[incident].setdefault(
            row["article_id"],
            Source(
                article_id=row["article_id"], outlet=row["outlet"], url=row["url"],
                published=row["published"], title=row["title"], language=row["language"],
                stored_at=row["stored_at"],
            ),
        )  # fmt: skip
    return [
        IncidentBundle(rows[i], tuple(members[i]), tuple(sources[i].values()))
        for i in chunk
        if i in rows
    ]


def read_incidents(
    session: Session,
    flt: EventFilter | None = None,
    *,
    actor_ids: Callable[[str], Sequence[str]] = resolve_actor_ids,
    chunk_size: int = CHUNK,
) -> Iterator[IncidentBundle]:
    """The incidents matching ``flt`` (all with events when None), oldest first.

    ``actor_ids`` turns ``flt.actor`` into knowledge-base ids, as in
    :func:`newsevents.store.query.query_events`.
    """
    flt = flt or EventFilter()
    dialect = session.get_bind().dialect.name
    ids_for_actor = actor_ids(flt.actor) if flt.actor is not None else ()
    # Ids first (one integer per incident), then the rows a chunk at a time: the id query
    # sorts little, and no cursor stays open while the caller writes.
    ids = list(session.execute(incident_ids_select(flt, dialect, ids_for_actor)).scalars())
    for start in range(0, len(ids), chunk_size):
        yield from _read_chunk(session, ids[start : start + chunk_size], dialect)
