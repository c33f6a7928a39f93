"""Fusing articles that were stored without fusion: ``newsevents fuse``, and a cluster run
whose workers stored their articles themselves.

An article stored with ``fuse=False`` keeps ``articles.incident_id`` empty, and each of its
events has an incident of its own (a copy of the event, without a fusion profile).
:func:`fuse_stored` takes such articles in fusion order (``articles.seq``: the order they
were given to storage, which is input order also for a cluster run's concurrent workers)
and, one transaction per article, drops those single-event incidents and hands the article
and its events to :func:`newsevents.store.fuse.assign_incidents`, exactly as storing it with
fusion would have: each event joins an incident, or opens one under the id of the incident it
had. So storing without fusion and fusing later leaves the database that storing with fusion
leaves, and a pass stopped at any instant is finished by the next (every fused article has
its incident, and the statistics fusion learns are committed with it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Row, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from newsevents.model import Article, Event
from newsevents.store.db import Database
from newsevents.store.fuse import assign_incidents, lock_fusion
from newsevents.store.records import load_record
from newsevents.store.rows import event_columns
from newsevents.store.schema import articles, events, incidents
from newsevents.store.write import StoredEvent, rolling_back

K = TypeVar("K")

#: Articles looked up per query while walking those to fuse.
_BATCH = 200


@dataclass
class FuseSummary:
    """What a pass did."""

    articles: int = 0
    """Articles fused."""
    events: int = 0
    incidents: int = 0
    """Incidents opened."""


def _unfused_in_order(session: Session, after: tuple[int, str] | None) -> list[tuple[int, str]]:
    """The next (seq, id) of articles without an incident, in fusion order."""
    seq = articles.c.seq
    stmt = select(seq, articles.c.id).where(articles.c.incident_id.is_(None), seq.isnot(None))
    if after is not None:
        stmt = stmt.where(or_(seq > after[0], and_(seq == after[0], articles.c.id > after[1])))
    rows = session.execute(stmt.order_by(seq, articles.c.id).limit(_BATCH))
    return [(int(row[0]), str(row[1])) for row in rows]


def _unfused_unplaced(
    session: Session, after: tuple[dt.datetime, str] | None
) -> list[tuple[dt.datetime, str]]:
    """The next (stored_at, id) of articles without an incident nor a place in the fusion
    order (stored by a cluster worker whose run stopped before giving it one)."""
    stored_at = articles.c.stored_at
    stmt = select(stored_at, articles.c.id).where(
        articles.c.incident_id.is_(None), articles.c.seq.is_(None)
    )
    if after is not None:
        stmt = stmt.where(
            or_(stored_at > after[0], and_(stored_at == after[0], articles.c.id > after[1]))
        )
    rows = session.execute(stmt.order_by(stored_at, articles.c.id).limit(_BATCH))
    return [(row[0], str(row[1])) for row in rows]


def _unfused_among(session: Session, article_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(article_ids), 500):
        stmt = select(articles.c.id).where(
            articles.c.id.in_(article_ids[i : i + 500]), articles.c.incident_id.is_(None)
        )
        found.update(session.execute(stmt).scalars())
    return found


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
        # Another pass may be fusing this very article: wait for it, then find it fused.
        lock_fusion(session.connection())
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
    db: Database,
    on_progress: Callable[[FuseSummary], None] | None = None,
    *,
    only: Sequence[str] | None = None,
) -> FuseSummary:
    """Fuse every stored article that has no incident yet, in fusion order (those without a
    place in it last, in the order they were stored); with ``only``, those of these article
    ids, in the order given."""
    summary = FuseSummary()

    def fuse(article_id: str) -> None:
        _fuse_one(db, article_id, summary)
        if on_progress is not None:
            on_progress(summary)

    if only is not None:
        with db.session() as session:
            waiting = _unfused_among(session, only)
        for article_id in dict.fromkeys(only):
            if article_id in waiting:
                fuse(article_id)
        return summary
    for _, article_id in _walk(db, _unfused_in_order):
        fuse(article_id)
    for _, article_id in _walk(db, _unfused_unplaced):
        fuse(article_id)
    return summary


def _walk(
    db: Database, page: Callable[[Session, tuple[K, str] | None], list[tuple[K, str]]]
) -> Iterator[tuple[K, str]]:
    """Every key ``page`` gives, a page at a time after the last key seen, each page read in
    a short session of its own (fusing happens in between, in transactions of its own)."""
    after: tuple[K, str] | None = None
    while True:
        with db.session() as session:
            keys = page(session, after)
        if not keys:
            return
        for after in keys:
            yield after


__all__ = ["FuseSummary", "count_unfused", "fuse_stored"]
