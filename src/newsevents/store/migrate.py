"""Applying the shipped alembic migrations, programmatically, whenever a database is opened.

A fresh database is created by the migrations (``alembic upgrade head`` through alembic's
API), never by ``metadata.create_all``, so every database went through the same steps.
Opening an up-to-date database costs one read of ``alembic_version``: alembic's script
directory is loaded only when something is pending.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, text

from newsevents.store.db import WRITE_OPTION, DatabaseError, display_url

#: The newest revision shipped; a test checks it is alembic's head.
HEAD = "0006"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Serialises concurrent first opens of one PostgreSQL database (any constant works).
_PG_LOCK_KEY = 0x6E657773


def alembic_config(connection: Connection | None = None) -> Config:
    """An alembic configuration for the shipped migrations, bound to ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def script_head() -> str | None:
    """The head revision of the shipped migration scripts."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None for a database without our schema."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database up to :data:`HEAD`, in one transaction.

    Raises :class:`DatabaseError` when the database was migrated by a newer newsevents.
    """
    with engine.connect() as conn:
        if current_revision(conn) == HEAD:
            return
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        found = current_revision(conn)
        if found == HEAD:
            return
        try:
            command.upgrade(alembic_config(conn), "head")
        except CommandError as exc:
            raise DatabaseError(
                f"{display_url(engine.url)} is at schema revision {found!r}, which this "
                f"newsevents does not know (its newest is {HEAD!r}): {exc}; "
                "use a newer newsevents or another database"
            ) from None
