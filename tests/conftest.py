"""Databases for the tests of every folder: an SQLite file, and a PostgreSQL schema of its own.

The PostgreSQL server is the one on this machine (``$NEWSEVENTS_TEST_PG``, by default
``postgresql://postgres@127.0.0.1:5432/test``); each test gets a fresh schema, dropped after
it, so runs never collide. When no server answers, those tests are skipped with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

from newsevents.store.db import Database, open_database

PG_URL = os.environ.get("NEWSEVENTS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_url() -> URL:
    return make_url(PG_URL).set(drivername="postgresql+psycopg")


def _pg_unreachable() -> str | None:
    """Why PostgreSQL cannot be used, or None (checked once per session)."""
    engine = create_engine(_pg_url(), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        return f"no PostgreSQL server at {PG_URL}: {str(exc.orig).strip().splitlines()[0]}"
    finally:
        engine.dispose()
    return None


@pytest.fixture(scope="session")
def pg_unreachable() -> str | None:
    """None when the PostgreSQL server answers, else the reason it does not."""
    return _pg_unreachable()


@pytest.fixture
def pg_url(pg_unreachable: str | None) -> Iterator[URL]:
    """A URL whose tables live in a new, empty schema (dropped after the test)."""
    if pg_unreachable:
        pytest.skip(pg_unreachable)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_pg_url())
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_url().update_query_dict({"options": f"-csearch_path={schema}"})
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> URL:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return URL.create("sqlite", database=str(tmp_path / "events.db"))
    url: URL = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def db(db_url: URL) -> Iterator[Database]:
    """An open, migrated, empty database of each kind."""
    with open_database(db_url) as database:
        yield database


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """An open, migrated, empty SQLite database."""
    with open_database(str(tmp_path / "events.db")) as database:
        yield database
