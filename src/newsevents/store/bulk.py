"""Multi-row inserts handed straight to the database driver.

SQLAlchemy's ``conn.execute(insert(table), rows)`` spends longer per row preparing
parameters than SQLite spends storing them, and storing an event writes about 25 rows (16 of
them evidence spans). :func:`insert_rows` builds the INSERT once per table and database,
converts each value with the very function SQLAlchemy itself would use for that column
(its type's bind processor for the dialect: dates as ISO text and packed records on SQLite,
JSONB on PostgreSQL), and calls the driver's ``executemany`` through
``Connection.exec_driver_sql``, so the result is what SQLAlchemy Core would have written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect


@dataclass(frozen=True)
class _Plan:
    sql: str
    values: Callable[[dict[str, Any]], Any]
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]


@functools.lru_cache(maxsize=256)
def _plan(dialect: Dialect, table: Table) -> _Plan:
    preparer = dialect.identifier_preparer
    columns = list(table.columns)
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(preparer.quote(c.name) for c in columns)
    sql = (
        f"INSERT INTO {preparer.format_table(table)} ({names}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    converters = []
    for i, column in enumerate(columns):
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            converters.append((i, process))
    return _Plan(sql, itemgetter(*(c.name for c in columns)), tuple(converters))


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with a value for every column of ``table``) in one call."""
    if rows:
        _execute(conn, _plan(conn.dialect, table), rows)


def _params(plan: _Plan, rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    if not plan.converters:
        return [plan.values(row) for row in rows]
    params = []
    for row in rows:
        values = list(plan.values(row))
        for i, convert in plan.converters:
            if values[i] is not None:
                values[i] = convert(values[i])
        params.append(tuple(values))
    return params


def _execute(conn: Connection, plan: _Plan, rows: Sequence[dict[str, Any]]) -> None:
    conn.exec_driver_sql(plan.sql, _params(plan, rows))


@functools.lru_cache(maxsize=64)
def _conflict_clause(dialect: Dialect, table: Table) -> str:
    preparer = dialect.identifier_preparer
    keys = ", ".join(preparer.quote(c.name) for c in table.primary_key.columns)
    updates = ", ".join(
        f"{preparer.quote(c.name)} = excluded.{preparer.quote(c.name)}"
        for c in table.columns
        if not c.primary_key
    )
    return f" ON CONFLICT ({keys}) DO UPDATE SET {updates}"


@functools.lru_cache(maxsize=64)
def _unnest_sql(dialect: Dialect, table: Table) -> str:
    # One array per column: the statement text is the same whatever the number of rows, so
    # PostgreSQL prepares it once, and the rows go in one round trip.
    preparer = dialect.identifier_preparer
    names = ", ".join(preparer.quote(c.name) for c in table.columns)
    arrays = ", ".join(f"%s::{c.type.compile(dialect)}[]" for c in table.columns)
    return (
        f"INSERT INTO {preparer.format_table(table)} ({names}) SELECT * FROM unnest({arrays})"
        + _conflict_clause(dialect, table)
    )


def upsert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` as :func:`insert_rows` does, replacing the other columns of a row
    whose primary key is already there (``ON CONFLICT ... DO UPDATE``, on both databases)."""
    if not rows:
        return
    dialect = conn.dialect
    plan = _plan(dialect, table)
    if dialect.name != "postgresql":
        conflict = _conflict_clause(dialect, table)
        _execute(conn, _Plan(plan.sql + conflict, plan.values, plan.converters), rows)
        return
    columns = tuple(list(values) for values in zip(*_params(plan, rows), strict=True))
    conn.exec_driver_sql(_unnest_sql(dialect, table), columns)


def update_column(
    conn: Connection, table: Table, column: str, key: str, pairs: Sequence[tuple[Any, Any]]
) -> None:
    """``UPDATE table SET column = value WHERE key = k`` for every ``(k, value)`` pair."""
    if not pairs:
        return
    dialect = conn.dialect
    preparer = dialect.identifier_preparer
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"UPDATE {preparer.format_table(table)} SET {preparer.quote(column)} = {mark} "
        f"WHERE {preparer.quote(key)} = {mark}"
    )
    conn.exec_driver_sql(sql, [(value, k) for k, value in pairs])
