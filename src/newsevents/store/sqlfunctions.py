"""SQL functions that newsevents' SQLite connections provide, for reading packed values.

On SQLite, article text and event records are stored zlib-packed (``store/types.py``,
``store/records.py``); these functions read them back in SQL, and the ``evidence`` and
``attributions`` views are built on them:

- ``newsevents_text(articles.text)``: the article text;
- ``newsevents_record(events.record, articles.text)``: the event record as JSON text;
- ``newsevents_evidence(events.record, articles.text)``: a JSON array of
  ``[field, item, start_char, end_char, text]``, one entry per evidence span.

Other programs opening the file do not have them; they read every other column as is.
"""

from __future__ import annotations

import sqlite3

import orjson

from newsevents.store.records import load_event, unpack_record
from newsevents.store.rows import evidence_spans
from newsevents.store.types import unpack_text


def article_text(text: bytes | str | None) -> str | None:
    """``newsevents_text``: the text of a packed ``articles.text`` value."""
    return None if text is None else unpack_text(text)


def record_json(record: bytes | None, text: bytes | str | None) -> str | None:
    """``newsevents_record``: the JSON of a packed ``events.record`` value."""
    if record is None or text is None:
        return None
    return unpack_record(bytes(record), unpack_text(text)).decode("utf-8")


def evidence_json(record: bytes | None, text: bytes | str | None) -> str | None:
    """``newsevents_evidence``: the evidence spans of a packed ``events.record`` value."""
    if record is None or text is None:
        return None
    event = load_event(bytes(record), unpack_text(text))
    spans = [[f, i, s.start, s.end, s.text] for f, i, s in evidence_spans(event)]
    return orjson.dumps(spans).decode("utf-8")


def register(connection: sqlite3.Connection) -> None:
    """Make the functions above available on ``connection``."""
    connection.create_function("newsevents_text", 1, article_text, deterministic=True)
    connection.create_function("newsevents_record", 2, record_json, deterministic=True)
    connection.create_function("newsevents_evidence", 2, evidence_json, deterministic=True)
