"""``--format parquet``: the columns of ``csv``, typed (dates as date32, nullable integers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

from newsevents.export.base import ExportFormat, ExportStats, Field
from newsevents.export.flat import FIELDS, flat_row
from newsevents.export.read import IncidentBundle

#: Incidents per row group: bounded memory, and row groups big enough to compress well.
ROW_GROUP = 10_000


def arrow_schema(fields: tuple[Field, ...] = FIELDS) -> Any:
    """The pyarrow schema of the export: every column nullable, typed from its field."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "date": pa.date32(),
        "boolean": pa.bool_(),
    }
    return pa.schema(
        [
            pa.field(f.name, types[f.type], nullable=True, metadata={"description": f.meaning})
            for f in fields
        ]
    )


def write_parquet(bundles: Iterable[IncidentBundle], out: BinaryIO) -> ExportStats:
    """Every incident as a Parquet row, ``ROW_GROUP`` incidents per row group."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    stats = ExportStats()
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for bundle in bundles:
            batch.append(flat_row(bundle))
            if len(batch) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                stats.written += len(batch)
                batch = []
        # Written even when empty, so that an export matching nothing is a valid empty table.
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        stats.written += len(batch)
    return stats


FORMAT = ExportFormat(
    name="parquet",
    title="Parquet",
    description=(
        "The columns of `csv`, in the same order and with the same values, as an Apache "
        "Parquet file with real types: dates are `date32`, counts and ids nullable `int64`, "
        "coordinates `float64`, the rest UTF-8 strings (lists `; `-joined as in `csv`). Each "
        "column carries its description in its field metadata. Needs `-o FILE`."
    ),
    fields=FIELDS,
    write=write_parquet,
    binary=True,
    extension="parquet",
)
