"""Read articles from JSON lines (one object per line) or a JSON document (object or array).

Each record has ``text`` and optionally ``id``, ``title``, ``url``, ``outlet``,
``published`` and ``tags``; other keys are ignored. Each is read from the first of its keys
the record holds (:mod:`newsevents.ingest.fields`: the date also under ``date``, ``dct``,
``datePublished``, ..., the id under ``doc_id``), or from the key ``--field NAME=KEY``
names, nested keys dotted (``sample.text``). A bad record is reported as an InputError
naming ``FILE:LINE`` (or ``FILE[INDEX]`` in an array) and the rest are read.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsevents.errors import InputError
from newsevents.ingest import decode
from newsevents.ingest.build import build_article
from newsevents.ingest.dates import accepted_date, parse_date
from newsevents.ingest.fields import DEFAULT_FIELDS, FieldKeys
from newsevents.ingest.html_fallback import fragment_text, has_markup
from newsevents.limits import MAX_ID_CHARS
from newsevents.model import Article

_SNIFF_BYTES = 65536
_OPTIONAL_TEXT_FIELDS = ("title", "url", "outlet")


def _json_error(exc: ValueError | RecursionError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "not valid JSON (nested too deeply)"
    return f"not valid JSON ({exc})"


_JSON_KINDS = {
    dict: "an object",
    list: "an array",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    type(None): "null",
}


def _kind(value: object) -> str:
    """What a JSON value is, in JSON's words ('an array', 'a number')."""
    # bool before int: booleans are ints to Python.
    for kind, words in _JSON_KINDS.items():
        if isinstance(value, kind):
            return words
    return type(value).__name__


def _record_text(record: dict[str, Any], name: str, fields: FieldKeys) -> str:
    """The record's text, or the InputError saying what is wrong with it."""
    found = fields.find(record, "text")
    if found is None:
        keys = fields.of("text")
        nested = [k for k, val in record.items() if isinstance(val, dict) and keys[0] in val]
        if nested:
            raise InputError(
                name,
                f'no "{keys[0]}" field at the top level (there is one inside "{nested[0]}"); '
                f"read it with --field text={nested[0]}.{keys[0]}",
            )
        raise InputError(name, f'missing or empty "{keys[0]}" field')
    key, text = found
    if not isinstance(text, str):
        raise InputError(name, f'field "{key}" must be a string, not {_kind(text)}')
    if not text.strip():
        raise InputError(name, f'missing or empty "{key}" field')
    # Text copied from a page keeps its markup ("<p>A court ..."): read as a page's text is,
    # or tags would end up inside names and notes.
    return fragment_text(text) if has_markup(text) else text


def _optional_str(record: dict[str, Any], field: str, name: str, fields: FieldKeys) -> str | None:
    return _as_str(fields.find(record, field), name)


def _as_str(found: tuple[str, Any] | None, name: str) -> str | None:
    """The stripped string value of a ``(key, value)`` found in a record (None for none)."""
    if found is None:
        return None
    key, value = found
    if not isinstance(value, str):
        raise InputError(name, f'field "{key}" must be a string, not {_kind(value)}')
    return value.strip() or None


def _record_id(record: dict[str, Any], name: str, fields: FieldKeys) -> str | None:
    found = fields.find(record, "id")
    if found is None:
        return None
    key, value = found
    # Numeric ids are common in exports; booleans are ints to Python but never ids.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError(name, f'field "{key}" must be a string or integer, not {_kind(value)}')
    value = value.strip()
    if len(value) > MAX_ID_CHARS:
        raise InputError(
            name,
            f'field "{key}" is too long ({len(value):,} characters; the limit is {MAX_ID_CHARS})',
        )
    # The id is written as it is (a primary key): control characters and lone surrogates
    # cannot be stored by every database.
    if any(ord(char) < 32 or 0xD800 <= ord(char) <= 0xDFFF for char in value):
        raise InputError(name, f'field "{key}" holds control characters or invalid Unicode')
    return value or None


def _record_date(record: dict[str, Any], name: str, fields: FieldKeys) -> dt.date | None:
    """The publication date under the first of its keys the record holds."""
    found = fields.find(record, "published")
    value = _as_str(found, name)
    if found is None or value is None:
        return None
    key = found[0]
    date = parse_date(value)
    if date is None:
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise InputError(name, f'field "{key}": cannot read date {shown!r}; use YYYY-MM-DD')
    return accepted_date(date, name)


def _record_tags(record: dict[str, Any], name: str, fields: FieldKeys) -> list[str]:
    found = fields.find(record, "tags")
    if found is None:
        return []
    key, value = found
    if isinstance(value, str):
        return [t for t in value.split(",") if t.strip()]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise InputError(name, f'field "{key}" must be a list of strings')
    return list(value)


