"""Full-text search over events, in the form each database does best.

SQLite: an FTS5 table ``event_search`` without content of its own (``content=''``; the
words are indexed, not stored twice), whose rowid is ``events.pk``. PostgreSQL: a table
``event_search(event_pk, document tsvector)`` with a GIN index. Both stem English words
(FTS5's porter tokenizer, PostgreSQL's ``english`` configuration), and both match events
whose document holds every word of the query. The tables are created by the first migration;
they are not part of :data:`newsevents.store.schema.metadata` because their form differs.

An event's document is a function of its record (:func:`search_document`): the headline, the
sentences reporting the event, and the names of its participants, places, weapons, claimants
and sources. So the index can always be rebuilt from ``events.record``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    literal_column,
    select,
    table,
    text,
)

from newsevents.model import Event
from newsevents.store.schema import events

SEARCH_TABLE = "event_search"
_WORD = re.compile(r"\w+", re.UNICODE)


def search_document(event: Event, title: str | None = None) -> str:
    """The text an event is found by: headline, sentences and the names in it."""
    parts: list[str | None] = [title]
    parts += [s.text for s in event.sentences]
    for role in event.roles:
        parts += (role.name, role.text, role.affiliation)
    for place in event.places:
        parts += (place.text, place.name, place.admin1)
    parts += [i.text for i in event.instruments]
    parts += [c.claimant_text for c in event.claims]
    parts += [a.source for a in event.attribution]
    # Each distinct piece once (names repeat a lot); the tokenizer ignores the separators.
    return "\n".join(dict.fromkeys(p for p in parts if p))


def query_words(words: str) -> list[str]:
    """The words of a search query (letters and digits; punctuation separates words)."""
    return _WORD.findall(words)


def index_events(conn: Connection, rows: Sequence[tuple[int, str]]) -> None:
    """Add ``(events.pk, document)`` pairs to the search index."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        sql = (
            f"INSERT INTO {SEARCH_TABLE} (event_pk, document) "
            "VALUES (%s, to_tsvector('english', %s))"
        )
    else:
        sql = f"INSERT INTO {SEARCH_TABLE} (rowid, body) VALUES (?, ?)"
    # Straight to the driver: one row per event, nothing for SQLAlchemy to convert.
    conn.exec_driver_sql(sql, list(rows))


def matches_words(dialect: str, words: str) -> ColumnElement[bool]:
    """A condition on ``events`` true for events whose document holds every word."""
    found = query_words(words)
    if not found:
        raise ValueError("no words to search for")
    search = table(SEARCH_TABLE)
    pks: Select[Any]
    if dialect == "postgresql":
        pks = (
            select(literal_column("event_pk"))
            .select_from(search)
            .where(
                text("document @@ plainto_tsquery('english', :words)").bindparams(
                    bindparam("words", " ".join(found))
                )
            )
        )
    else:
        # Each word quoted: FTS5 operators typed by a user (AND, NEAR, "-") stay words.
        fts = " ".join(f'"{w}"' for w in found)
        pks = (
            select(literal_column("rowid"))
            .select_from(search)
            .where(text(f"{SEARCH_TABLE} MATCH :words").bindparams(bindparam("words", fts)))
        )
    return events.c.pk.in_(pks)
