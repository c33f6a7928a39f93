"""POST /api/extract bounded: text size (413), time (504, the worker killed and restarted),
queue (503 with Retry-After), dates out of range (a warning), and reads answered meanwhile.

The worker here is a stand-in speaking the worker's protocol (no spaCy): it sleeps, fails or
exits on command, so each bound is met in a second or two.
"""

from __future__ import annotations

import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from api_factory import TestClient, assert_error, url_text

from newsevents.api.app import create_app
from newsevents.api.extractor import Extractor
from newsevents.limits import MAX_TEXT_CHARS
from newsevents.store.db import Database

FAKE_WORKER = [
    sys.executable,
    "-c",
    textwrap.dedent(
        """
        import os, time
        from newsevents.api.extract_worker import serve

        def handle(job):
            text = job["text"]
            if text.startswith("sleep "):
                time.sleep(float(text.split()[1]))
            if text == "exit":
                os._exit(3)
            if text == "fail":
                raise ValueError("broken")
            return {"events": [], "reason": f"read {len(text)} {job.get('published')}"}

        serve(handler=handle, warm=lambda: None)
        """
    ),
]


def _client(db: Database, timeout: float, queue: int) -> TestClient:
    app = create_app(url_text(db.url))
    app.state.extractor = Extractor(timeout=timeout, queue=queue, command=FAKE_WORKER)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client(sqlite_db: Database) -> Iterator[Any]:
    """A client whose extraction worker is the stand-in, with a 1.5 s timeout, queue of 1."""
    with _client(sqlite_db, timeout=1.5, queue=1) as test_client:
        yield test_client


def test_the_answer_has_events_reason_and_warnings(client: Any) -> None:
    body = client.post("/api/extract", json={"text": "hello", "published": "2021-03-08"}).json()
    assert body == {"ok": True, "events": [], "reason": "read 5 2021-03-08", "warnings": []}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_date_outside_the_years_is_absent_with_a_warning(client: Any, day: str) -> None:
    body = client.post("/api/extract", json={"text": "hello", "published": day}).json()
    assert body["reason"] == "read 5 None"
    (warning,) = body["warnings"]
    assert warning.startswith("published:") and "1900-2100" in warning


def test_a_text_over_the_limit_is_413(client: Any) -> None:
    response = client.post("/api/extract", json={"text": "a" * (MAX_TEXT_CHARS + 1)})
    assert_error(response, 413, "text", f"{MAX_TEXT_CHARS:,}")
    assert client.post("/api/extract", json={"text": "a" * 1000}).status_code == 200


def test_a_long_extraction_is_504_and_the_next_one_is_served(client: Any) -> None:
    start = time.monotonic()
    assert_error(client.post("/api/extract", json={"text": "sleep 30"}), 504, "1.5 s")
    assert time.monotonic() - start < 10
    assert client.post("/api/extract", json={"text": "after"}).json()["reason"] == "read 5 None"


def test_a_worker_that_dies_is_503_and_started_again(client: Any) -> None:
    assert_error(client.post("/api/extract", json={"text": "exit"}), 503, "started again")
    assert client.post("/api/extract", json={"text": "again"}).status_code == 200


def test_a_failure_inside_extraction_is_a_500_in_the_envelope(client: Any) -> None:
    assert_error(client.post("/api/extract", json={"text": "fail"}), 500, "RuntimeError")
    assert client.post("/api/extract", json={"text": "fine"}).status_code == 200


def test_a_full_queue_is_503_with_retry_after_and_reads_go_on(sqlite_db: Database) -> None:
    with _client(sqlite_db, timeout=5, queue=0) as client:
        assert client.post("/api/extract", json={"text": "warm"}).status_code == 200
        answers: list[int] = []
        slow = threading.Thread(
            target=lambda: answers.append(
                client.post("/api/extract", json={"text": "sleep 2"}).status_code
            )
        )
        slow.start()
        time.sleep(0.5)
        busy = client.post("/api/extract", json={"text": "hello"})
        assert_error(busy, 503, "busy")
        assert busy.headers["retry-after"] == "5"
        # Read endpoints answer at once while the extraction runs.
        for path in ("/api/health", "/api/events", "/api/stats"):
            start = time.monotonic()
            assert client.get(path).status_code == 200
            assert time.monotonic() - start < 1.0, path
        assert slow.is_alive()
        slow.join()
        assert answers == [200]
