"""Which keys of a JSON record hold which field."""

from __future__ import annotations

import pytest

from newsevents.errors import NewsEventsError
from newsevents.ingest.fields import DEFAULT_FIELDS, lookup, parse_field_options


def test_lookup_reads_a_key_as_written_then_a_dotted_path() -> None:
    record = {"a.b": 1, "a": {"b": 2, "c": {"d": 3}}}
    assert lookup(record, "a.b") == 1
    assert lookup(record, "a.c.d") == 3
    assert lookup(record, "a.x") is None
    assert lookup({"a": "text"}, "a.b") is None


def test_the_first_key_present_wins() -> None:
    record = {"dct": "2014-02-18", "date": None, "pubDate": "2001-01-01"}
    assert DEFAULT_FIELDS.find(record, "published") == ("dct", "2014-02-18")
    assert DEFAULT_FIELDS.find({}, "published") is None


def test_field_options_replace_the_keys_of_a_field() -> None:
    fields = parse_field_options(["published=meta.when", "text = sample.text"])
    assert fields.of("published") == ("meta.when",)
    assert fields.of("text") == ("sample.text",)
    assert fields.of("title") == DEFAULT_FIELDS.of("title")


@pytest.mark.parametrize("option", ["text", "=x", "text=", "body=sample.text"])
def test_bad_field_options_say_why(option: str) -> None:
    with pytest.raises(NewsEventsError, match="--field"):
        parse_field_options([option])
