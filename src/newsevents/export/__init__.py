"""Export stage: stored incidents as files analysts already use.

Modules, one job each:

- ``read``: the incidents to export (the ``newsevents events`` filters) with their member
  events and reporting articles, read a chunk at a time from SQLite or PostgreSQL;
- ``base``: what a format is (its fields and writer); ``flat``: the flat incident row that
  ``csv``, ``parquet`` and ``geojson`` share;
- one module per format: ``acled`` (``acled-csv``), ``plover`` (``plover-jsonl``),
  ``geojson``, ``csv``, ``parquet``; ``formats``: them all by name;
- ``codebook``: ``docs/export.md``, generated from the formats' field lists.
"""

from __future__ import annotations

from newsevents.export.base import ExportFormat, ExportStats, Field
from newsevents.export.formats import FORMATS, get_format
from newsevents.export.read import IncidentBundle, Source, read_incidents

__all__ = [
    "FORMATS",
    "ExportFormat",
    "ExportStats",
    "Field",
    "IncidentBundle",
    "Source",
    "get_format",
    "read_incidents",
]
