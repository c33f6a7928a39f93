"""Packed values on SQLite: article text, records packed against their article, formats."""

from __future__ import annotations

import hashlib

import orjson
import pytest
from store_factory import Story

from newsevents.store.records import (
    RECORD_V1,
    load_event,
    load_record,
    pack_record,
    record_json,
    unpack_record,
)
from newsevents.store.types import pack_text, unpack_text
from newsevents.store.zdict import ZDICT_V1, ZDICT_V1_SHA256


def test_the_record_dictionary_is_frozen() -> None:
    # Rows packed with it must stay readable: add a new version instead of editing it.
    assert hashlib.sha256(ZDICT_V1).hexdigest() == ZDICT_V1_SHA256


def test_text_round_trip_and_plain_text_passes() -> None:
    text = "Gunmen killed four soldiers near Gao. \u00e9\u4e2d \ud83d\ude00" * 20
    packed = pack_text(text)
    assert packed[:1] == b"\x02" and len(packed) < len(text)
    assert unpack_text(packed) == text
    assert unpack_text("plain") == "plain" and unpack_text(b"plain bytes") == "plain bytes"


def test_record_round_trip_needs_its_article() -> None:
    res = Story("a1", claimant="JNIM").result()
    event, article = res.events[0], res.article.text
    data = record_json(event)
    packed = pack_record(data, article)
    assert packed[0] == RECORD_V1
    assert unpack_record(packed, article) == data
    assert load_event(packed, article) == event
    # Quotes of the article cost almost nothing: smaller than packing the record alone.
    assert len(packed) < len(pack_record(data, ""))
    with pytest.raises(Exception):  # noqa: B017 - zlib's error for a wrong dictionary
        unpack_record(packed, "another article")


def test_plain_json_records_and_postgres_dicts_load() -> None:
    event = Story("a1").result().events[0]
    plain = event.model_dump(mode="json")
    assert load_record(plain, None) == plain
    assert load_event(orjson.dumps(plain), None) == event
    with pytest.raises(ValueError, match="unknown stored record format"):
        unpack_record(b"\x09junk", "")
    with pytest.raises(ValueError, match="needs its article"):
        load_record(pack_record(b"{}", "x"), None)


def test_stored_records_leave_out_nulls_only() -> None:
    event = Story("a1", day=None, killed=None).result().events[0]
    data = orjson.loads(record_json(event))
    assert "time" not in data and "killed" not in data and "mode" in data
    assert data["roles"][1].get("actor_id") is None and "confidence" in data["roles"][0]
