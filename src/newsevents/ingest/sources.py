"""Read a batch of inputs (files, directories, standard input) into Articles.

``read_paths`` never raises for a bad input: it yields the InputError and goes on.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Literal

from newsevents.errors import InputError
from newsevents.ingest import decode
from newsevents.ingest.fields import DEFAULT_FIELDS, FieldKeys
from newsevents.ingest.html import article_from_html, decode_html, read_html_file
from newsevents.ingest.jsonl import iter_json_handle, iter_jsonl
from newsevents.ingest.parquet import iter_parquet
from newsevents.ingest.text import article_from_text, read_text_file
from newsevents.model import Article

Kind = Literal["text", "html", "jsonl", "parquet"]
STDIN = "-"
STDIN_NAME = "<stdin>"
EXTENSIONS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
}
_HTML_START = re.compile(
    r"\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<!--|<(?:article|div|p|meta|title)\b)",
    re.IGNORECASE,
)
_JSON_START = re.compile(r"\s*[\[{]")

Item = Article | InputError


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def sniff_kind(text: str) -> Kind:
    """Guess whether ``text`` is HTML, JSON (lines) or plain text from how it starts.

    JSON needs more than a leading bracket ("[Updated] Gunmen ..." is text): the first
    line, or the whole input, must parse.
    """
    head = text.lstrip("\ufeff")[:4096]
    if _HTML_START.match(head):
        return "html"
    if _JSON_START.match(head):
        first_line = head.lstrip().split("\n", 1)[0]
        if _is_json(first_line) or _is_json(text.lstrip("\ufeff")):
            return "jsonl"
    return "text"


def kind_of(path: Path) -> Kind | None:
    """The reader for ``path`` chosen by its extension, or None if it has no known one."""
    return EXTENSIONS.get(path.suffix.lower())


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def iter_directory(root: Path) -> Iterator[Path | InputError]:
    """Files under ``root`` with a known extension, in sorted order, skipping hidden ones.

    Folders that cannot be listed are reported as InputErrors.
    """
    found: list[Path] = []
    errors: list[InputError] = []

    def on_error(exc: OSError) -> None:
        errors.append(InputError(str(exc.filename or root), f"cannot list: {exc.strerror}"))

    for folder, dirs, files in os.walk(root, onerror=on_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file in files:
            path = Path(folder, file)
            if not _is_hidden(path.relative_to(root)) and kind_of(path) is not None:
                found.append(path)
    yield from errors
    yield from sorted(found, key=lambda p: p.relative_to(root).parts)
    if not found and not errors:
        names = ", ".join(sorted(EXTENSIONS))
        yield InputError(str(root), f"no input files found (looked for {names})")


def _read_sniffed(
    data: bytes,
    name: str,
    published: dt.date | None,
    outlet: str | None,
    source: str | None,
    fields: FieldKeys = DEFAULT_FIELDS,
) -> Iterator[Item]:
    """Read bytes of unknown kind: sniff HTML, JSON (lines) or plain text."""
    failure: InputError | None = None
    try:
        text = decode.decode_bytes(data, name)
    except InputError as error:
        # An HTML page may declare a legacy charset; only HTML gets a second chance.
        if not error.reason.startswith("not valid UTF-8"):
            raise
        text, failure = "", error
    kind = sniff_kind(text or data[:4096].decode("utf-8", "replace"))
    if kind == "html":
        html = decode_html(data, name) if failure is not None else text
        yield article_from_html(html, name, published=published, outlet=outlet, source_path=source)
    elif failure is not None:
        raise failure
    elif kind == "jsonl":
        yield from iter_json_handle(
            io.BytesIO(data),
            name,
            published=published,
            outlet=outlet,
            source_path=source,
            fields=fields,
        )
    else:
        yield article_from_text(text, name, published=published, outlet=outlet, source_path=source)


def read_stdin(
    published: dt.date | None = None,
    outlet: str | None = None,
    stream: BinaryIO | None = None,
    fields: FieldKeys = DEFAULT_FIELDS,
) -> Iterator[Item]:
    """Read standard input (or ``stream``), sniffing HTML, JSON lines or plain text.

    Yields InputErrors rather than raising them.
    """
    source = stream if stream is not None else sys.stdin.buffer
    limit = decode.MAX_FILE_BYTES
    data = source.read(limit + 1)
    if len(data) > limit:
        yield InputError(STDIN_NAME, decode.too_large_reason())
        return
    try:
        yield from _read_sniffed(data, STDIN_NAME, published, outlet, STDIN_NAME, fields)
    except InputError as error:
        yield error


def read_file(
    path: Path,
    published: dt.date | None = None,
    outlet: str | None = None,
    fields: FieldKeys = DEFAULT_FIELDS,
) -> Iterator[Item]:
    """Read one file with the reader its extension calls for (sniffed when unknown);
    ``fields`` says which keys of a JSON record hold what."""
    kind = kind_of(path)
    if kind == "jsonl":
        yield from iter_jsonl(path, published=published, outlet=outlet, fields=fields)
    elif kind == "parquet":
        yield from iter_parquet(path, published=published, outlet=outlet)
    elif kind == "html":
        yield read_html_file(path, published=published, outlet=outlet)
    elif kind == "text":
        yield read_text_file(path, published=published, outlet=outlet)
    else:
        name = str(path)
        data = decode.read_bytes(path, name)
        yield from _read_sniffed(data, name, published, outlet, name, fields)


def _read_one(
    path_text: str, published: dt.date | None, outlet: str | None, fields: FieldKeys
) -> Iterator[Item]:
    if path_text == STDIN:
        yield from read_stdin(published, outlet, fields=fields)
        return
    path = Path(path_text)
    if not path.is_dir():
        yield from read_file(path, published, outlet, fields)
        return
    for entry in iter_directory(path):
        if isinstance(entry, InputError):
            yield entry
        else:
            yield from _guarded(entry, published, outlet, fields)


def _unexpected(exc: Exception) -> str:
    """One-line reason for a failure no reader anticipated."""
    detail = " ".join(str(exc).split())[:200]
    return f"could not be read ({type(exc).__name__}: {detail})"


def _guarded(
    path: Path, published: dt.date | None, outlet: str | None, fields: FieldKeys
) -> Iterator[Item]:
    """Read one file, turning any failure into an InputError so the batch goes on."""
    name = str(path)
    try:
        yield from read_file(path, published, outlet, fields)
    except InputError as error:
        yield error
    except OSError as exc:
        yield InputError(name, f"cannot read the file: {exc.strerror or exc}")
    except Exception as exc:  # a reader bug on one odd file must not stop a whole batch
        yield InputError(name, _unexpected(exc))


def read_paths(
    paths: Sequence[str],
    published: dt.date | None = None,
    outlet: str | None = None,
    fields: FieldKeys = DEFAULT_FIELDS,
) -> Iterator[Article | InputError]:
    """Read every input in ``paths``: files, directories (recursively, sorted) and ``-``.

    Yields an Article per article read and an InputError per input (or record) that could
    not be read, and never raises for bad input. ``published`` and ``outlet`` fill in what
    an input does not say itself; ``fields`` says which keys of a JSON record hold what.
    """
    for path_text in paths:
        try:
            yield from _read_one(path_text, published, outlet, fields)
        except InputError as error:
            yield error
        except OSError as exc:
            name = STDIN_NAME if path_text == STDIN else path_text
            yield InputError(name, f"cannot read: {exc.strerror or exc}")
        except Exception as exc:  # a reader bug on one odd input must not stop a whole batch
            yield InputError(path_text, _unexpected(exc))
