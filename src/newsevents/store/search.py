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

import functools
import sqlite3
import threading
from collections.abc import Iterator, Sequence
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
from sqlalchemy.orm import Session

from newsevents.model import Event
from newsevents.store.schema import events

SEARCH_TABLE = "event_search"

#: Most words a search may hold; each is one more lookup in the index.
MAX_QUERY_WORDS = 32

#: The tokenizer of the SQLite index (see the first migration).
_TOKENIZER = "porter unicode61 remove_diacritics 2"
_ASCII_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_PROBE_LOCK = threading.Lock()
_probe: sqlite3.Connection | None = None


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


def _probe_connection() -> sqlite3.Connection:
    global _probe
    if _probe is None:
        _probe = sqlite3.connect(":memory:", check_same_thread=False)
        _probe.execute(
            f"CREATE VIRTUAL TABLE probe USING fts5(body, content='', detail=none, "
            f"tokenize='{_TOKENIZER}')"
        )
    return _probe


@functools.lru_cache(maxsize=65536)
def is_word_char(char: str) -> bool:
    """Whether the SQLite index's tokenizer keeps ``char`` inside a word.

    Asked of SQLite itself: its Unicode tables are not Python's (``_`` and many combining
    marks separate words there, characters newer than its tables do not). A query word that
    the tokenizer cut in two would be a phrase, which an index without positions refuses.
    """
    if char.isascii():
        return char in _ASCII_WORD_CHARS
    if not char.isprintable() and not char.isalnum():
        return False  # controls, format characters, surrogates: never part of a word
    with _PROBE_LOCK:
        try:
            _probe_connection().execute(
                "SELECT rowid FROM probe WHERE probe MATCH ?", (f'"a{char}b"',)
            ).fetchall()
        except sqlite3.Error:
            return False  # a phrase of two words (or not a query at all): a separator
    return True


def _words(text: str) -> Iterator[str]:
    start = None
    for i, char in enumerate(text):
        if is_word_char(char):
            if start is None:
                start = i
        elif start is not None:
            yield text[start:i]
            start = None
    if start is not None:
        yield text[start:]


def query_words(words: str) -> list[str]:
    """The words of a search query, as the index cuts text into words (letters and digits;
    anything else, query syntax included, only separates words)."""
    return list(_words(words))


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


#: From this many matches on, a search without other filters than dates reads the date index
#: newest first and keeps the events among the matches (see :func:`matches_words`).
MANY_MATCHES = 2000


def _fts_query(words: str) -> str:
    # Each word quoted: FTS5 operators typed by a user (AND, NEAR, "-") stay words; a word
    # holds no quote and no separator, so each is one term, never a phrase.
    return " ".join(f'"{w}"' for w in query_words(words))


def count_matches(conn: Connection | Session, words: str, cap: int | None = None) -> int:
    """How many events' documents hold every word (at most ``cap``), on SQLite: from the
    index alone, which takes a millisecond where counting the events that match takes one
    lookup per match."""
    inner = f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :words"
    if cap is not None:
        inner += f" LIMIT {int(cap)}"
    found = conn.execute(text(f"SELECT count(*) FROM ({inner})"), {"words": _fts_query(words)})
    return int(found.scalar_one())


def matches_words(dialect: str, words: str, walk_dates: bool = False) -> ColumnElement[bool]:
    """A condition on ``events`` true for events whose document holds every word.

    By default SQLite looks each match up and sorts them by date: right for rare words, but a
    common word matches tens of thousands of events, all read to list the newest 50. With
    ``walk_dates`` the condition cannot drive the query (``pk + 0`` is not the indexed
    column), so SQLite walks the date index newest first and keeps the events whose pk is
    among the matches (held in memory as a list), stopping once the page is full.
    """
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
        fts = _fts_query(words)
        pks = (
            select(literal_column("rowid"))
            .select_from(search)
            .where(text(f"{SEARCH_TABLE} MATCH :words").bindparams(bindparam("words", fts)))
        )
        if walk_dates:
            return (events.c.pk + 0).in_(pks)
    return events.c.pk.in_(pks)
