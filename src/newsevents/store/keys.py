"""Row ids handed out before the rows are inserted.

Knowing the ids first lets many events, and the rows that point to them, go in with plain
multi-row inserts: ``INSERT ... RETURNING`` of many rows runs row by row on SQLite.
"""

from __future__ import annotations

from sqlalchemy import Column, Connection, text


def allocate_ids(conn: Connection, column: Column[int], n: int) -> list[int]:
    """``n`` unused values of an auto-increment primary key, in increasing order.

    PostgreSQL draws them from the column's sequence, so concurrent writers never clash.
    SQLite continues after the largest id: safe because newsevents' write transactions hold
    the database's write lock from their first statement (``BEGIN IMMEDIATE``).
    """
    if n <= 0:
        return []
    if conn.dialect.name == "postgresql":
        sequence = text(
            "SELECT nextval(pg_get_serial_sequence(:table, :column)) FROM generate_series(1, :n)"
        )
        ids = conn.execute(
            sequence, {"table": column.table.name, "column": column.name, "n": n}
        ).scalars()
        return sorted(int(i) for i in ids)
    preparer = conn.dialect.identifier_preparer
    # A plain string: this runs for every transaction, and needs no statement compiling.
    query = f"SELECT max({preparer.quote(column.name)}) FROM {preparer.quote(column.table.name)}"
    last = conn.exec_driver_sql(query).scalar() or 0
    return list(range(last + 1, last + n + 1))


def next_sequence(conn: Connection, n: int) -> list[int]:
    """The next ``n`` places in the fusion order (``articles.seq``), in increasing order.

    Taken after the largest one stored: a single writer (an SQLite write transaction, or the
    one process that fuses on PostgreSQL) gets consecutive places; concurrent writers may
    share one, and ties are then broken by article id.
    """
    if n <= 0:
        return []
    last = conn.exec_driver_sql("SELECT max(seq) FROM articles").scalar() or 0
    return list(range(int(last) + 1, int(last) + n + 1))
