"""Parquet reader: columns as JSON-lines keys, per-row errors, damaged files, streaming."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from itertools import count
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_samples import PLAIN_WITH_HEADLINE, TAGGED_PAGE, Writer

import newsevents.ingest.decode as decode
import newsevents.ingest.parquet as parquet_reader
from newsevents.errors import InputError
from newsevents.ingest import iter_jsonl, iter_parquet, read_paths
from newsevents.ingest.notices import warnings_to
from newsevents.model import Article

GOOD: dict[str, Any] = {
    "id": "rec-1",
    "title": "Rebels shell frontline town",
    "text": "Rebels shelled a frontline town on Tuesday, wounding nine civilians, officials said.",
    "url": "https://wire.example.test/story/77",
    "outlet": "Example Wire",
    "published": "2022-11-08",
    "tags": ["Ukraine", "Shelling"],
}
BODY = "Police arrested six people after a protest in the capital turned violent, officials said."


def _write(path: Path, columns: Mapping[str, Any], **options: Any) -> Path:
    """Write ``columns`` (name -> list or Arrow array) as a Parquet file at ``path``."""
    pq.write_table(pa.table(dict(columns)), path, **options)
    return path


def _split(items: Sequence[Article | InputError]) -> tuple[list[Article], list[InputError]]:
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, InputError)],
    )


def test_all_fields_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.parquet", {key: [value] for key, value in GOOD.items()})
    [article] = list(iter_parquet(path))
    assert isinstance(article, Article)
    assert article.id == "rec-1"
    assert article.title == "Rebels shell frontline town"
    assert article.text == f"Rebels shell frontline town\n\n{GOOD['text']}"
    assert article.url == GOOD["url"]
    assert article.outlet == "Example Wire"
    assert article.published == dt.date(2022, 11, 8)
    assert article.tags == ["Ukraine", "Shelling"]
    assert article.source_path == str(path)


def test_only_text_is_required(tmp_path: Path) -> None:
    [article] = list(iter_parquet(_write(tmp_path / "a.parquet", {"text": [TAGGED_PAGE]})))
    assert isinstance(article, Article)
    assert article.title == "Militants Raid Village Near Lake Chad"
    assert article.tags == ["Nigeria", "Boko Haram"]
    assert len(article.id) == 16
    assert article.url is None and article.published is None


def test_integer_ids_and_defaults_for_what_a_row_lacks(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "a.parquet",
        {
            "text": [BODY, BODY + " Two were hurt."],
            "id": pa.array([42, None], pa.int64()),
            "outlet": ["Daily Example", None],
            "published": ["2024-01-02", None],
        },
    )
    first, second = iter_parquet(path, published=dt.date(2020, 5, 6), outlet="Fallback")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.outlet, first.published) == ("42", "Daily Example", dt.date(2024, 1, 2))
    assert (second.outlet, second.published) == ("Fallback", dt.date(2020, 5, 6))
    assert len(second.id) == 16


def test_missing_text_column_is_one_error_naming_the_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.parquet", {"body": [BODY], "title": ["Arrests"]})
    [error] = list(iter_parquet(path))
    assert isinstance(error, InputError)
    assert error.path == str(path)
    assert error.reason == "no 'text' column (columns: body, title)"


def test_text_column_of_numbers_is_one_error(tmp_path: Path) -> None:
    [error] = list(iter_parquet(_write(tmp_path / "a.parquet", {"text": [1, 2, 3]})))
    assert isinstance(error, InputError)
    assert error.reason == "the 'text' column holds int64, not strings"


@pytest.mark.parametrize("names", [["text", "text"], ["text", "url", "url"]])
def test_a_repeated_column_is_one_error(tmp_path: Path, names: list[str]) -> None:
    path = tmp_path / "a.parquet"
    pq.write_table(pa.Table.from_arrays([pa.array([BODY])] * len(names), names=names), path)
    [error] = list(iter_parquet(path))
    assert isinstance(error, InputError)
    assert error.reason == f"more than one '{names[-1]}' column"


def test_bad_rows_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "mixed.parquet",
        {
            "text": [BODY, None, "   ", BODY + " One.", BODY + " Two.", "Troops fired.", BODY],
            "published": ["2024-03-05", None, None, "someday", None, None, None],
            "url": pa.array([None, None, None, None, None, None, None], pa.string()),
        },
    )
    items = list(iter_parquet(path))
    articles, errors = _split(items)
    assert len(items) == 7
    assert articles[0].text == BODY
    assert len(articles) == 4
    assert [e.path for e in errors] == [f"{path}: row {n}" for n in (2, 3, 4)]
    assert str(errors[0]) == f'{path}: row 2: missing or empty "text" field'
    assert errors[2].reason.startswith("field \"published\": cannot read date 'someday'")


def test_wrong_types_in_a_row_are_errors(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.parquet", {"text": [BODY, BODY], "url": [None, 7]})
    first, second = iter_parquet(path)
    assert isinstance(first, Article)
    assert isinstance(second, InputError)
    assert str(second) == f'{path}: row 2: field "url" must be a string, not a number'


def test_published_as_string_date_and_timestamps(tmp_path: Path) -> None:
    texts = [BODY] * 4
    moment = dt.datetime(2024, 3, 6, 23, 10, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    columns: dict[str, pa.Array] = {
        "string": pa.array(["March 5, 2024", None, "2024-03-06T23:10:00+03:00", "2024-02-29"]),
        "date32": pa.array([dt.date(2024, 3, 5), None, dt.date(2024, 3, 6), dt.date(2024, 2, 29)]),
        # 23:10 at +03:00 is 20:10 UTC the same day; 00:30 at +03:00 is the day before in UTC.
        "timestamp-ns-tz": pa.array(
            [
                dt.datetime(2024, 3, 5, 12, 0, tzinfo=dt.UTC),
                None,
                moment,
                dt.datetime(2024, 2, 29, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))),
            ],
            pa.timestamp("ns", tz="+03:00"),
        ),
        "timestamp-ms": pa.array(
            [
                dt.datetime(2024, 3, 5, 8),
                None,
                dt.datetime(2024, 3, 6, 23, 59),
                dt.datetime(2024, 2, 29),
            ],
            pa.timestamp("ms"),
        ),
    }
    for label, dates in columns.items():
        path = _write(tmp_path / f"{label}.parquet", {"text": texts, "published": dates})
        articles, errors = _split(list(iter_parquet(path, published=dt.date(2000, 1, 1))))
        assert errors == [], label
        found = [a.published for a in articles]
        expected = [
            dt.date(2024, 3, 5),
            dt.date(2000, 1, 1),
            dt.date(2024, 3, 6),
            dt.date(2024, 2, 29),
        ]
        assert found == expected, label


def test_an_out_of_range_date_is_absent_with_a_warning(tmp_path: Path) -> None:
    dates = pa.array([0, 10**12, 86400], pa.timestamp("s"))
    path = _write(tmp_path / "a.parquet", {"text": [BODY] * 3, "published": dates})
    warned: list[tuple[str, str]] = []
    with warnings_to(lambda name, reason: warned.append((name, reason))):
        first, second, third = iter_parquet(path, published=dt.date(2020, 1, 1))
    assert isinstance(first, Article) and first.published == dt.date(1970, 1, 1)
    # Treated as absent: the date given for inputs without one applies.
    assert isinstance(second, Article) and second.published == dt.date(2020, 1, 1)
    assert isinstance(third, Article) and third.published == dt.date(1970, 1, 2)
    assert [name for name, _ in warned] == [f"{path}: row 2"]
    assert warned[0][1].startswith('field "published"')
    assert warned[0][1].endswith("it is treated as absent")


def test_binary_text_column_is_read_as_utf8(tmp_path: Path) -> None:
    texts = pa.array([BODY.encode(), b"\xff\xfe bad", PLAIN_WITH_HEADLINE.encode()], pa.binary())
    first, second, third = iter_parquet(_write(tmp_path / "a.parquet", {"text": texts}))
    assert isinstance(first, Article) and first.text == BODY
    assert isinstance(second, InputError)
    assert second.reason.startswith('field "text": cannot read the value (not valid UTF-8')
    assert (
        isinstance(third, Article)
        and third.title == "Police Arrest Six After Protest Turns Violent"
    )


def test_dictionary_encoded_columns(tmp_path: Path) -> None:
    outlets = pa.array(["Wire", "Wire", None]).dictionary_encode()
    path = _write(tmp_path / "a.parquet", {"text": [BODY] * 3, "outlet": outlets})
    assert [a.outlet for a in iter_parquet(path) if isinstance(a, Article)] == [
        "Wire",
        "Wire",
        None,
    ]


def test_text_over_the_size_limit_is_an_error_for_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 200)
    path = _write(tmp_path / "a.parquet", {"text": [BODY, "é" * 150, "Gunmen attacked a bus."]})
    first, second, third = iter_parquet(path)
    assert isinstance(first, Article) and isinstance(third, Article)
    assert isinstance(second, InputError) and second.path == f"{path}: row 2"
    # 150 characters, but 300 bytes of UTF-8.
    assert second.reason == '"text" is too large (300 bytes); the limit is 200 bytes'


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (os.urandom(300).lstrip(b"P"), "not a Parquet file (it does not start with PAR1)"),
        (json.dumps(GOOD).encode(), "not a Parquet file (it does not start with PAR1)"),
        (b"", "empty file (0 bytes), not a Parquet file"),
    ],
)
def test_a_file_that_is_not_parquet_is_one_error(
    write: Writer, content: bytes, reason: str
) -> None:
    path = write("corrupt.parquet", content)
    [error] = list(iter_parquet(path))
    assert isinstance(error, InputError)
    assert (error.path, error.reason) == (str(path), reason)
    assert [str(e) for e in read_paths([str(path)])] == [str(error)]


def test_a_truncated_file_is_one_error(tmp_path: Path) -> None:
    whole = _write(tmp_path / "whole.parquet", {"text": [BODY] * 50})
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    [error] = list(iter_parquet(cut))
    assert isinstance(error, InputError)
    assert error.reason.startswith("damaged or truncated Parquet file (")
    assert "\n" not in str(error)


def test_a_damaged_page_stops_the_file_with_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches span row groups: small ones let the rows before the damage come through.
    monkeypatch.setattr(parquet_reader, "BATCH_ROWS", 10)
    path = _write(
        tmp_path / "a.parquet",
        {"text": [f"{BODY} Report {n}." for n in range(40)]},
        row_group_size=10,
        compression="none",
    )
    meta = pq.ParquetFile(path).metadata
    # Overwrite the page header of the third row group's text column with junk.
    offset = meta.row_group(2).column(0).data_page_offset
    data = bytearray(path.read_bytes())
    data[offset : offset + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))
    items = list(iter_parquet(path))
    articles, errors = _split(items)
    assert len(articles) == 20
    assert len(errors) == 1
    assert errors[0].path == str(path)
    assert errors[0].reason.startswith("damaged Parquet file after row 20 (")
    assert items[-1] is errors[0]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    [missing] = list(iter_parquet(tmp_path / "nope.parquet"))
    assert isinstance(missing, InputError) and missing.reason == "no such file or directory"
    folder = tmp_path / "folder.parquet"
    folder.mkdir()
    [error] = list(iter_parquet(folder))
    assert isinstance(error, InputError) and error.reason == "is a directory, not a file"


def test_a_file_without_rows_is_one_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.parquet", {"text": pa.array([], pa.string())})
    [error] = list(iter_parquet(path))
    assert isinstance(error, InputError) and error.reason == "empty file (no rows)"


def test_directory_with_parquet_and_text_files(tmp_path: Path, write: Writer) -> None:
    (tmp_path / "b").mkdir()
    _write(tmp_path / "b" / "c.parquet", {"text": [BODY, "Gunmen attacked a bus."]})
    write("a.txt", PLAIN_WITH_HEADLINE)
    write("d.PARQUET", b"not parquet")
    items = list(read_paths([str(tmp_path)]))
    articles, errors = _split(items)
    sources = [Path(a.source_path or "").relative_to(tmp_path).as_posix() for a in articles]
    assert sources == ["a.txt", "b/c.parquet", "b/c.parquet"]
    assert [a.text for a in articles[1:]] == [BODY, "Gunmen attacked a bus."]
    assert [(e.path, e.reason) for e in errors] == [
        (str(tmp_path / "d.PARQUET"), "not a Parquet file (it does not start with PAR1)")
    ]


class _Counted:
    """Wraps ParquetFile.iter_batches to record the columns asked for and batches pulled."""

    def __init__(self) -> None:
        self.pulled = 0
        self.calls: list[dict[str, Any]] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = pq.ParquetFile.iter_batches

        def iter_batches(parquet: pq.ParquetFile, **kwargs: Any) -> Iterator[pa.RecordBatch]:
            self.calls.append(kwargs)
            for batch in original(parquet, **kwargs):
                self.pulled += 1
                yield batch

        monkeypatch.setattr(pq.ParquetFile, "iter_batches", iter_batches)


def test_rows_are_streamed_batch_by_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = 400
    path = _write(
        tmp_path / "many.parquet",
        {
            "text": [f"{BODY} Report {n}." for n in range(rows)],
            "raw_html": ["<p>" + "x" * 100 + "</p>"] * rows,
            "title": [f"Arrests {n}" for n in range(rows)],
        },
        row_group_size=20,
    )
    assert pq.ParquetFile(path).metadata.num_row_groups == 20
    monkeypatch.setattr(parquet_reader, "BATCH_ROWS", 10)
    counter = _Counted()
    counter.install(monkeypatch)
    items = iter_parquet(path)
    first = next(items)
    assert isinstance(first, Article) and first.title == "Arrests 0"
    assert counter.pulled == 1
    assert counter.calls == [{"batch_size": 10, "columns": ["text", "title"]}]
    rest = list(items)
    assert counter.pulled == rows // 10
    assert [a.title for a in rest if isinstance(a, Article)] == [
        f"Arrests {n}" for n in range(1, rows)
    ]


# Parquet strings are UTF-8, so lone surrogates cannot be written.
_STRINGS = st.text(st.characters(codec="utf-8"), max_size=40)
_TEXTS = _STRINGS | st.sampled_from([BODY, TAGGED_PAGE, PLAIN_WITH_HEADLINE, " ", "Share this:"])
_ROWS = st.lists(
    st.tuples(_TEXTS, st.none() | _STRINGS, st.none() | _STRINGS | st.just("https://x.test/a")),
    min_size=1,
    max_size=6,
)
_counter = count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the whole module (hypothesis runs many examples per test)."""
    return tmp_path_factory.mktemp("parquet-props")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_ROWS)
def test_each_row_reads_as_the_same_json_record_would(
    folder: Path, rows: list[tuple[str, str | None, str | None]]
) -> None:
    number = next(_counter)
    records = [{"text": text, "title": title, "url": url} for text, title, url in rows]
    table = pa.table(
        {key: pa.array([r[key] for r in records], pa.string()) for key in ("text", "title", "url")}
    )
    parquet_path = folder / f"p{number}.parquet"
    pq.write_table(table, parquet_path)
    jsonl_path = folder / f"p{number}.jsonl"
    jsonl_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    from_parquet = list(iter_parquet(parquet_path))
    from_jsonl = list(iter_jsonl(jsonl_path))
    assert len(from_parquet) == len(rows) == len(from_jsonl)
    for n, (mine, theirs) in enumerate(zip(from_parquet, from_jsonl, strict=True), start=1):
        if isinstance(theirs, Article):
            assert isinstance(mine, Article)
            assert mine.source_path == str(parquet_path)
            assert mine.model_copy(update={"source_path": None}) == theirs.model_copy(
                update={"source_path": None}
            )
        else:
            assert isinstance(mine, InputError)
            assert (mine.path, mine.reason) == (f"{parquet_path}: row {n}", theirs.reason)
