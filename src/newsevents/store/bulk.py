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
    if not rows:
        return
    plan = _plan(conn.dialect, table)
    params: list[tuple[Any, ...]]
    if plan.converters:
        params = []
        for row in rows:
            values = list(plan.values(row))
            for i, convert in plan.converters:
                if values[i] is not None:
                    values[i] = convert(values[i])
            params.append(tuple(values))
    else:
        params = [plan.values(row) for row in rows]
    conn.exec_driver_sql(plan.sql, params)


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
