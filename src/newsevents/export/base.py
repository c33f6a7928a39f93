"""What every export format is made of: its fields, its writer, and what writing returns.

Each format module lists its fields once (name, type, meaning, where the value comes from) and
defines one :class:`ExportFormat`; the writer emits exactly those names in that order, and
``docs/export.md`` is rendered from the same list, so the documentation cannot drift from the
output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Literal

if TYPE_CHECKING:
    from newsevents.export.read import IncidentBundle

FieldType = Literal["string", "integer", "number", "date", "boolean", "list", "object"]


@dataclass(frozen=True)
class Field:
    """One column (tabular formats) or key (JSON formats) of an export."""

    name: str
    type: FieldType
    meaning: str
    """What the value means, in the terms of the format's own codebook."""
    source: str
    """How newsevents fills it: the table column or record field it comes from, how it is
    derived, or why it is left empty."""

    @property
    def empty(self) -> bool:
        """True for a field the format defines but newsevents always leaves empty."""
        return self.source.startswith("Left empty")


def names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The field names, in order."""
    return tuple(f.name for f in fields)


@dataclass
class ExportStats:
    """What a writer did."""

    written: int = 0
    """Incidents written."""
    skipped: int = 0
    """Incidents left out (GeoJSON: those without coordinates)."""


Writer = Callable[["Iterable[IncidentBundle]", BinaryIO], ExportStats]


@dataclass(frozen=True)
class ExportFormat:
    """One ``--format`` of ``newsevents export``."""

    name: str
    title: str
    description: str
    """What one record is and how the format follows its published definition (Markdown)."""
    fields: tuple[Field, ...]
    write: Writer
    """Writes every incident to a binary stream and says how many were written."""
    binary: bool = False
    """True when the output cannot go to a terminal (it needs ``-o FILE``)."""
    extension: str = ""
