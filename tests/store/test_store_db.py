"""Opening databases: URL resolution, settings, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from newsevents.store.db import (
    DB_ENV,
    DEFAULT_DB,
    Database,
    DatabaseError,
    display_url,
    open_database,
    resolve_url,
)


def test_default_env_and_explicit_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DB_ENV, raising=False)
    assert resolve_url(None).database == DEFAULT_DB
    monkeypatch.setenv(DB_ENV, "/data/events.db")
    assert resolve_url(None).database == "/data/events.db"
    assert resolve_url("other.db").database == "other.db"  # --db wins over the variable
    assert resolve_url("sqlite:///x/y.db").database == "x/y.db"
    pg = resolve_url("postgresql://me:secret@db.example/news")
    assert pg.drivername == "postgresql+psycopg"
    assert resolve_url("postgres://me@db/news").drivername == "postgresql+psycopg"
    assert display_url(pg) == "postgresql://me:***@db.example/news"


def test_unsupported_or_bad_urls_are_one_line_errors() -> None:
    with pytest.raises(DatabaseError, match=r"unsupported database 'mysql'.*postgresql://"):
        resolve_url("mysql://me@host/db")
    with pytest.raises(DatabaseError, match="not a database URL"):
        resolve_url("://nothing")


def test_missing_database_is_not_created_for_reading(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    with pytest.raises(DatabaseError, match=r"no database at .*newsevents ingest"):
        open_database(str(path), create=False)
    assert not path.exists()
    with pytest.raises(DatabaseError, match="no folder"):
        open_database(str(tmp_path / "missing" / "x.db"))


def test_unreachable_server_is_a_database_error() -> None:
    with pytest.raises(DatabaseError, match=r"cannot open postgresql://nobody@127\.0\.0\.1:9/x"):
        open_database("postgresql://nobody@127.0.0.1:9/x?connect_timeout=2")


def test_sqlite_settings(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        # The math functions --near needs, built in or registered.
        assert conn.execute(text("SELECT round(asin(sqrt(sin(radians(90)))), 4)")).scalar()


def test_in_memory_database_lives_across_sessions() -> None:
    with open_database("sqlite://") as db:
        with db.write_session() as session, session.begin():
            session.execute(text("INSERT INTO actors (id, name, kind) VALUES ('a', 'A', 'x')"))
        with db.session() as session:
            assert session.execute(text("SELECT count(*) FROM actors")).scalar() == 1
