"""Opening the event database: URL resolution, engine settings, sessions.

The database is an SQLite file by default (``newsevents.db`` in the working directory), or
whatever ``--db URL`` / ``$NEWSEVENTS_DB`` names: an SQLite file path or ``sqlite:///PATH``
URL, or a ``postgresql://`` URL (driven by psycopg 3). :func:`open_database` brings the
schema up to date with the migrations shipped in the package before handing it out.
"""

from __future__ import annotations

import math
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from newsevents.errors import NewsEventsError
from newsevents.store import sqlfunctions

#: Environment variable naming the database (a URL or an SQLite file path).
DB_ENV = "NEWSEVENTS_DB"
#: The database used when neither ``--db`` nor ``$NEWSEVENTS_DB`` names one.
DEFAULT_DB = "newsevents.db"
#: Execution option that makes an SQLite transaction take the write lock when it begins.
WRITE_OPTION = "newsevents_write"

#: SQLite connections kept open in the pool (see :func:`newsevents.api.app.create_app`, whose
#: worker threads stay below it).
SQLITE_POOL_SIZE = 8

_SQLITE_PRAGMAS = (
    # WAL: readers never block the writer and a commit costs no fsync of the main file.
    "PRAGMA journal_mode=WAL",
    # With WAL, NORMAL still survives an application crash; only power loss can drop the
    # last commits, never corrupt the file.
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    # 200 MB of page cache: a bulk load touches index pages all over the file, and each
    # page kept between statements is one not read again.
    "PRAGMA cache_size=-200000",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA mmap_size=268435456",
)


class DatabaseError(NewsEventsError):
    """The database cannot be opened, reached or migrated; the message says why."""


def resolve_url(value: str | None = None) -> URL:
    """The database URL: ``value``, else ``$NEWSEVENTS_DB``, else ``newsevents.db``.

    A value without ``://`` is an SQLite file path. ``postgresql://`` (and ``postgres://``)
    URLs get the psycopg 3 driver. Other kinds of database are a :class:`DatabaseError`.
    """
    raw = (value or os.environ.get(DB_ENV) or DEFAULT_DB).strip()
    if "://" not in raw:
        return URL.create("sqlite", database=raw)
    try:
        url = make_url(raw)
    except ArgumentError:
        raise DatabaseError(
            f"{raw!r} is not a database URL; use a file path, "
            "sqlite:///PATH or postgresql://USER@HOST/DB"
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return url.set(drivername="sqlite")
    raise DatabaseError(
        f"unsupported database {backend!r} in {display_url(url)}; "
        "use an SQLite file (sqlite:///PATH) or PostgreSQL (postgresql://USER@HOST/DB)"
    )


def display_url(url: URL) -> str:
    """The URL as shown to users: password hidden, driver name left out."""
    shown = url.set(drivername=url.get_backend_name())
    return shown.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file of an SQLite URL; None for PostgreSQL or an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def _register_math(dbapi_connection: sqlite3.Connection) -> None:
    """Register the math functions ``--near`` uses when SQLite was built without them."""
    try:
        dbapi_connection.execute("SELECT sin(0), radians(0)")
    except sqlite3.OperationalError:
        for name, fn in (
            ("sin", math.sin), ("cos", math.cos), ("asin", math.asin),
            ("sqrt", math.sqrt), ("radians", math.radians),
        ):  # fmt: skip
            dbapi_connection.create_function(name, 1, fn, deterministic=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (below).
        dbapi_connection.isolation_level = None
        for pragma in _SQLITE_PRAGMAS:
            dbapi_connection.execute(pragma)
        _register_math(dbapi_connection)
        sqlfunctions.register(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writer takes the write lock up front: a read-then-write transaction that had to
        # upgrade its lock would fail at once under a concurrent writer instead of waiting.
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def make_engine(url: URL) -> Engine:
    """An engine for ``url`` with the settings newsevents relies on (see module docstring)."""
    if url.get_backend_name() == "sqlite":
        memory = sqlite_path(url) is None
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            # One shared connection keeps an in-memory database alive between sessions.
            poolclass=StaticPool if memory else None,
            # A file's connections are kept for reuse, as many as the server's threads use
            # at once: an SQLite connection is cheap to open but starts with a cold page
            # cache, so one opened per request (pool overflow) costs several times the query.
            **({} if memory else {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_SIZE}),
            json_serializer=_json_dumps,
            json_deserializer=orjson.loads,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, json_serializer=_json_dumps, json_deserializer=orjson.loads)


@dataclass
class Database:
    """An open, migrated event database: its engine and session factories."""

    url: URL
    engine: Engine
    _reader: sessionmaker[Session]
    _writer: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def display_url(self) -> str:
        """The URL with the password hidden."""
        return display_url(self.url)

    def session(self) -> Session:
        """A session for reading (and for writes that need no lock ordering)."""
        return self._reader()

    def write_session(self) -> Session:
        """A session whose transactions take SQLite's write lock when they begin."""
        return self._writer()

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_database(value: str | URL | None = None, *, create: bool = True) -> Database:
    """Open (and, with ``create``, create) the database and apply pending migrations.

    ``value`` is a URL or SQLite path; None means ``$NEWSEVENTS_DB`` or ``newsevents.db``.
    With ``create=False`` a missing SQLite file is a :class:`DatabaseError` rather than a
    new empty database. Every failure (bad URL, missing folder, unreachable server, schema
    from a newer newsevents) is a :class:`DatabaseError` with a one-line message.
    """
    from newsevents.store.migrate import upgrade

    url = value if isinstance(value, URL) else resolve_url(value)
    path = sqlite_path(url)
    if path is not None:
        if not create and not path.exists():
            raise DatabaseError(
                f"no database at {path}; store events first with `newsevents ingest PATH "
                f"--db {path}` (or name another database with --db or ${DB_ENV})"
            )
        if not path.parent.is_dir():
            raise DatabaseError(f"cannot create the database {path}: no folder {path.parent}")
    engine = make_engine(url)
    try:
        upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot open {display_url(url)}: {one_line(exc)}") from None
    reader = sessionmaker(engine, expire_on_commit=False)
    writer = sessionmaker(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)
    return Database(url=url, engine=engine, _reader=reader, _writer=writer)


def analyse(db: Database) -> None:
    """Refresh the query planner's statistics (after storing many rows).

    Every index is read whole (about 0.15 s per 100,000 events on SQLite). SQLite can sample
    instead (``analysis_limit``), but its sample is the first rows of each index: those of
    ``(event_type, ...)`` all hold one type, so type and country looked equally selective and
    a filter on both walked every event of the type instead of those of the country.
    """
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def one_line(exc: BaseException) -> str:
    """The first line of a driver error, without SQLAlchemy's background link."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
