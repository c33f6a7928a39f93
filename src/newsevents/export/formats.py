"""The export formats by ``--format`` name, in the order the codebook documents them."""

from __future__ import annotations

from newsevents.export import acled, csv, geojson, parquet, plover
from newsevents.export.base import ExportFormat

FORMATS: dict[str, ExportFormat] = {
    f.name: f for f in (acled.FORMAT, plover.FORMAT, geojson.FORMAT, csv.FORMAT, parquet.FORMAT)
}


def get_format(name: str) -> ExportFormat:
    """The format called ``name``; a ValueError lists the valid names."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; valid formats: {', '.join(FORMATS)}") from None
