"""What a watch remembers between polls and restarts, in the database.

``watch_sources`` keeps, per source, the validators of its last feed answer (for conditional
requests), when it was polled and succeeded, its failures in a row with the last reason, and
when it is due again. ``watch_items`` keeps every entry or file handled, with its status
(see :mod:`newsevents.store.schema`). An item is written in the transaction that stores its
(last) article (:meth:`WatchState.write_item`), or in a short one of its own when it has none,
so a stopped or crashed watch loses at most the item it was handling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite

from newsevents.store.db import Database
from newsevents.store.schema import watch_items, watch_sources
from newsevents.watch.sources import Source

STORED = "stored"
UNREADABLE = "unreadable"
FAILED = "failed"
ABANDONED = "abandoned"
#: Statuses of items that later polls leave alone.
SETTLED = frozenset({STORED, UNREADABLE, ABANDONED})


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """``value`` as an aware UTC datetime (SQLite hands back naive ones)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@dataclass(frozen=True)
class SourceState:
    """The remembered state of one source (a row of ``watch_sources``)."""

    source: str
    kind: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: dt.datetime | None = None
    last_ok: dt.datetime | None = None
    failures: int = 0
    last_error: str | None = None
    next_attempt: dt.datetime | None = None

    def row(self) -> dict[str, Any]:
        """The state as a ``watch_sources`` row."""
        return {
            "source": self.source, "kind": self.kind, "etag": self.etag,
            "last_modified": self.last_modified, "last_polled": self.last_polled,
            "last_ok": self.last_ok, "failures": self.failures, "last_error": self.last_error,
            "next_attempt": self.next_attempt,
        }  # fmt: skip


@dataclass(frozen=True)
class ItemState:
    """The remembered state of one entry or file (a row of ``watch_items``)."""

    status: str
    attempts: int
    article_id: str | None = None
    last_error: str | None = None

    def is_settled(self) -> bool:
        """True when later polls leave it alone."""
        return self.status in SETTLED


def _upsert(
    conn: Connection, table: Table, row: dict[str, Any], keys: list[str], keep: tuple[str, ...] = ()
) -> None:
    """Insert ``row``, or update the row with the same ``keys`` but its ``keep`` columns.

    One statement (ON CONFLICT DO UPDATE, which both databases have), so two watches on one
    database never fail on each other's rows.
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(row)
    changed = {name: statement.excluded[name] for name in row if name not in (*keys, *keep)}
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed))


class WatchState:
    """Reads and writes the watch tables of one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def source(self, source: Source) -> SourceState:
        """The state of ``source``: as stored, or that of a source never polled."""
        with self.db.session() as session:
            found = (
                session.connection()
                .execute(select(watch_sources).where(watch_sources.c.source == source.key))
                .mappings()
                .first()
            )
        if found is None:
            return SourceState(source=source.key, kind=source.kind.value)
        state = SourceState(**dict(found))
        return replace(
            state,
            kind=source.kind.value,
            last_polled=utc(state.last_polled),
            last_ok=utc(state.last_ok),
            next_attempt=utc(state.next_attempt),
        )

    def save_source(self, state: SourceState) -> None:
        """Store ``state`` (inserted or replaced)."""
        with self.db.write_session() as session, session.begin():
            _upsert(session.connection(), watch_sources, state.row(), ["source"])

    def items(self, source: str, keys: Iterable[str]) -> dict[str, ItemState]:
        """The remembered state of those of ``keys`` that ``source`` has given before."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, ItemState] = {}
        c = watch_items.c
        columns = (c.item_key, c.status, c.attempts, c.article_id, c.last_error)
        with self.db.session() as session:
            conn = session.connection()
            # Chunks keep the statement under every database's limit on bound parameters.
            for i in range(0, len(wanted), 500):
                query = select(*columns).where(
                    c.source == source, c.item_key.in_(wanted[i : i + 500])
                )
                for key, status, attempts, article_id, error in conn.execute(query):
                    found[key] = ItemState(status, attempts, article_id, error)
        return found

    def record_item(
        self,
        source: str,
        key: str,
        item: ItemState,
        *,
        now: dt.datetime,
    ) -> None:
        """Store the state of one item in its own transaction (see :meth:`write_item`)."""
        with self.db.write_session() as session, session.begin():
            self.write_item(session.connection(), source, key, item, now=now)

    @staticmethod
    def write_item(
        conn: Connection, source: str, key: str, item: ItemState, *, now: dt.datetime
    ) -> None:
        """Write the state of one item in ``conn``'s transaction (its first_seen is kept when
        it was seen before)."""
        row = {
            "source": source, "item_key": key, "article_id": item.article_id,
            "status": item.status, "attempts": item.attempts, "last_error": item.last_error,
            "first_seen": now, "updated_at": now,
        }  # fmt: skip
        _upsert(conn, watch_items, row, ["source", "item_key"], ("first_seen",))
