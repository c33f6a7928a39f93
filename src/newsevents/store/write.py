"""Storing what extraction made of articles: atomic per article, idempotent, in bulk.

:func:`store_article` writes one article, its events and their parts, indexes the events for
text search and hands them to fusion (:func:`newsevents.store.fuse.assign_incidents`), all in
one transaction. An article already stored (same id: same normalised URL, else same text) is
left alone, so reading the same inputs again adds nothing and a run stopped half way resumes
where it stopped. :func:`store_articles` does the same for a batch of articles per
transaction, for bulk loads.

Whatever the number of articles, every table gets one multi-row INSERT per transaction
(:mod:`newsevents.store.bulk`); row ids are handed out beforehand
(:mod:`newsevents.store.keys`) so that no row needs to be read back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsevents.model import Article, ArticleResult, Event
from newsevents.store import rows, schema
from newsevents.store.bulk import insert_rows, update_column
from newsevents.store.db import Database
from newsevents.store.fuse import assign_incidents, forget, lock_fusion, singleton_incidents
from newsevents.store.keys import allocate_ids, next_sequence
from newsevents.store.records import stored_records
from newsevents.store.search import index_events, search_document

ALREADY_STORED = "already stored"


@dataclass(frozen=True)
class StoredEvent:
    """An event just written, as handed to fusion: its row id, record and article."""

    pk: int
    event: Event
    article: Article
    columns: dict[str, Any]
    """Its flat columns (event_date, latitude, fatalities, ...; see ``rows.event_columns``)."""
    incident_id: int
    """The id written in its ``events.incident_id``: a new id, of an incident that does not
    exist yet. Fusion creates that incident, or points the event to another one."""


@dataclass(frozen=True)
class StoreOutcome:
    """What storing one article did."""

    article_id: str
    stored: bool
    """False when the article was already in the database (nothing was written)."""
    events: int = 0
    incidents: int = 0
    """Incidents formed while storing it (for a batch: counted on its first stored article)."""
    reason: str | None = None
    """Why nothing was stored, or why the article has no events."""


def stored_ids(session: Session, article_ids: Iterable[str]) -> set[str]:
    """Those of ``article_ids`` that are already in the database."""
    wanted = list(dict.fromkeys(article_ids))
    found: set[str] = set()
    # Core on the session's connection: the ORM layer would add a third of the time of
    # storing a small article.
    conn = session.connection()
    # Chunks keep the statement under every database's limit on bound parameters.
    for i in range(0, len(wanted), 500):
        query = select(schema.articles.c.id).where(schema.articles.c.id.in_(wanted[i : i + 500]))
        found.update(conn.execute(query).scalars())
    return found


def is_stored(session: Session, article_id: str) -> bool:
    """True when an article with this id is in the database."""
    return bool(stored_ids(session, [article_id]))


#: More rows written in the transaction that stores an article, given its connection and the
#: article's id; returns what to do once that transaction is committed.
AlsoWrite = Callable[[Connection, str], Callable[[], None]]


def store_article(
    db: Database,
    result: ArticleResult,
    *,
    fuse: bool = True,
    sequence: bool = True,
    also: AlsoWrite | None = None,
) -> StoreOutcome:
    """Store one article's result in its own transaction (committed on return), fused into
    the incidents it reports unless ``fuse`` is False (then each event is an incident).
    ``sequence=False`` leaves its place in the fusion order to be given later (see
    :func:`write_results`). ``also`` writes rows of its own in the same transaction (a watched
    item's record), so that a crash leaves both or neither."""
    try:
        with rolling_back(db), db.write_session() as session, session.begin():
            outcome = write_results(session, [result], fuse=fuse, sequence=sequence)[0]
            committed = also(session.connection(), result.article.id) if also else None
    except IntegrityError:
        # Another process stored the same article between our check and our insert (only
        # possible on PostgreSQL: SQLite writers take the write lock first).
        with db.session() as session:
            if is_stored(session, result.article.id):
                return StoreOutcome(result.article.id, stored=False, reason=ALREADY_STORED)
        raise
    if committed is not None:
        committed()
    return outcome


@contextmanager
def rolling_back(db: Database) -> Iterator[None]:
    """Forget what fusion keeps in memory when the transaction inside fails."""
    # What fusion keeps in memory may include the rolled-back transaction's articles.
    try:
        yield
    except BaseException:
        forget(db.engine)
        raise


def store_articles(
    db: Database, results: Iterable[ArticleResult], batch_size: int = 1000, *, fuse: bool = True
) -> Iterator[StoreOutcome]:
    """Store many results, ``batch_size`` articles per transaction; yield each outcome.

    A batch is all or nothing, so an interrupted load loses at most the batch in flight,
    which the next run stores (nothing is stored twice).
    """
    batch: list[ArticleResult] = []
    for result in results:
        batch.append(result)
        if len(batch) >= batch_size:
            yield from _store_batch(db, batch, fuse)
            batch = []
    if batch:
        yield from _store_batch(db, batch, fuse)


def _store_batch(db: Database, batch: Sequence[ArticleResult], fuse: bool) -> list[StoreOutcome]:
    with rolling_back(db), db.write_session() as session, session.begin():
        return write_results(session, batch, fuse=fuse)


def write_results(
    session: Session,
    results: Sequence[ArticleResult],
    *,
    fuse: bool = True,
    sequence: bool = True,
) -> list[StoreOutcome]:
    """Write articles' results in the session's current transaction, one outcome each.

    Each new article takes the next place in the fusion order (``articles.seq``): the order
    ``newsevents fuse`` fuses articles stored without fusion in. Cluster workers that store
    concurrently pass ``sequence=False``; the process that started the run gives their
    articles their places in input order (:func:`set_sequence`).

    Articles already stored (or repeated within ``results``) are skipped and say so.
    Use a session from :meth:`Database.write_session`. (Another process storing the same
    article at the same moment makes the insert fail on the primary key and the caller's
    transaction roll back, so nothing is stored twice either way.)
    """
    if fuse:
        # Before looking for stored articles: another process fusing the same article at
        # the same time then finds it stored, instead of waiting on it in a deadlock.
        lock_fusion(session.connection())
    present = stored_ids(session, (r.article.id for r in results))
    is_fresh: list[bool] = []
    for res in results:
        is_fresh.append(res.article.id not in present)
        present.add(res.article.id)
    fresh = [res for res, new in zip(results, is_fresh, strict=True) if new]
    # One record per event id: an id repeated within an article would break the insert.
    unique = [list({ev.id: ev for ev in res.events}.values()) for res in fresh]
    # Core statements on the session's connection: the ORM layer adds nothing here but time.
    conn = session.connection()
    article_rows = [rows.article_row(res, len(evs)) for res, evs in zip(fresh, unique, strict=True)]
    if sequence:
        for row, seq in zip(article_rows, next_sequence(conn, len(article_rows)), strict=True):
            row["seq"] = seq
    insert_rows(conn, schema.articles, article_rows)
    stored = _write_events(conn, fresh, unique)
    if fuse:
        articles = [(res.article, evs) for res, evs in zip(fresh, unique, strict=True)]
        incidents = assign_incidents(session, articles, stored)
    else:
        incidents = singleton_incidents(session, stored)
    return _outcomes(results, is_fresh, unique, incidents)


def set_sequence(db: Database, article_ids: Sequence[str]) -> int:
    """Give the stored articles of ``article_ids`` that have no place in the fusion order
    yet the next places, in the order given (one transaction); return how many."""
    with db.write_session() as session, session.begin():
        conn = session.connection()
        waiting: set[str] = set()
        for i in range(0, len(article_ids), 500):
            query = select(schema.articles.c.id).where(
                schema.articles.c.id.in_(article_ids[i : i + 500]),
                schema.articles.c.seq.is_(None),
            )
            waiting.update(conn.execute(query).scalars())
        ordered = [a for a in dict.fromkeys(article_ids) if a in waiting]
        places = next_sequence(conn, len(ordered))
        update_column(conn, schema.articles, "seq", "id", list(zip(ordered, places, strict=True)))
    return len(ordered)


def _write_events(
    conn: Connection, fresh: Sequence[ArticleResult], unique: Sequence[list[Event]]
) -> list[StoredEvent]:
    pairs = [(res.article, ev) for res, evs in zip(fresh, unique, strict=True) for ev in evs]
    if not pairs:
        return []
    pks = iter(allocate_ids(conn, schema.events.c.pk, len(pairs)))
    # Each event is written pointing to an incident of its own, which fusion then creates
    # (or replaces): setting the id later would grow every row and split its page.
    incident_ids = iter(allocate_ids(conn, schema.incidents.c.id, len(pairs)))
    dialect = conn.dialect.name
    stored: list[StoredEvent] = []
    event_rows: list[dict[str, Any]] = []
    for res, evs in zip(fresh, unique, strict=True):
        art = res.article
        for ev, record in zip(evs, stored_records(evs, art.text, dialect), strict=True):
            columns = rows.event_columns(ev, art)
            new = StoredEvent(next(pks), ev, art, columns, next(incident_ids))
            stored.append(new)
            event_rows.append(
                columns | {"pk": new.pk, "incident_id": new.incident_id, "record": record}
            )
    insert_rows(conn, schema.events, event_rows)
    _write_parts(conn, stored)
    index_events(conn, [(s.pk, search_document(s.event, s.article.title)) for s in stored])
    return stored


def _write_parts(conn: Connection, stored: Sequence[StoredEvent]) -> None:
    """Roles, claims and actors of new events."""
    parts: dict[Table, list[dict[str, Any]]] = {
        schema.roles: [],
        schema.claims: [],
    }
    actors: dict[str, dict[str, Any]] = {}
    for s in stored:
        ev, pk = s.event, s.pk
        parts[schema.roles] += rows.role_rows(ev, pk, rows.day_number(s.columns["event_date"]))
        parts[schema.claims] += rows.claim_rows(ev, pk)
        for actor in rows.actor_rows(ev):
            actors.setdefault(actor["id"], actor)
    for table, table_rows in parts.items():
        insert_rows(conn, table, table_rows)
    if actors:
        conn.execute(_insert_ignore(conn, schema.actors), list(actors.values()))


def _insert_ignore(conn: Connection, table: Table) -> Any:
    """An INSERT that skips rows whose primary key is already there.

    SQLite's ``INSERT OR IGNORE`` is a prefix, which SQLAlchemy can cache; its ON CONFLICT
    construct cannot be cached and would be compiled again for every transaction.
    """
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return insert(table).prefix_with("OR IGNORE", dialect="sqlite")


def _outcomes(
    results: Sequence[ArticleResult],
    is_fresh: Sequence[bool],
    unique: Sequence[list[Event]],
    incidents: int,
) -> list[StoreOutcome]:
    counts = iter(len(evs) for evs in unique)
    outcomes: list[StoreOutcome] = []
    for res, new in zip(results, is_fresh, strict=True):
        if not new:
            outcomes.append(StoreOutcome(res.article.id, stored=False, reason=ALREADY_STORED))
            continue
        n = next(counts)
        outcomes.append(
            StoreOutcome(
                res.article.id,
                stored=True,
                events=n,
                incidents=incidents,
                reason=None if n else res.reason,
            )
        )
        incidents = 0
    return outcomes
