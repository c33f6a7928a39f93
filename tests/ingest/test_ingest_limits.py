"""Input limits checked where inputs are read: special files, text length, dates, URLs, ids,
types in JSON lines, files that change during a run."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_samples import PLAIN_WITH_HEADLINE, Writer

from newsevents.errors import InputError
from newsevents.ingest import read_paths
from newsevents.ingest.notices import warnings_to
from newsevents.limits import MAX_ID_CHARS, MAX_TEXT_CHARS
from newsevents.model import Article

SENTENCE = "Gunmen attacked a village near Gao on Sunday, killing four people. "


def _read_within(paths: list[str], seconds: float = 20.0) -> list[Article | InputError]:
    """read_paths, failing the test (instead of hanging) if it blocks."""
    found: list[Article | InputError] = []
    reader = threading.Thread(target=lambda: found.extend(read_paths(paths)), daemon=True)
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), "reading blocked"
    return found


def _errors(items: list[Article | InputError]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def _warnings(paths: list[str]) -> tuple[list[Article | InputError], list[str]]:
    said: list[str] = []
    with warnings_to(lambda name, reason: said.append(f"{name}: {reason}")):
        items = list(read_paths(paths))
    return items, said


def test_a_fifo_is_skipped_without_being_opened(tmp_path: Path, write: Writer) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "alone")
    good = write("in/story.txt", PLAIN_WITH_HEADLINE)
    items = _read_within([str(tmp_path / "alone"), str(folder)])
    errors = _errors(items)
    assert [e.path for e in errors] == [str(tmp_path / "alone"), str(folder / "pipe.txt")]
    assert all(e.reason.startswith("not a regular file (a FIFO (named pipe))") for e in errors)
    assert [a.source_path for a in items if isinstance(a, Article)] == [str(good)]


@pytest.mark.parametrize("name", ["feed.jsonl", "table.parquet", "page.html", "file"])
def test_every_reader_refuses_a_fifo(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    [error] = _read_within([str(tmp_path / name)])
    assert isinstance(error, InputError)
    assert error.reason == "not a regular file (a FIFO (named pipe)); skipped without reading it"


def test_a_socket_and_a_device_are_skipped(tmp_path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.txt"))
        items = _read_within([str(tmp_path / "s.txt"), "/dev/null"])
    finally:
        server.close()
    reasons = [e.reason for e in _errors(items)]
    assert reasons == [
        "not a regular file (a socket); skipped without reading it",
        "not a regular file (a character device); skipped without reading it",
    ]


def test_a_symlink_loop_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    [error] = _read_within([str(tmp_path / "loop.txt")])
    assert isinstance(error, InputError)
    assert error.reason.startswith("cannot read the file: Too many levels of symbolic links")


def test_a_file_removed_during_the_run_is_one_error(tmp_path: Path, write: Writer) -> None:
    write("in/a.txt", PLAIN_WITH_HEADLINE)
    write("in/b.txt", PLAIN_WITH_HEADLINE.replace("six", "seven"))
    write("in/c.txt", PLAIN_WITH_HEADLINE.replace("six", "eight"))
    items: Iterator[Article | InputError] = read_paths([str(tmp_path / "in")])
    first = next(items)
    (tmp_path / "in" / "b.txt").unlink()
    rest = list(items)
    assert isinstance(first, Article)
    assert [type(i).__name__ for i in rest] == ["InputError", "Article"]
    assert str(rest[0]) == f"{tmp_path / 'in' / 'b.txt'}: no such file or directory"


def test_text_over_the_limit_is_refused_with_the_limit(write: Writer) -> None:
    body = (SENTENCE * (MAX_TEXT_CHARS // len(SENTENCE) + 2)).strip()
    path = write("long.txt", body)
    at_limit = write("fits.txt", body[:MAX_TEXT_CHARS])
    huge = write("huge.jsonl", json.dumps({"text": body * 5}) + "\n")
    items = list(read_paths([str(path), str(at_limit), str(huge)]))
    assert isinstance(items[1], Article)
    for error, size in ((items[0], len(body)), (items[2], len(body) * 5)):
        assert isinstance(error, InputError)
        assert error.reason == (
            f"text too long ({size:,} characters; the limit is 1,000,000): split it into articles"
        )
    assert items[2].path.startswith(str(huge))


def test_dates_outside_the_accepted_years_are_absent_with_a_warning(write: Writer) -> None:
    records = [
        {"text": PLAIN_WITH_HEADLINE, "published": "0001-01-01"},
        {"text": PLAIN_WITH_HEADLINE, "published": "9999-12-31T23:59:59"},
        {"text": PLAIN_WITH_HEADLINE, "published": "2024-03-05"},
    ]
    path = write("a.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    items, said = _warnings([str(path)])
    assert [a.published for a in items if isinstance(a, Article)] == [
        None,
        None,
        dt.date(2024, 3, 5),
    ]
    assert said == [
        f"{path}:1: publication date 0001-01-01 is outside 1900-2100; it is treated as absent",
        f"{path}:2: publication date 9999-12-31 is outside 1900-2100; it is treated as absent",
    ]


def test_every_reader_drops_a_date_outside_the_years_with_a_warning() -> None:
    from newsevents.ingest.build import build_article

    said: list[str] = []
    with warnings_to(lambda name, reason: said.append(f"{name}: {reason}")):
        late = dt.date(9999, 1, 1)
        article = build_article(PLAIN_WITH_HEADLINE, name="page.html", published=late)
        kept = build_article(PLAIN_WITH_HEADLINE, name="b.html", published=dt.date(2100, 12, 31))
    assert article.published is None and kept.published == dt.date(2100, 12, 31)
    assert said == [
        "page.html: publication date 9999-01-01 is outside 1900-2100; it is treated as absent"
    ]


def test_a_url_that_does_not_parse_is_kept_as_text(write: Writer) -> None:
    from newsevents.fuse.profile import outlet_of

    records = [{"text": PLAIN_WITH_HEADLINE, "url": url} for url in ("http://[::1/x", "http://[")]
    path = write("a.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    articles = list(read_paths([str(path)]))
    assert [a.url for a in articles if isinstance(a, Article)] == ["http://[::1/x", "http://["]
    first, second = articles
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id != second.id
    assert outlet_of(first) is None


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": 12}, 'field "text" must be a string, not a number'),
        ({"text": ["a", "b"]}, 'field "text" must be a string, not an array'),
        ({"text": {"body": "x"}}, 'field "text" must be a string, not an object'),
        ({"text": True}, 'field "text" must be a string, not a boolean'),
        ({"text": None}, 'missing or empty "text" field'),
        (
            {"sample": {"text": "Gunmen attacked a village."}},
            'no "text" field at the top level (there is one inside "sample"); '
            "read it with --field text=sample.text",
        ),
        ({"text": "A report.", "id": "x" * (MAX_ID_CHARS + 1)}, 'field "id" is too long'),
        ({"text": "A report.", "id": "a\u0000b"}, 'field "id" holds control characters'),
        ({"text": "A report.", "id": [1]}, 'field "id" must be a string or integer, not an array'),
        ({"text": "A report.", "published": 1700000000}, 'field "published" must be a string'),
        ("a string", "not a JSON object (found a string)"),
    ],
)
def test_wrong_types_in_json_lines_give_a_clear_reason(
    write: Writer, record: object, reason: str
) -> None:
    path = write("a.jsonl", json.dumps(record) + "\n")
    [error] = list(read_paths([str(path)]))
    assert isinstance(error, InputError) and error.path == f"{path}:1"
    assert error.reason.startswith(reason)


def test_deep_nesting_is_one_error_per_line(write: Writer) -> None:
    deep = "[" * 200_000 + "]" * 200_000
    path = write("a.jsonl", f"{deep}\n" + json.dumps({"text": PLAIN_WITH_HEADLINE}) + "\n")
    first, second = read_paths([str(path)])
    assert isinstance(first, InputError) and first.path == f"{path}:1"
    assert first.reason == "not valid JSON (nested too deeply)"
    assert isinstance(second, Article)