def article_from_record(
    record: object,
    name: str,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    source_path: str | None = None,
    fields: FieldKeys = DEFAULT_FIELDS,
) -> Article:
    """Make an Article from one decoded JSON record; raise InputError(name, ...) if bad.

    The record's own ``published`` and ``outlet`` win; the arguments fill what it lacks.
    ``fields`` says which keys each field is read from.
    """
    if not isinstance(record, dict):
        raise InputError(name, f"not a JSON object (found {_kind(record)})")
    text = _record_text(record, name, fields)
    values = {key: _optional_str(record, key, name, fields) for key in _OPTIONAL_TEXT_FIELDS}
    return build_article(
        text,
        name=name,
        title=values["title"],
        tags=_record_tags(record, name, fields),
        url=values["url"],
        outlet=values["outlet"] or outlet,
        published=_record_date(record, name, fields) or published,
        id=_record_id(record, name, fields),
        source_path=source_path,
        empty_reason='"text" is empty after removing site boilerplate',
    )


def parse_line(
    line: str,
    name: str,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    source_path: str | None = None,
    fields: FieldKeys = DEFAULT_FIELDS,
) -> Article | InputError:
    """Parse one JSON line into an Article, or the InputError saying why it is bad."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return InputError(name, _json_error(exc))
    try:
        return article_from_record(
            record,
            name,
            published=published,
            outlet=outlet,
            source_path=source_path,
            fields=fields,
        )
    except InputError as error:
        return error


def _skip_rest_of_line(handle: IO[bytes], size: int) -> None:
    while True:
        chunk = handle.readline(size)
        if not chunk or chunk.endswith(b"\n"):
            return


def _lines(handle: IO[bytes], name: str) -> Iterator[tuple[int, str | InputError]]:
    """Yield (line number, text or InputError) for each line, one line in memory at a time."""
    limit = decode.MAX_FILE_BYTES
    number = 0
    while raw := handle.readline(limit + 1):
        number += 1
        label = f"{name}:{number}"
        if len(raw) > limit:
            _skip_rest_of_line(handle, limit + 1)
            yield number, InputError(label, f"line is too large; the limit is {limit} bytes")
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start]
            reason = f"not valid UTF-8 (byte 0x{bad:02X} at offset {exc.start} of the line)"
            yield number, InputError(label, f"{reason}; re-encode the file as UTF-8")


def _whole_document(handle: IO[bytes], head: bytes) -> object | None:
    """Parse the input as one JSON document when it is one (pretty-printed object, array).

    Returns None when it should be read line by line instead.
    """
    stripped = head.lstrip()
    if not stripped.startswith((b"[", b"{")):
        return None
    if stripped.startswith(b"{"):
        first_line = stripped.split(b"\n", 1)[0]
        try:
            json.loads(first_line)
            return None
        except (ValueError, RecursionError):
            pass
    handle.seek(0)
    data = handle.read(decode.MAX_FILE_BYTES + 1)
    handle.seek(0)
    if len(data) > decode.MAX_FILE_BYTES:
        return None
    try:
        document: object = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, (list, dict)) else None


def iter_json_handle(
    handle: IO[bytes],
    name: str,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    source_path: str | None = None,
    fields: FieldKeys = DEFAULT_FIELDS,
) -> Iterator[Article | InputError]:
    """Read JSON lines (or one JSON document) from a seekable binary handle."""
    head = handle.read(_SNIFF_BYTES)
    handle.seek(0)
    if not head.strip():
        yield InputError(name, "empty file (nothing but whitespace)")
        return
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield InputError(name, "JSON lines must be UTF-8, this is UTF-16; re-encode it as UTF-8")
        return
    binary = decode.binary_reason(head)
    if binary is not None:
        yield InputError(name, binary)
        return
    options: dict[str, Any] = {
        "published": published,
        "outlet": outlet,
        "source_path": source_path,
        "fields": fields,
    }
    document = _whole_document(handle, head)
    if isinstance(document, dict):
        yield _record_or_error(document, name, options)
        return
    if isinstance(document, list):
        for index, record in enumerate(document):
            yield _record_or_error(record, f"{name}[{index}]", options)
        return
    found = False
    for number, line in _lines(handle, name):
        if isinstance(line, str):
            if not line.strip():
                continue
            found = True
            yield parse_line(line, f"{name}:{number}", **options)
        else:
            found = True
            yield line
    if not found:
        yield InputError(name, "empty file (nothing but whitespace)")


def _record_or_error(record: object, name: str, options: dict[str, Any]) -> Article | InputError:
    try:
        return article_from_record(record, name, **options)
    except InputError as error:
        return error


def iter_jsonl(
    path: str | Path,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    fields: FieldKeys = DEFAULT_FIELDS,
) -> Iterator[Article | InputError]:
    """Read a JSON-lines (or JSON) file: yields an Article or an InputError per record.

    Never raises for bad input: a file that cannot be opened is one InputError.
    """
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
        yield from iter_json_handle(
            handle, name, published=published, outlet=outlet, source_path=name, fields=fields
        )
