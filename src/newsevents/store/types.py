"""Column types whose storage differs by database: event records and article text.

PostgreSQL compresses large values itself (TOAST) and has a real JSON type, so there an event
record is ``JSONB`` and article text is ``TEXT``. SQLite compresses nothing, and the records
(about 3 kB of JSON each) and texts would dominate the file, so there both are zlib-packed
BLOBs: text by :class:`PackedText`, records by :mod:`newsevents.store.records` (which needs the
article's text to pack and unpack a record, so :class:`RecordColumn` leaves that to it).
"""

from __future__ import annotations

import zlib
from typing import Any

import orjson
from sqlalchemy import LargeBinary, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

#: First byte of text packed with plain zlib.
TEXT_V1 = 0x02
_LEVEL = 6


def pack_text(text: str) -> bytes:
    """Text -> the packed BLOB stored on SQLite."""
    return bytes((TEXT_V1,)) + zlib.compress(text.encode("utf-8", "surrogatepass"), _LEVEL)


def unpack_text(blob: bytes | str) -> str:
    """The packed BLOB -> text; a plain string (written by another tool) passes through."""
    if isinstance(blob, str):
        return blob
    if blob[:1] == bytes((TEXT_V1,)):
        return zlib.decompress(blob[1:]).decode("utf-8", "surrogatepass")
    return blob.decode("utf-8", "surrogatepass")


class PackedText(TypeDecorator[str]):
    """Long text: ``TEXT`` on PostgreSQL, a zlib-packed BLOB elsewhere."""

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """TEXT on PostgreSQL, a BLOB elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Pack for SQLite; plain text for PostgreSQL."""
        if value is None or dialect.name == "postgresql":
            return value
        return pack_text(str(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        """The stored text."""
        if value is None:
            return None
        return unpack_text(value if isinstance(value, str) else bytes(value))


class RecordColumn(TypeDecorator[Any]):
    """An event record: ``JSONB`` on PostgreSQL, a BLOB packed by ``store.records`` elsewhere.

    Values pass through as they are, except that JSON text given as ``bytes`` is embedded
    unparsed when PostgreSQL's driver serialises it.
    """

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """JSONB on PostgreSQL, a BLOB elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Hand JSON bytes to PostgreSQL's serialiser (orjson) unparsed."""
        if dialect.name == "postgresql" and isinstance(value, bytes):
            return orjson.Fragment(value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """A dict on PostgreSQL; the packed bytes elsewhere."""
        return bytes(value) if isinstance(value, memoryview) else value
