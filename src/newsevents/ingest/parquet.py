"""Read articles from Parquet files: one article per row of a table with a ``text`` column.

The columns mean what the keys of a JSON-lines record mean (``text`` and optionally ``id``,
``title``, ``url``, ``outlet``, ``published``, ``tags``; other columns are not read), and
each row becomes an Article exactly as the same JSON record would. ``published`` may be a
string or an Arrow date or timestamp. The file is streamed a batch of rows at a time. A bad
row is an InputError named ``FILE: row N`` (counting from 1) and the rest are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from newsevents.errors import InputError
from newsevents.ingest import decode
from newsevents.ingest.jsonl import article_from_record
from newsevents.ingest.notices import warn
from newsevents.model import Article

if TYPE_CHECKING:
    # At run time pyarrow is imported by the functions that need it: it is slow to import
    # and most runs read no Parquet, yet every run imports this module through ``ingest``.
    import pyarrow as pa
    import pyarrow.parquet as pq

BATCH_ROWS = 256
"""Rows decoded at a time: bounds memory to a batch of articles, however large the file."""

COLUMNS = ("text", "id", "title", "url", "outlet", "published", "tags")
"""The columns read, with the meaning of the same keys in a JSON-lines record."""

_MAGIC = b"PAR1"


class _Unreadable:
    """A cell Arrow could not turn into a Python value (a date out of range, bad UTF-8)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def _is_texty(kind: pa.DataType) -> bool:
    """Whether a ``text`` column of this Arrow type can hold article text."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        return _is_texty(kind.value_type)
    checks = (
        pa.types.is_string,
        pa.types.is_large_string,
        pa.types.is_string_view,
        # Parquet byte arrays written without the UTF-8 annotation are read as binary.
        pa.types.is_binary,
        pa.types.is_large_binary,
        pa.types.is_binary_view,
        pa.types.is_null,
    )
    return any(check(kind) for check in checks)


def _plain(value: object) -> object:
    """Turn an Arrow cell's Python value into what the JSON record would hold."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _Unreadable(f"not valid UTF-8 (byte 0x{value[exc.start]:02X} at {exc.start})")
    # Dates become ISO strings so they are read by the same date parsing as JSON strings;
    # a timestamp keeps the date it has in its own time zone, as "...T23:10+03:00" does.
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _cell(array: pa.Array, index: int) -> object:
    import pyarrow as pa

    try:
        return array[index].as_py()
    except (ValueError, OverflowError, pa.ArrowException) as exc:
        return _Unreadable(_one_line(exc))


def _values(array: pa.Array) -> list[object]:
    """The Python values of one column of a batch; a cell that cannot convert is _Unreadable."""
    import pyarrow as pa

    if pa.types.is_timestamp(array.type) and array.type.unit == "ns":
        # Nanoseconds do not fit datetime; only the date is used, so dropping them is safe.
        array = array.cast(pa.timestamp("us", tz=array.type.tz), safe=False)
    try:
        values: list[object] = array.to_pylist()
    except (ValueError, OverflowError, pa.ArrowException):
        # One cell out of range (a year past 9999) must not cost the rest of the batch.
        values = [_cell(array, i) for i in range(len(array))]
    return [_plain(v) for v in values]


def _too_large(text: object) -> str | None:
    """Say why a text value is over the input size limit, or None if it is within it."""
    if not isinstance(text, str):
        return None
    limit = decode.MAX_FILE_BYTES
    # A character is 1 to 4 UTF-8 bytes: only text near the limit needs encoding to measure.
    if len(text) * 4 <= limit:
        return None
    size = len(text) if len(text) > limit else len(text.encode("utf-8", "surrogatepass"))
    if size <= limit:
        return None
    return f'"text" is too large ({decode.human_size(size)}); the limit is {limit} bytes'


