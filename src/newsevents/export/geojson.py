"""``--format geojson``: an RFC 7946 FeatureCollection, one Point Feature per located incident.

Coordinates are ``[longitude, latitude]`` (RFC 7946 section 3.1.1: easting first), WGS84, as
every GIS tool expects; incidents without coordinates cannot be placed and are counted instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

from newsevents.export.base import ExportFormat, ExportStats, Field
from newsevents.export.flat import FIELDS as FLAT_FIELDS
from newsevents.export.flat import flat_row
from newsevents.export.read import IncidentBundle

#: Flat columns that the geometry holds instead of the properties.
_IN_GEOMETRY = ("latitude", "longitude")
PROPERTY_FIELDS = tuple(f for f in FLAT_FIELDS if f.name not in _IN_GEOMETRY)

FIELDS: tuple[Field, ...] = (
    Field("type", "string", "Always `FeatureCollection` (each feature: `Feature`).",
          "Fixed by RFC 7946."),
    Field("features", "list", "One Feature per incident that has coordinates.",
          "Incidents with incidents.latitude and incidents.longitude."),
    Field("features[].id", "integer", "Feature identifier: the incident id.", "incidents.id"),
    Field("features[].geometry", "object",
          "`{\"type\": \"Point\", \"coordinates\": [longitude, latitude]}`, WGS84 degrees.",
          "incidents.longitude, incidents.latitude"),
    Field("features[].properties", "object",
          "Every `csv` column except latitude and longitude, with the same names and values "
          "(dates as YYYY-MM-DD strings, missing values as null).", "See the csv format."),
)  # fmt: skip


def _properties(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v.isoformat() if isinstance(v, dt.date) else v
        for k, v in row.items()
        if k not in _IN_GEOMETRY
    }


def feature(bundle: IncidentBundle) -> dict[str, Any] | None:
    """The incident as a GeoJSON Feature, or None when it has no coordinates."""
    lat, lon = bundle.columns.get("latitude"), bundle.columns.get("longitude")
    if lat is None or lon is None:
        return None
    return {
        "type": "Feature",
        "id": bundle.id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": _properties(flat_row(bundle)),
    }


def write_geojson(bundles: Iterable[IncidentBundle], out: BinaryIO) -> ExportStats:
    """A FeatureCollection written feature by feature (one per line), never held whole."""
    stats = ExportStats()
    out.write(b'{"type":"FeatureCollection","features":[')
    for bundle in bundles:
        found = feature(bundle)
        if found is None:
            stats.skipped += 1
            continue
        out.write(b"\n" if not stats.written else b",\n")
        out.write(orjson.dumps(found))
        stats.written += 1
    out.write(b"\n]}\n")
    return stats


FORMAT = ExportFormat(
    name="geojson",
    title="GeoJSON",
    description=(
        "An RFC 7946 `FeatureCollection`: one `Feature` with a `Point` geometry per incident "
        "that has coordinates, `coordinates` being `[longitude, latitude]` (longitude first, "
        "as RFC 7946 requires). Incidents without coordinates are left out, and their number "
        "is printed on standard error. The properties are the `csv` columns except latitude "
        "and longitude:\n\n" + ", ".join(f"`{f.name}`" for f in PROPERTY_FIELDS) + "."
    ),
    fields=FIELDS,
    write=write_geojson,
    extension="geojson",
)
