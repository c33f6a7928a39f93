"""Security headers on every response, and the catch-all that answers 500 in the envelope."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from api_factory import TestClient, assert_error, url_text

from newsevents.api.app import create_app
from newsevents.api.headers import SECURITY_HEADERS
from newsevents.store.db import Database


@pytest.fixture
def app_client(sqlite_db: Database) -> Iterator[Any]:
    """A client of an application with one route that fails."""
    app = create_app(url_text(sqlite_db.url))

    @app.get("/api/fail")
    async def fail() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/health"),
        ("GET", "/api/events?type=PUNCH"),
        ("GET", "/api/events?format=csv"),
        ("GET", "/nothing"),
        ("GET", "/"),
        ("GET", "/docs"),
        ("GET", "/openapi.json"),
        ("GET", "/static/app.js"),
        ("GET", "/static/missing.js"),
        ("DELETE", "/api/events"),
        ("GET", "/api/fail"),
        ("GET", "/api/events?text=%ff"),
        ("POST", "/api/extract"),
    ],
)
def test_every_response_has_the_security_headers(app_client: Any, method: str, path: str) -> None:
    response = app_client.request(method, path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    assert len(response.headers.get_list("content-security-policy")) == 1


def test_the_policy_keeps_what_the_page_allows_and_forbids_framing() -> None:
    policy = SECURITY_HEADERS["content-security-policy"]
    for part in ("default-src 'self'", "script-src 'self'", "img-src 'self' data:",
                 "frame-ancestors 'none'"):  # fmt: skip
        assert part in policy


def test_an_unexpected_exception_is_a_500_in_the_envelope(app_client: Any) -> None:
    body = assert_error(app_client.get("/api/fail"), 500, "RuntimeError", "server log")
    assert "boom" not in body["error"]  # details stay in the log
    assert app_client.get("/api/health").status_code == 200
