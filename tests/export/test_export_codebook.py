"""docs/export.md is generated from the format definitions and must stay in step."""

from __future__ import annotations

from pathlib import Path

from newsevents.export import FORMATS
from newsevents.export.codebook import REGENERATE_COMMAND, render_export_codebook

DOC = Path(__file__).resolve().parents[2] / "docs" / "export.md"


def test_docs_export_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_export_codebook(), (
        f"docs/export.md is out of date with newsevents.export; regenerate it with "
        f"`{REGENERATE_COMMAND}`."
    )


def test_every_field_of_every_format_is_described() -> None:
    doc = render_export_codebook()
    for fmt in FORMATS.values():
        assert f"## `{fmt.name}`: {fmt.title}" in doc
        for field in fmt.fields:
            assert field.meaning and field.source, f"{fmt.name}.{field.name} is undocumented"
            assert f"| `{field.name}` |" in doc


def test_cli_lists_the_same_formats() -> None:
    from newsevents.cli.export import FORMAT_NAMES

    assert tuple(FORMATS) == FORMAT_NAMES
