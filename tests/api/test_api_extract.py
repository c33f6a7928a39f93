"""POST /api/extract: events of a short text, nothing stored (loads spaCy: one test)."""

from __future__ import annotations

from typing import Any

import pytest
from api_factory import make_client

from newsevents.model import Event
from newsevents.store.db import Database


@pytest.mark.slow
def test_extract_returns_canonical_records_and_stores_nothing(sqlite_db: Database) -> None:
    text = "Gunmen kidnapped two engineers near Port Harcourt on Sunday, police said."
    with make_client(sqlite_db.url) as client:
        response = client.post(
            "/api/extract", json={"text": text, "published": "2021-03-09", "title": None}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert body.keys() == {"ok", "events", "reason", "warnings"} and body["ok"] is True
        (event,) = [Event.model_validate(e) for e in body["events"]]
        assert event.event_type == "ASSAULT" and event.kidnapped is not None
        assert body["reason"] is None
        assert client.get("/api/events").json()["total"] == 0
        football = client.post("/api/extract", json={"text": "Arsenal beat Chelsea 2-1."}).json()
        assert football["events"] == [] and football["reason"]
