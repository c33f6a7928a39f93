"""Generate ``docs/database.md``, the codebook of the event database, from the table definitions.

Like ``newsevents.codebook`` for the records, the document is a view of the code and nothing
else (``python -m newsevents.store.codebook > docs/database.md``), and a test fails when the
two differ. Table, column and view descriptions are the comments in
:mod:`newsevents.store.schema`, which the migrations also give the database.
"""

from __future__ import annotations

import inspect
import re
import sys

from sqlalchemy import Column, Index, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ClauseElement

from newsevents.store import schema, sqlfunctions
from newsevents.store.search import SEARCH_TABLE

REGENERATE_COMMAND = "python -m newsevents.store.codebook > docs/database.md"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


_SQLITE = sqlite.dialect()
_POSTGRESQL = postgresql.dialect()  # type: ignore[no-untyped-call]


def _type(column: Column[object]) -> str:
    lite = column.type.compile(dialect=_SQLITE)
    pg = column.type.compile(dialect=_POSTGRESQL)
    return lite if lite == pg else f"{lite} (SQLite) / {pg} (PostgreSQL)"


def _index_part(part: object) -> str:
    if isinstance(part, Column):
        return str(part.name)
    if isinstance(part, ClauseElement):
        # Shown as in the CREATE INDEX statement: column names without their table.
        return re.sub(r"\b[a-z_]+\.", "", str(part.compile(dialect=_SQLITE)))
    return str(part)


def _index_line(index: Index) -> str:
    parts = ", ".join(_index_part(p) for p in index.expressions)
    where = index.dialect_options["sqlite"]["where"]
    condition = f" where {_index_part(where)}" if where is not None else ""
    unique = "unique " if index.unique else ""
    return f"- `{index.name}`: {unique}({parts}){condition}"


def _table_section(table: Table, kind: str) -> list[str]:
    view = kind == "View"
    lines = [f"### {table.name}", "", f"{kind}. {_cell(table.comment or '')}", ""]
    if view:
        lines += ["| Column | Type | Description |", "| --- | --- | --- |"]
    else:
        lines += ["| Column | Type | Null | Description |", "| --- | --- | --- | --- |"]
    primary = {c.name for c in table.primary_key.columns}
    for column in table.columns:
        cells = [f"`{column.name}`", _type(column)]
        if column.name in primary:
            cells[1] += " (primary key)"
        elif column.unique:
            cells[1] += " (unique)"
        if not view:
            cells.append("yes" if column.nullable else "no")
        cells.append(_cell(column.comment or ""))
        lines.append("| " + " | ".join(cells) + " |")
    indexes = sorted(table.indexes, key=lambda ix: str(ix.name))
    if indexes:
        lines += ["", "Indexes:", ""] + [_index_line(ix) for ix in indexes]
    lines.append("")
    return lines


def render_database_codebook() -> str:
    """The Markdown codebook of every table and view of the event database."""
    intro = inspect.cleandoc(schema.__doc__ or "").replace("``", "`")
    lines = [
        "# newsevents database",
        "",
        f"Generated from `newsevents.store.schema` by `{REGENERATE_COMMAND}`; do not edit by hand.",
        "",
        intro,
        "",
        "The same tables exist in SQLite and PostgreSQL; types differ only where shown. Dates are "
        "ISO 8601 text on SQLite. The migrations in `src/newsevents/store/migrations/` create "
        "them when a database is first opened.",
        "",
        "## Tables",
        "",
    ]
    for table in schema.metadata.sorted_tables:
        lines += _table_section(table, "Table")
    lines += ["## Views", ""]
    for view in schema.views.sorted_tables:
        lines += _table_section(view, "View")
    lines += [
        "## Full-text search",
        "",
        f"`{SEARCH_TABLE}`: on SQLite an FTS5 table (rowid = `events.pk`, column `body`), on "
        "PostgreSQL a table (`event_pk`, `document` tsvector, GIN index); see "
        "`newsevents.store.search`. Query it through `newsevents events --text`.",
        "",
        "## SQL functions (SQLite)",
        "",
        inspect.cleandoc(sqlfunctions.__doc__ or "").replace("``", "`"),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> None:
    """Write the database codebook to standard output."""
    sys.stdout.write(render_database_codebook())


if __name__ == "__main__":
    main()
