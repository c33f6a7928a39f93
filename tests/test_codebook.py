"""docs/codebook.md is generated from the models and must stay in step with them."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from newsevents import codebook, model
from newsevents.codebook import REGENERATE_COMMAND, documented_types, render_codebook
from newsevents.model import Event, Modality

CODEBOOK = Path(__file__).resolve().parents[1] / "docs" / "codebook.md"


def _section(markdown: str, heading: str) -> str:
    """The text under ``### heading`` up to the next heading."""
    match = re.search(rf"^### {heading}\n(.*?)(?=^#)", markdown, flags=re.M | re.S)
    assert match, f"no section {heading!r} in the codebook"
    return match.group(1)


def test_docs_codebook_is_up_to_date() -> None:
    assert CODEBOOK.read_text(encoding="utf-8") == render_codebook(), (
        f"docs/codebook.md is out of date with newsevents.model; regenerate it with "
        f"`{REGENERATE_COMMAND}` (or scripts/codebook)."
    )


def test_render_is_deterministic() -> None:
    assert render_codebook() == render_codebook()


def test_every_event_field_is_documented_in_its_table() -> None:
    rows = _section(render_codebook(), "Event")
    for name, info in Event.model_fields.items():
        row = re.search(rf"^\| `{name}` \|.*$", rows, flags=re.M)
        assert row, f"Event.{name} is missing from the codebook"
        assert info.description and info.description in row.group(0)


def test_every_model_and_enum_of_the_module_is_documented() -> None:
    text = render_codebook()
    records, enums = documented_types()
    for cls in vars(model).values():
        if isinstance(cls, type) and cls.__module__ == model.__name__:
            if cls.__name__.startswith("_"):
                continue
            assert cls in records or cls in enums
            assert f"\n### {cls.__name__}\n" in text
    assert issubclass(records[0], BaseModel) and all(issubclass(e, Enum) for e in enums)


def test_enum_fields_list_their_allowed_values() -> None:
    row = re.search(r"^\| `modality` \|.*$", _section(render_codebook(), "Event"), flags=re.M)
    assert row
    for member in Modality:
        assert f"`{member.value}`" in row.group(0)


def test_types_defaults_and_bounds_are_rendered() -> None:
    rows = _section(render_codebook(), "Event")
    assert re.search(r"^\| `id` \| string \| required \|", rows, flags=re.M)
    assert re.search(r"^\| `time` \| \[TimeRef\]\(#timeref\) or null \| `null` \|", rows, re.M)
    assert re.search(r"^\| `roles` \| list of \[Role\]\(#role\) \| `\[\]` \|", rows, re.M)
    assert re.search(r"^\| `confidence` \| number \| `0.5` \| 0 to 1 \|", rows, re.M)


def test_pipes_in_descriptions_do_not_break_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    class Piped(BaseModel):
        """A record whose description contains a pipe."""

        value: int = Field(description="either a | b")

    Piped.__module__ = model.__name__
    monkeypatch.setattr(model, "Piped", Piped, raising=False)
    rows = _section(codebook.render_codebook(), "Piped")
    assert "either a \\| b" in rows
