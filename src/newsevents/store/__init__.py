"""The event database: SQLite by default, PostgreSQL by URL, same schema, migrated on open.

Modules, one job each:

- ``db``: the URL (``--db``, ``$NEWSEVENTS_DB``, ``newsevents.db``), engine settings, sessions;
- ``migrate`` and ``migrations/``: the alembic migrations, applied when a database is opened;
- ``schema``: the tables (and the views' columns); ``types``, ``records``, ``zdict``: how
  article text and event records are stored; ``sqlfunctions``: SQL to read them on SQLite;
- ``rows``, ``bulk``, ``keys``, ``write``: storing extraction results, one transaction per
  article (or per batch), idempotently; ``fuse``: the fusion entry point (incidents);
- ``search``: full-text search; ``query``: ``EventFilter`` and ``query_events``;
- ``load``: what ``newsevents ingest`` does; ``bench``: ``newsevents bench store``;
  ``codebook``: ``docs/database.md``.
"""

from __future__ import annotations

from newsevents.store.db import Database, DatabaseError, open_database, resolve_url
from newsevents.store.query import EventFilter, EventHit, Near, query_events
from newsevents.store.write import StoreOutcome, store_article, store_articles

__all__ = [
    "Database",
    "DatabaseError",
    "EventFilter",
    "EventHit",
    "Near",
    "StoreOutcome",
    "open_database",
    "query_events",
    "resolve_url",
    "store_article",
    "store_articles",
]
