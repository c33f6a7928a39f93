"""``--format csv``: one flat row per incident, every incident field (see :mod:`.flat`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from newsevents.export.base import ExportFormat, ExportStats, Field, names
from newsevents.export.flat import FIELDS, flat_row
from newsevents.export.read import IncidentBundle


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def write_rows(
    rows: Iterable[dict[str, Any]], fields: Sequence[Field], out: BinaryIO
) -> ExportStats:
    """Write rows as UTF-8 CSV with a header; None becomes an empty cell."""
    stats = ExportStats()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names(tuple(fields)), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
        stats.written += 1
        # Flushed every row through a small buffer: the file grows as incidents are read.
        out.write(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    return stats


def write_csv(bundles: Iterable[IncidentBundle], out: BinaryIO) -> ExportStats:
    """Every incident as a flat CSV row."""
    return write_rows((flat_row(b) for b in bundles), FIELDS, out)


FORMAT = ExportFormat(
    name="csv",
    title="Flat CSV",
    description=(
        "One row per incident with every column of the `incidents` table under its database "
        "name, then what is read from its events and articles. UTF-8, comma-separated, a "
        "header row; an empty cell is a missing value; several values in one cell are joined "
        "with `; `."
    ),
    fields=FIELDS,
    write=write_csv,
    extension="csv",
)
