"""The shipped migrations create exactly the tables of store/schema.py, on both databases."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import URL

from newsevents.store import migrate
from newsevents.store.db import Database, DatabaseError, make_engine, open_database
from newsevents.store.schema import metadata, views
from newsevents.store.search import SEARCH_TABLE


def _include(obj: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
    # The full-text index is not part of the metadata (see store/search.py).
    return not (kind == "table" and name is not None and name.startswith(SEARCH_TABLE))


def _parts(sql: str) -> str:
    """A CREATE statement with the items between its outer brackets sorted (their order,
    say of constraints, does not matter)."""
    sql = " ".join(sql.split())
    head, _, rest = sql.partition("(")
    body, _, tail = rest.rpartition(")")
    items, depth, current = [], 0, ""
    for char in body:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return f"{head}({', '.join(sorted(items))}){tail}"


def _catalog(conn: Connection) -> dict[str, str]:
    """The definition of every table and index of ours, as the database itself states it.

    SQLite keeps the CREATE statements (sqlite_master); PostgreSQL's pg_indexes gives index
    definitions (columns are compared by alembic). Partial and expression indexes included.
    """
    ours = {t.name for t in metadata.sorted_tables}
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            text("SELECT name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        )
        return {name: _parts(sql) for name, table, sql in rows if table in ours}
    rows = conn.execute(
        text(
            "SELECT indexname, tablename, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema()"
        )
    )
    schema = str(conn.execute(text("SELECT current_schema()")).scalar())
    return {
        name: definition.replace(f"{schema}.", "")
        for name, table, definition in rows
        if table in ours
    }


def test_head_constant_is_the_scripts_head() -> None:
    assert migrate.script_head() == migrate.HEAD


def test_fresh_database_is_created_by_the_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.HEAD
        names = set(inspect(conn).get_table_names())
        views_found = set(inspect(conn).get_view_names())
    assert {t.name for t in metadata.sorted_tables} <= names
    assert "alembic_version" in names
    assert any(n.startswith(SEARCH_TABLE) for n in names)
    assert {t.name for t in views.sorted_tables} <= views_found


def test_migrations_match_the_models(db_url: URL) -> None:
    """Migrated tables, columns, types and indexes equal those of metadata.create_all."""
    with open_database(db_url):
        pass
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": _include}
            )
            with warnings.catch_warnings():
                # SQLite's reflection skips expression indexes; _catalog compares them.
                warnings.simplefilter("ignore")
                assert compare_metadata(context, metadata) == []
            migrated = _catalog(conn)
    finally:
        engine.dispose()
    reference = _create_all_reference(db_url)
    assert migrated == reference
    assert {"ix_roles_name_day", "ix_roles_text_day", "ix_events_event_date"} <= set(migrated)


def _create_all_reference(db_url: URL) -> dict[str, Any]:
    """The indexes of the same schema made by create_all, in a scratch database."""
    if db_url.get_backend_name() == "sqlite":
        engine: Engine = create_engine("sqlite://")
        metadata.create_all(engine)
        with engine.connect() as conn:
            found = _catalog(conn)
        engine.dispose()
        return found
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE SCHEMA IF NOT EXISTS ref_create_all"))
    scratch = db_url.update_query_dict({"options": "-csearch_path=ref_create_all"})
    ref = create_engine(scratch)
    try:
        metadata.create_all(ref)
        with ref.connect() as conn:
            return _catalog(conn)
    finally:
        ref.dispose()
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA ref_create_all CASCADE"))
        engine.dispose()


def test_opening_again_runs_no_migration(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object) -> None:
        raise AssertionError("upgrade ran on an up-to-date database")

    monkeypatch.setattr(migrate.command, "upgrade", fail)
    with open_database(db.url):
        pass


def test_database_from_a_newer_version_is_refused(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseError, match="9999") as info:
        open_database(db.url)
    assert "newer newsevents" in str(info.value)


def test_downgrade_removes_everything(db: Database) -> None:
    from alembic import command

    with db.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "base")
    with db.engine.connect() as conn:
        left = set(inspect(conn).get_table_names()) - {"alembic_version"}
        assert left == set()
        assert inspect(conn).get_view_names() == []


def test_county_columns_are_filled_from_records_already_stored(db: Database) -> None:
    """Revision 0006 fills ``admin2`` of events and incidents stored before it, from the
    records, and the ``places`` view shows it (downgraded to 0005, then upgraded again)."""
    import datetime as dt

    from alembic import command
    from store_factory import Story

    from newsevents.store.write import store_article

    store_article(db, Story("a1", place="Aurora", admin2="Kane County").result())
    # Another year, so that fusion keeps it apart.
    store_article(db, Story("a2", place="Gao", day=dt.date(2019, 5, 1)).result())

    def admin2() -> tuple[list[object], list[object], list[object]]:
        with db.engine.connect() as conn:
            return (
                conn.execute(text("SELECT admin2 FROM events ORDER BY id")).scalars().all(),
                conn.execute(text("SELECT admin2 FROM incidents ORDER BY id")).scalars().all(),
                conn.execute(text("SELECT admin2 FROM places ORDER BY event_pk")).scalars().all(),
            )

    expected = (["Kane County", None], ["Kane County", None], ["Kane County", None])
    assert admin2() == expected
    with db.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0005")
    with db.engine.connect() as conn:
        assert "admin2" not in {c["name"] for c in inspect(conn).get_columns("events")}
    with db.engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "head")
    assert admin2() == expected