def _row(
    record: dict[str, object],
    label: str,
    published: dt.date | None,
    outlet: str | None,
    source_path: str,
) -> Article | InputError:
    date = record.get("published")
    if isinstance(date, _Unreadable):
        # A date Arrow cannot convert (a year past 9999) is out of range: absent, as in JSON.
        warn(label, f'field "published": {date.reason}; it is treated as absent')
        record = {key: value for key, value in record.items() if key != "published"}
    for key, value in record.items():
        if isinstance(value, _Unreadable):
            return InputError(label, f'field "{key}": cannot read the value ({value.reason})')
    reason = _too_large(record.get("text"))
    if reason is not None:
        return InputError(label, reason)
    try:
        return article_from_record(
            record, label, published=published, outlet=outlet, source_path=source_path
        )
    except InputError as error:
        return error


def _open_failure(handle: BinaryIO, name: str, exc: Exception) -> InputError:
    """The InputError for a file pyarrow could not open as Parquet."""
    try:
        handle.seek(0)
        head = handle.read(len(_MAGIC))
    except OSError as error:
        return InputError(name, decode.os_error_reason(error))
    if not head:
        return InputError(name, "empty file (0 bytes), not a Parquet file")
    if head != _MAGIC:
        return InputError(name, "not a Parquet file (it does not start with PAR1)")
    return InputError(name, f"damaged or truncated Parquet file ({_one_line(exc)})")


def _rows(
    parquet: pq.ParquetFile,
    name: str,
    published: dt.date | None,
    outlet: str | None,
) -> Iterator[Article | InputError]:
    import pyarrow as pa

    present = set(parquet.schema_arrow.names)
    columns = [column for column in COLUMNS if column in present]
    number = 0
    batches = parquet.iter_batches(batch_size=BATCH_ROWS, columns=columns)
    while True:
        try:
            batch = next(batches, None)
        except (OSError, pa.ArrowException) as exc:
            # A damaged page stops the file; the rows before it have been read.
            yield InputError(name, f"damaged Parquet file after row {number} ({_one_line(exc)})")
            return
        if batch is None:
            return
        values = {column: _values(batch.column(column)) for column in batch.schema.names}
        for index in range(batch.num_rows):
            number += 1
            record = {column: cells[index] for column, cells in values.items()}
            yield _row(record, f"{name}: row {number}", published, outlet, name)


def iter_parquet(
    path: str | Path,
    published: dt.date | None = None,
    outlet: str | None = None,
) -> Iterator[Article | InputError]:
    """Read a Parquet file: yields an Article or an InputError per row, in file order.

    Rows are streamed ``BATCH_ROWS`` at a time and only the known columns are read. The
    row's own ``published`` and ``outlet`` win; the arguments fill what it lacks. Never
    raises for bad input: a missing, unreadable or damaged file, one without a ``text``
    column, or one with no rows is one InputError.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = str(path)
    try:
        handle = decode.open_regular(Path(path), name)
    except InputError as error:
        yield error
        return
    except OSError as exc:
        yield InputError(name, decode.os_error_reason(exc))
        return
    with handle:
        try:
            parquet = pq.ParquetFile(handle)
        except (OSError, pa.ArrowException) as exc:
            yield _open_failure(handle, name, exc)
            return
        yield from _table(parquet, name, published, outlet)


def _table(
    parquet: pq.ParquetFile, name: str, published: dt.date | None, outlet: str | None
) -> Iterator[Article | InputError]:
    """The rows of an opened Parquet file, after checking its columns."""
    try:
        schema = parquet.schema_arrow
        if "text" not in schema.names:
            found = ", ".join(schema.names) or "none"
            yield InputError(name, f"no 'text' column (columns: {found})")
            return
        # Arrow cannot pick one of two same-named columns, and neither could we.
        twice = [c for c in COLUMNS if len(schema.get_all_field_indices(c)) > 1]
        if twice:
            yield InputError(name, f"more than one '{twice[0]}' column")
            return
        kind = schema.field("text").type
        if not _is_texty(kind):
            yield InputError(name, f"the 'text' column holds {kind}, not strings")
            return
        if parquet.metadata.num_rows == 0:
            yield InputError(name, "empty file (no rows)")
            return
        yield from _rows(parquet, name, published, outlet)
    finally:
        parquet.close()
