"""JSON-lines reader: records, per-line errors that do not stop the file, JSON documents."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ingest_samples import TAGGED_PAGE, Writer

import newsevents.ingest.decode as decode
from newsevents.errors import InputError
from newsevents.ingest import iter_jsonl
from newsevents.model import Article

GOOD = {
    "id": "rec-1",
    "title": "Rebels shell frontline town",
    "text": "Rebels shelled a frontline town on Tuesday, wounding nine civilians, officials said.",
    "url": "https://wire.example.test/story/77",
    "outlet": "Example Wire",
    "published": "2022-11-08",
}


def _lines(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


def test_record_fields_are_read(write: Writer) -> None:
    [article] = list(iter_jsonl(write("a.jsonl", _lines(GOOD))))
    assert isinstance(article, Article)
    assert article.id == "rec-1"
    assert article.title == "Rebels shell frontline town"
    assert article.text == f"Rebels shell frontline town\n\n{GOOD['text']}"
    assert article.url == GOOD["url"]
    assert article.outlet == "Example Wire"
    assert article.published == dt.date(2022, 11, 8)
    assert article.source_path is not None and article.source_path.endswith("a.jsonl")


@pytest.mark.parametrize(
    "key", ["date", "dct", "publish_date", "published_at", "datePublished", "pubDate"]
)
def test_the_publication_date_is_read_under_other_names(write: Writer, key: str) -> None:
    record = {"doc_id": "gva-7", "text": GOOD["text"], key: "2014-02-18T10:30:00"}
    [article] = list(iter_jsonl(write("a.jsonl", _lines(record))))
    assert isinstance(article, Article)
    assert article.published == dt.date(2014, 2, 18)
    assert article.id == "gva-7"


def test_published_comes_before_the_other_names(write: Writer) -> None:
    record = {"text": GOOD["text"], "date": "2001-01-01", "published": "2022-11-08"}
    [article] = list(iter_jsonl(write("a.jsonl", _lines(record))))
    assert isinstance(article, Article) and article.published == dt.date(2022, 11, 8)


def test_an_unreadable_date_names_the_field_it_came_from(write: Writer) -> None:
    [error] = list(iter_jsonl(write("a.jsonl", _lines({"text": GOOD["text"], "dct": "soon"}))))
    assert isinstance(error, InputError) and '"dct"' in str(error)


def test_only_text_is_required(write: Writer) -> None:
    [article] = list(iter_jsonl(write("a.jsonl", _lines({"text": TAGGED_PAGE}))))
    assert isinstance(article, Article)
    assert article.title == "Militants Raid Village Near Lake Chad"
    assert article.tags == ["Nigeria", "Boko Haram"]
    assert len(article.id) == 16


def test_written_and_timestamp_dates(write: Writer) -> None:
    records = [
        {"text": "Gunmen attacked a bus.", "published": "March 5, 2024"},
        {"text": "Gunmen attacked a truck.", "published": "2024-03-06T23:10:00+03:00"},
    ]
    items = list(iter_jsonl(write("d.jsonl", _lines(*records))))
    assert [a.published for a in items if isinstance(a, Article)] == [
        dt.date(2024, 3, 5),
        dt.date(2024, 3, 6),
    ]


def test_bad_lines_are_reported_and_the_rest_read(write: Writer) -> None:
    path = write(
        "mixed.jsonl",
        _lines(
            GOOD,
            "{not json",
            {"title": "no text here"},
            ["a", "list"],
            {"text": "Troops fired on protesters.", "published": "someday"},
            {"text": "Troops fired on protesters.", "title": 5},
            "",
            {"text": "Police detained a journalist in the capital."},
        ),
    )
    items = list(iter_jsonl(path))
    errors = [i for i in items if isinstance(i, InputError)]
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 2
    assert [e.path for e in errors] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    assert "not valid JSON" in errors[0].reason
    assert '"text"' in errors[1].reason
    assert "not a JSON object" in errors[2].reason
    assert "published" in errors[3].reason and "YYYY-MM-DD" in errors[3].reason
    assert '"title" must be a string' in errors[4].reason
    for error in errors:
        assert "\n" not in str(error)
        assert str(error) == f"{error.path}: {error.reason}"


def test_bad_utf8_line_is_reported(write: Writer) -> None:
    data = (json.dumps(GOOD) + "\n").encode() + b'{"text": "caf\xe9"}\n'
    items = list(iter_jsonl(write("enc.jsonl", data)))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], InputError)
    assert items[1].reason.startswith("not valid UTF-8 (byte 0xE9 at offset 13 of the line")


def test_numeric_id_is_kept(write: Writer) -> None:
    [article] = list(iter_jsonl(write("n.jsonl", _lines({"id": 42, "text": "A raid."}))))
    assert isinstance(article, Article) and article.id == "42"


def test_json_array_document(write: Writer) -> None:
    doc = json.dumps([GOOD, {"text": ""}], indent=2)
    items = list(iter_jsonl(write("arr.json", doc)))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], InputError) and items[1].path.endswith("arr.json[1]")


def test_pretty_printed_object_document(write: Writer) -> None:
    [article] = list(iter_jsonl(write("one.json", json.dumps(GOOD, indent=2))))
    assert isinstance(article, Article) and article.id == "rec-1"


def test_oversized_line_is_reported(write: Writer, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("big.jsonl", _lines({"text": "x " * 200}, {"text": "A short report."}))
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 100)
    items = list(iter_jsonl(path))
    assert isinstance(items[0], InputError) and "too large" in items[0].reason
    assert items[0].path == f"{path}:1"
    assert isinstance(items[1], Article)


def test_markup_in_a_record_text_is_read_as_a_page_is(write: Writer) -> None:
    markup = {
        **GOOD,
        "text": (
            "<p>A court in Lagos on Monday sentenced two men.</p>"
            '<p>Police said <a href="/x">gunmen</a> killed three villagers &amp; a guard.</p>'
            "<script>track()</script>"
        ),
    }
    [article] = list(iter_jsonl(write("m.jsonl", _lines(markup))))
    assert isinstance(article, Article)
    assert "<" not in article.text and "track" not in article.text
    assert article.text.endswith(
        "A court in Lagos on Monday sentenced two men.\n\n"
        "Police said gunmen killed three villagers & a guard."
    )


def test_plain_text_with_angle_brackets_is_left_alone() -> None:
    from newsevents.ingest.html_fallback import has_markup

    assert not has_markup("Turnout was < 40 % and support > 60 % in the capital.")
    assert not has_markup("Rebels shelled the town. <3 from the newsroom")
    assert has_markup("Rebels shelled the town.<br/>Nine were hurt.")
