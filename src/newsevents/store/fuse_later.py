"""Fusing articles that were stored without fusion: ``newsevents fuse``, and the end of a
cluster run whose workers stored their articles themselves.

An article stored with ``fuse=False`` keeps ``articles.incident_id`` empty, and each of its
events has an incident of its own (a copy of the event, without a fusion profile).
:func:`fuse_stored` takes such articles in the order they were stored and, one transaction
per article, drops those single-event incidents and hands the article and its events to
:func:`newsevents.store.fuse.assign_incidents`, exactly as storing it with fusion would have:
each event joins an incident, or opens one under the id of the incident it had. So storing
without fusion and fusing later leaves the database that storing with fusion leaves, and a
pass stopped half way is finished by the next (every fused article has its incident).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Row, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from newsevents.model import Article, Event
from newsevents.store.db import Database
from newsevents.store.fuse import assign_incidents, save_state
from newsevents.store.records import load_record
from newsevents.store.rows import event_columns
from newsevents.store.schema import articles, events, incidents
from newsevents.store.write import StoredEvent, rolling_back

#: Articles looked up per query while walking those to fuse.
_BATCH = 200

_Key = tuple[dt.datetime, str]


@dataclass
class FuseSummary:
    """What a pass did."""

    articles: int = 0
    """Articles fused."""
    events: int = 0
    incidents: int = 0
    """Incidents opened."""


def _unfused(session: Session, after: _Key | None) -> list[_Key]:
    """The next keys (stored_at, id) of articles without an incident, in storage order."""
    stmt = select(articles.c.stored_at, articles.c.id).where(articles.c.incident_id.is_(None))
    if after is not None:
        stmt = stmt.where(
            or_(
                articles.c.stored_at > after[0],
                and_(articles.c.stored_at == after[0], articles.c.id > after[1]),
            )
        )
    rows = session.execute(stmt.order_by(articles.c.stored_at, articles.c.id).limit(_BATCH))
    return [(row[0], row[1]) for row in rows]


def count_unfused(session: Session) -> int:
    """How many stored articles wait for fusion."""
    stmt = select(func.count()).select_from(articles).where(articles.c.incident_id.is_(None))
    return int(session.execute(stmt).scalar_one())


def _article(row: Row[tuple[object, ...]]) -> Article:
    values = row._mapping
    return Article(
        id=values["id"],
        url=values["url"],
        outlet=values["outlet"],
        published=values["published"],
        title=values["title"],
        language=values["language"],
        tags=list(values["tags"] or []),
        source_path=values["source_path"],
        text=values["text"],
    )


def _stored_events(session: Session, article: Article) -> list[StoredEvent]:
    rows = session.execute(
        select(events.c.pk, events.c.record, events.c.incident_id)
        .where(events.c.article_id == article.id)
        .order_by(events.c.pk)
    )
    stored = []
    for pk, record, incident_id in rows:
        event = Event.model_validate(load_record(record, article.text))
        stored.append(StoredEvent(pk, event, article, event_columns(event, article), incident_id))
    return stored


def _fuse_one(db: Database, article_id: str, summary: FuseSummary) -> None:
    with rolling_back(db), db.write_session() as session, session.begin():
        row = session.execute(
            select(articles).where(articles.c.id == article_id, articles.c.incident_id.is_(None))
        ).first()
        if row is None:
            return  # fused meanwhile by another pass
        article = _article(row)
        stored = _stored_events(session, article)
        if stored:
            # Only incidents without a profile: those storing without fusion made.
            session.execute(
                delete(incidents).where(
                    incidents.c.id.in_([s.incident_id for s in stored]),
                    incidents.c.profile.is_(None),
                )
            )
            # Deleting them emptied the events' incident_id (ON DELETE SET NULL): the events
            # point again to the ids fusion creates their incidents under, as when stored.
            session.execute(
                update(events)
                .where(events.c.pk == bindparam("b_pk"))
                .values(incident_id=bindparam("b_incident")),
                [{"b_pk": s.pk, "b_incident": s.incident_id} for s in stored],
            )
        summary.incidents += assign_incidents(
            session, [(article, [s.event for s in stored])], stored
        )
        summary.articles += 1
        summary.events += len(stored)


def fuse_stored(
    db: Database, on_progress: Callable[[FuseSummary], None] | None = None
) -> FuseSummary:
    """Fuse every stored article that has no incident yet, in the order they were stored."""
    summary = FuseSummary()
    after: _Key | None = None
    try:
        while True:
            with db.session() as session:
                keys = _unfused(session, after)
            if not keys:
                break
            for key in keys:
                _fuse_one(db, key[1], summary)
                after = key
                if on_progress is not None:
                    on_progress(summary)
    finally:
        with db.write_session() as session, session.begin():
            save_state(session)
    return summary


__all__ = ["FuseSummary", "count_unfused", "fuse_stored"]
