"""docs/database.md is generated from the table definitions and must stay in step."""

from __future__ import annotations

from pathlib import Path

from newsevents.store.codebook import REGENERATE_COMMAND, render_database_codebook
from newsevents.store.schema import metadata, views

DOC = Path(__file__).resolve().parents[2] / "docs" / "database.md"


def test_docs_database_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_database_codebook(), (
        f"docs/database.md is out of date with newsevents.store.schema; regenerate it with "
        f"`{REGENERATE_COMMAND}`."
    )


def test_every_table_view_and_column_is_described() -> None:
    doc = render_database_codebook()
    for table in [*metadata.sorted_tables, *views.sorted_tables]:
        assert f"\n### {table.name}\n" in doc
        assert table.comment, f"table {table.name} has no comment"
        for column in table.columns:
            assert column.comment, f"{table.name}.{column.name} has no comment"
            assert f"| `{column.name}` |" in doc
    assert "`ix_roles_name_day`: (lower(name), event_day) where actor_id IS NULL" in doc
