"""``min_confidence``: a filter of the event lists (everything stored by default; 400 when
bad, like every query parameter) and a body field of ``POST /api/extract`` (the extraction
default; 422 when bad, like every body field)."""

from __future__ import annotations

from typing import Any

import pytest
from api_factory import ORDER, TestClient, assert_error, url_text

from newsevents.api.app import create_app
from newsevents.decide import DEFAULT_MIN_CONFIDENCE
from newsevents.store.db import Database

#: The stories' events are 0.75 confident, but for the seizure borno-e1 (0.5).
MAIN_EVENTS = [e for e in ORDER if e != "borno-e1"]


def _ids(client: Any, **params: Any) -> list[str]:
    response = client.get("/api/events", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["events"])
    return [e["id"] for e in body["events"]]


def test_the_list_keeps_every_stored_event_unless_asked(client: Any) -> None:
    assert _ids(client) == ORDER
    assert _ids(client, min_confidence="0") == ORDER
    assert _ids(client, min_confidence=" ") == ORDER  # an empty form field: no filter
    assert _ids(client, min_confidence="0.5") == ORDER  # at least: 0.5 is kept
    assert _ids(client, min_confidence="0.6") == MAIN_EVENTS
    assert _ids(client, min_confidence="0.75", type="COERCE") == ["raid-e0"]
    assert _ids(client, min_confidence="0.8") == []


def test_paging_and_statistics_follow_the_minimum(client: Any) -> None:
    seen: list[str] = []
    token = None
    while True:
        params = {"min_confidence": "0.6", "limit": 2} | ({"next": token} if token else {})
        body = client.get("/api/events", params=params).json()
        seen += [e["id"] for e in body["events"]]
        token = body["next"]
        if token is None:
            break
    assert seen == MAIN_EVENTS
    everything = client.get("/api/stats").json()
    confident = client.get("/api/stats", params={"min_confidence": "0.6"}).json()
    assert everything != confident


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1.5", ["from 0 to 1"]),
        ("-0.1", ["from 0 to 1"]),
        ("nan", ["from 0 to 1"]),
        ("inf", ["from 0 to 1"]),
        ("high", ["'high' is not a number"]),
    ],
)
def test_a_bad_minimum_is_400_naming_it(client: Any, value: str, words: list[str]) -> None:
    response = client.get("/api/events", params={"min_confidence": value})
    assert_error(response, 400, "min_confidence:", *words)


class _Extractor:
    """Answers every text with three events of confidence 0.2, 0.6 and 0.9."""

    async def extract(self, job: dict[str, Any]) -> dict[str, Any]:
        events = [{"id": f"e{n}", "confidence": c} for n, c in enumerate((0.2, 0.6, 0.9))]
        return {"events": events, "reason": None}

    def close(self) -> None:
        """Nothing to end."""


@pytest.fixture
def extract_client(sqlite_db: Database) -> Any:
    app = create_app(url_text(sqlite_db.url))
    app.state.extractor = _Extractor()
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _extract(client: Any, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/extract", json={"text": "Gunmen attacked.", **fields})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_extraction_keeps_events_at_the_default_minimum(extract_client: Any) -> None:
    body = _extract(extract_client)
    expected = [c for c in (0.2, 0.6, 0.9) if c >= DEFAULT_MIN_CONFIDENCE]
    assert [e["confidence"] for e in body["events"]] == expected
    assert body["reason"] is None


def test_extraction_takes_a_minimum(extract_client: Any) -> None:
    assert len(_extract(extract_client, min_confidence=0)["events"]) == 3
    assert [e["id"] for e in _extract(extract_client, min_confidence=0.7)["events"]] == ["e2"]
    body = _extract(extract_client, min_confidence=0.95)
    assert body["events"] == []
    assert body["reason"] == "no event above confidence 0.95 (3 not kept)"


@pytest.mark.parametrize("value", [1.5, -0.1, "high", None])
def test_a_bad_extraction_minimum_is_422_naming_it(extract_client: Any, value: Any) -> None:
    response = extract_client.post(
        "/api/extract", json={"text": "Gunmen attacked.", "min_confidence": value}
    )
    assert_error(response, 422, "body.min_confidence")


def test_the_openapi_schema_documents_both(extract_client: Any) -> None:
    schema = extract_client.get("/openapi.json").json()
    listed = {p["name"]: p for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert "confidence" in listed["min_confidence"]["description"]
    body = schema["components"]["schemas"]["ExtractRequest"]["properties"]["min_confidence"]
    assert (
        body["default"] == DEFAULT_MIN_CONFIDENCE and "0 keeps every event" in body["description"]
    )
