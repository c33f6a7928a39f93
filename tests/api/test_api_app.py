"""The application as a whole: envelope of every error, body limit, web page, docs, serve."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_factory import assert_error, make_client
from typer.testing import CliRunner

from newsevents.api.app import create_app
from newsevents.api.limits import MAX_BODY_BYTES
from newsevents.api.static import STATIC_DIR
from newsevents.cli import app as cli_app
from newsevents.store.db import Database, DatabaseError


@pytest.fixture
def sqlite_client(sqlite_db: Database) -> Iterator[Any]:
    """A client over an empty SQLite database."""
    with make_client(sqlite_db.url) as client:
        yield client


def test_health_is_ok(sqlite_client: Any) -> None:
    assert sqlite_client.get("/api/health").json() == {"ok": True}


def test_an_empty_database_lists_nothing(sqlite_client: Any) -> None:
    body = sqlite_client.get("/api/events").json()
    assert body == {"ok": True, "count": 0, "total": 0, "next": None, "events": []}


@pytest.mark.parametrize("path", ["/api/nope", "/api/events/a/b", "/nothing-here"])
def test_unknown_routes_are_404_in_the_envelope(sqlite_client: Any, path: str) -> None:
    assert_error(sqlite_client.get(path), 404, path)


def test_a_wrong_method_is_405_in_the_envelope(sqlite_client: Any) -> None:
    assert_error(sqlite_client.delete("/api/events"), 405, "DELETE")


def test_a_body_over_5_mb_is_413(sqlite_client: Any) -> None:
    big = b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}'
    assert_error(sqlite_client.post("/api/extract", content=big), 413, "5 MB")


def test_a_chunked_body_over_5_mb_is_413(sqlite_client: Any) -> None:
    # No Content-Length: the bytes received are counted.
    def chunks() -> Iterator[bytes]:
        for _ in range(6):
            yield b" " * 2**20

    response = sqlite_client.post(
        "/api/extract", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "5 MB")


def test_a_false_content_length_is_400(sqlite_client: Any) -> None:
    response = sqlite_client.post("/api/extract", content=b"{}", headers={"content-length": "many"})
    assert_error(response, 400, "Content-Length")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"text": "unclosed', ["not valid JSON"]),
        (b'{"title": "no text"}', ["body.text", "required"]),
        (b'{"text": ""}', ["body.text"]),
        (b'{"text": "x", "published": "last week"}', ["body.published"]),
        (b"[1, 2]", ["body"]),
    ],
)
def test_a_bad_extract_body_is_422(sqlite_client: Any, body: bytes, words: list[str]) -> None:
    response = sqlite_client.post(
        "/api/extract", content=body, headers={"content-type": "application/json"}
    )
    assert_error(response, 422, *words)


def test_the_web_page_and_its_files_are_served(sqlite_client: Any) -> None:
    page = sqlite_client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    files = [p for p in STATIC_DIR.rglob("*") if p.is_file()] if STATIC_DIR.is_dir() else []
    if files:
        name = files[0].relative_to(STATIC_DIR).as_posix()
        assert sqlite_client.get(f"/static/{name}").content == files[0].read_bytes()
    assert_error(sqlite_client.get("/static/no-such-file.js"), 404)


def test_docs_are_offline_and_the_schema_is_served(sqlite_client: Any) -> None:
    schema = sqlite_client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/actors", "/api/stats",
            "/api/network", "/api/extract"} <= set(schema["paths"])  # fmt: skip
    docs = sqlite_client.get("/docs")
    assert docs.status_code == 200 and "/api/events" in docs.text
    assert "<script" not in docs.text and "cdn" not in docs.text.lower()
    assert_error(sqlite_client.get("/redoc"), 404)


def test_create_app_refuses_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no database"):
        create_app(str(tmp_path / "missing.db"))


def test_serve_names_a_missing_database_and_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no database at")
