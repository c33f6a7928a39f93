"""GET /api/events and /api/events/{id}: shape, filters, formats, paging, errors."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from api_factory import ORDER, STORIES, assert_error, make_client
from store_factory import Story

from newsevents.cli.events import CSV_COLUMNS
from newsevents.model import Event
from newsevents.store.db import Database
from newsevents.store.write import store_articles

SUMMARY_KEYS = {
    "id", "incident_id", "article_id", "event_type", "mode", "modality", "aggregate",
    "event_date",
    "latitude", "longitude", "country_iso3", "admin1", "location", "fatalities",
    "perpetrators", "targets", "title", "outlet", "url", "confidence",
}  # fmt: skip


def _ids(client: Any, **params: Any) -> list[str]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()["events"]]


def test_list_is_the_envelope_of_summaries_newest_first(client: Any) -> None:
    body = client.get("/api/events").json()
    assert body.keys() == {"ok", "count", "total", "next", "events"}
    assert body["ok"] is True and body["count"] == body["total"] == len(ORDER)
    assert body["next"] is None
    assert [e["id"] for e in body["events"]] == ORDER
    mopti = body["events"][2]
    assert mopti.keys() == SUMMARY_KEYS
    assert mopti == mopti | {
        "article_id": "mopti", "event_type": "ASSAULT", "mode": "firearms",
        "modality": "asserted", "aggregate": False, "event_date": "2020-06-01",
        "latitude": 14.49,
        "longitude": -4.18, "country_iso3": "MLI", "admin1": "Gao Region", "location": "Mopti",
        "fatalities": 3, "title": "Attack near Mopti", "outlet": "Sahel Wire",
        "url": "https://example.org/mopti", "confidence": 0.75,
        "perpetrators": [{"name": "al-Shabab", "actor_id": "al_shabaab"}],
        "targets": [{"name": "three farmers", "actor_id": None}],
    }  # fmt: skip
    assert isinstance(mopti["incident_id"], int)
    raid = body["events"][-1]
    assert raid["event_date"] is None and raid["latitude"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "al-Shabaab"}, ["mopti-e0"]),
        ({"actor": "Hamas"}, ["borno-e0"]),
        ({"actor": "islamic state fighters"}, ["gao2-e0"]),
        ({"type": "COERCE"}, ["borno-e1", "raid-e0"]),
        ({"type": "ASSAULT/explosives"}, ["borno-e0"]),
        ({"country": "Nigeria"}, ["borno-e0", "raid-e0"]),
        ({"type": "ASSAULT", "country": "MLI"}, ["gao2-e0", "gao-e0", "mopti-e0"]),
        ({"since": "2020-01-01"}, ["gao2-e0", "gao-e0", "mopti-e0"]),
        ({"since": "2019-01-01", "until": "2020-12-31"}, ["mopti-e0", "borno-e1", "borno-e0"]),
        ({"near": "14.5,-4.2,50"}, ["mopti-e0"]),
        ({"text": "farmers"}, ["mopti-e0"]),
        ({"country": "", "text": " "}, ORDER),
    ],
)
def test_filters_mean_what_newsevents_events_means(
    client: Any, params: dict[str, str], expected: list[str]
) -> None:
    assert _ids(client, **params) == expected
    assert client.get("/api/events", params=params).json()["total"] == len(expected)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"type": "PUNCH"}, ["type", "PUNCH"]),
        ({"country": "Atlantis"}, ["country", "ISO 3166-1"]),
        ({"since": "yesterday"}, ["since", "YYYY-MM-DD"]),
        ({"until": "2021-02-30"}, ["until", "YYYY-MM-DD"]),
        ({"since": "2021-01-02", "until": "2021-01-01"}, ["since", "after until"]),
        ({"near": "12,13"}, ["near", "LAT,LON,KM"]),
        ({"near": "91,0,10"}, ["near", "latitude"]),
        ({"text": "!!!"}, ["text", "no words"]),
        ({"limit": "0"}, ["limit", "greater than or equal to 1"]),
        ({"limit": "1001"}, ["limit", "1000"]),
        ({"limit": "many"}, ["limit", "integer"]),
        ({"format": "xml"}, ["format", "json, jsonl, csv, geojson"]),
        ({"contry": "MLI"}, ["contry", "unknown parameter", "country"]),
        ({"next": "bm90LWEtdG9rZW4"}, ["next", "token"]),
        ({"next": "%%%"}, ["next", "token"]),
    ],
)
def test_bad_parameters_are_400_naming_them(
    client: Any, params: dict[str, str], words: list[str]
) -> None:
    assert_error(client.get("/api/events", params=params), 400, *words)


def test_a_token_of_another_filter_is_refused(client: Any) -> None:
    token = client.get("/api/events", params={"limit": 1}).json()["next"]
    response = client.get("/api/events", params={"limit": 1, "next": token, "type": "ASSAULT"})
    assert_error(response, 400, "next", "other filters")


def _walk(client: Any, size: int, **filters: str) -> list[str]:
    seen: list[str] = []
    token = None
    for _ in range(100):
        params = {**filters, "limit": size} | ({"next": token} if token else {})
        body = client.get("/api/events", params=params).json()
        assert body["count"] == len(body["events"]) <= size
        seen += [e["id"] for e in body["events"]]
        token = body["next"]
        if token is None:
            return seen
        # total is counted on the first page only
        assert body["total"] is None or not seen[:-size]
    raise AssertionError("paging did not end")


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7])
@pytest.mark.parametrize(
    "filters",
    [{}, {"country": "NGA"}, {"type": "ASSAULT"}, {"actor": "Hamas"}, {"since": "2019-06-01"}],
)
def test_paging_visits_every_event_exactly_once(
    client: Any, size: int, filters: dict[str, str]
) -> None:
    everything = _ids(client, limit=1000, **filters)
    assert everything
    assert _walk(client, size, **filters) == everything


def test_paging_over_many_events_with_shared_and_missing_dates(sqlite_db: Database) -> None:
    # 40 events on 5 days and undated ones: the keyset must break date ties by pk.
    import datetime as dt

    stories = [
        Story(f"s{i}", day=dt.date(2020, 1, 1 + i % 5) if i % 7 else None) for i in range(40)
    ]
    list(store_articles(sqlite_db, [s.result() for s in stories], fuse=False))
    with make_client(sqlite_db.url) as client:
        everything = _ids(client, limit=1000)
        assert len(everything) == 40
        for size in (1, 3, 6, 13, 40, 41):
            assert _walk(client, size) == everything


def test_an_event_stored_between_pages_is_not_listed_twice(filled: Database) -> None:
    with make_client(filled.url) as client:
        first = client.get("/api/events", params={"limit": 2}).json()
        list(store_articles(filled, [Story("late").result()], fuse=False))
        rest = _walk_from(client, first["next"])
    ids = [e["id"] for e in first["events"]] + rest
    assert len(ids) == len(set(ids))
    assert set(ORDER) <= set(ids)


def _walk_from(client: Any, token: str | None) -> list[str]:
    seen: list[str] = []
    while token:
        body = client.get("/api/events", params={"limit": 2, "next": token}).json()
        seen += [e["id"] for e in body["events"]]
        token = body["next"]
    return seen


def test_csv_has_the_columns_of_newsevents_events(client: Any) -> None:
    response = client.get("/api/events", params={"format": "csv", "limit": 2})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert [r["event_id"] for r in rows] == ORDER[:2]
    token = response.headers["x-next"]
    following = client.get("/api/events", params={"format": "csv", "limit": 2, "next": token})
    assert [r["event_id"] for r in csv.DictReader(io.StringIO(following.text))] == ORDER[2:4]


def test_jsonl_gives_canonical_records(client: Any) -> None:
    response = client.get("/api/events", params={"format": "jsonl", "country": "MLI"})
    assert response.status_code == 200 and "x-next" not in response.headers
    events = [Event.model_validate_json(line) for line in response.text.splitlines()]
    by_id = {e.id: e for s in STORIES for e in s.result().events}
    assert events == [by_id[i] for i in ("gao2-e0", "gao-e0", "mopti-e0")]


def test_geojson_is_a_feature_collection_lon_lat(client: Any) -> None:
    response = client.get("/api/events", params={"format": "geojson"})
    assert response.headers["content-type"] == "application/geo+json"
    body = json.loads(response.text)
    assert body["type"] == "FeatureCollection"
    features = {f["id"]: f for f in body["features"]}
    assert list(features) == ORDER
    assert features["mopti-e0"]["geometry"] == {"type": "Point", "coordinates": [-4.18, 14.49]}
    assert features["raid-e0"]["geometry"] is None
    props = features["mopti-e0"]["properties"]
    assert props.keys() == SUMMARY_KEYS - {"latitude", "longitude"}


def test_event_detail_has_record_article_evidence_and_incident(client: Any) -> None:
    body = client.get("/api/events/borno-e0").json()
    assert body.keys() == {"ok", "event", "article", "evidence", "incident"}
    event = Event.model_validate(body["event"])
    assert event == STORIES[3].result().events[0]
    article = body["article"]
    assert article.keys() == {"id", "title", "url", "outlet", "published", "text"}
    assert article["text"] == STORIES[3].text and article["published"] == "2019-01-16"
    evidence = body["evidence"]
    assert {"field", "item", "start", "end", "text", "label"} == evidence[0].keys()
    for span in evidence:
        assert article["text"][span["start"] : span["end"]] == span["text"]
    labels = {e["label"] for e in evidence}
    assert {"trigger", "perpetrator: Hamas commander", "event place: Maiduguri",
            "killed: 4", "time: 2019-01-15"} <= labels  # fmt: skip
    incident = body["incident"]
    assert incident["n_events"] == 1 and incident["event_type"] == "ASSAULT"
    assert incident["event_date"] == "2019-01-15" and incident["fatalities"] == 4
    assert incident["articles"] == [
        {"id": "borno", "title": "Attack near Maiduguri", "url": "https://example.org/borno",
         "outlet": "Sahel Wire", "published": "2019-01-16", "event_ids": ["borno-e0"]}
    ]  # fmt: skip


def test_unknown_event_is_404(client: Any) -> None:
    assert_error(client.get("/api/events/nope-e9"), 404, "nope-e9")
