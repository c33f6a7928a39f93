"""The stored form of an event's canonical record, and back.

The record is the event's JSON without the fields whose value is null: only optional fields
can be null, and their default is null, so validating it gives back the very same
:class:`newsevents.model.Event` (a test checks that this holds for every model). PostgreSQL
keeps it as JSONB.

On SQLite it is a zlib-compressed BLOB whose preset dictionary is ``zdict.ZDICT_V1`` (the key
layout of an event and common words) followed by the article's text: every sentence and
evidence span the record quotes is then a short back-reference into the article, so a record
packs to about a sixth of its JSON size, and to two thirds of what packing it alone gives.
Unpacking therefore needs ``articles.text`` of the event's article, which is never changed
once stored. The first byte names the format, so a later one can be added beside it.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import orjson

from newsevents.model import Event
from newsevents.store.zdict import ZDICT_V1

#: First byte of a record packed with zlib and ZDICT_V1 + the article text as dictionary.
RECORD_V1 = 0x01
_WINDOW = 32768  # zlib's dictionary (and window) size: only its last 32 kB count
_LEVEL = 6


def record_json(event: Event) -> bytes:
    """The canonical JSON of an event, without its null fields."""
    return event.model_dump_json(exclude_none=True).encode("utf-8")


def _dictionary(article_text: str) -> bytes:
    return (ZDICT_V1 + article_text.encode("utf-8", "surrogatepass"))[-_WINDOW:]


class RecordPacker:
    """Packs the records of one article's events (for SQLite)."""

    def __init__(self, article_text: str) -> None:
        self._dictionary = _dictionary(article_text)

    def pack(self, data: bytes) -> bytes:
        """Record JSON -> the BLOB stored on SQLite."""
        packer = zlib.compressobj(_LEVEL, zdict=self._dictionary)
        return bytes((RECORD_V1,)) + packer.compress(data) + packer.flush()


def pack_record(data: bytes, article_text: str) -> bytes:
    """Record JSON -> the BLOB stored on SQLite."""
    return RecordPacker(article_text).pack(data)


def unpack_record(blob: bytes, article_text: str) -> bytes:
    """The stored BLOB -> record JSON; plain JSON (written by another tool) passes through."""
    if blob[:1] == bytes((RECORD_V1,)):
        unpacker = zlib.decompressobj(zdict=_dictionary(article_text))
        return unpacker.decompress(blob[1:]) + unpacker.flush()
    if blob.lstrip()[:1] == b"{":
        return blob
    raise ValueError(f"unknown stored record format (first byte {blob[:1]!r})")


def stored_records(events: Sequence[Event], article_text: str, dialect: str) -> list[bytes]:
    """What goes into ``events.record`` for each of one article's events on this database."""
    data = [record_json(event) for event in events]
    if dialect == "postgresql" or not data:
        return data
    packer = RecordPacker(article_text)
    return [packer.pack(d) for d in data]


def load_record(value: Any, article_text: str | None) -> dict[str, Any]:
    """``events.record`` as read (a dict on PostgreSQL, bytes on SQLite) -> JSON-ready dict.

    ``article_text`` is the text of the event's article (needed on SQLite only).
    """
    if isinstance(value, dict):
        return value
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    if data[:1] == bytes((RECORD_V1,)) and article_text is None:
        raise ValueError("unpacking a stored record needs its article's text")
    loaded: dict[str, Any] = orjson.loads(unpack_record(data, article_text or ""))
    return loaded


def load_event(value: Any, article_text: str | None) -> Event:
    """``events.record`` as read -> the :class:`newsevents.model.Event`."""
    return Event.model_validate(load_record(value, article_text))
