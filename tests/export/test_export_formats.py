"""Every export format on SQLite and PostgreSQL: columns and keys, one record per incident,
sources and disagreeing reports kept side by side, filters, GeoJSON order, Parquet types."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsevents.export import ExportStats, get_format, read_incidents
from newsevents.export.acled import FIELDS as ACLED_FIELDS
from newsevents.export.base import names
from newsevents.export.flat import FIELDS as FLAT_FIELDS
from newsevents.export.geojson import PROPERTY_FIELDS
from newsevents.export.plover import FIELDS as PLOVER_FIELDS
from newsevents.store.db import Database
from newsevents.store.query import EventFilter

#: ACLED's CSV columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip


def _no_kb(name: str) -> Sequence[str]:
    return []


def _export(db: Database, fmt: str, **flt: Any) -> tuple[bytes, ExportStats]:
    out = io.BytesIO()
    with db.session() as session:
        bundles = read_incidents(session, EventFilter(**flt), actor_ids=_no_kb)
        stats = get_format(fmt).write(bundles, out)
    return out.getvalue(), stats


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_acled_csv_has_acleds_columns_and_one_row_per_incident(filled: Database) -> None:
    data, stats = _export(filled, "acled-csv")
    header = data.decode().splitlines()[0].split(",")
    assert tuple(header) == ACLED_COLUMNS == names(ACLED_FIELDS)
    rows = _csv(data)
    assert stats.written == len(rows) == 3
    # Oldest first, undated last.
    assert [r["location"] for r in rows] == ["Mopti", "Gao", "Kano"]
    mopti = rows[0]
    assert mopti["event_date"] == "2020-06-01" and mopti["year"] == "2020"
    assert mopti["country"] == "Mali" and mopti["iso"] == "466"
    assert mopti["event_id_cnty"].startswith("MLI")
    assert mopti["disorder_type"] == "Political violence" and mopti["time_precision"] == "1"
    assert mopti["geo_precision"] == "1" and mopti["fatalities"] == "3"
    assert (mopti["latitude"], mopti["longitude"]) == ("14.49", "-4.18")
    assert mopti["region"] == "Western Africa" and mopti["admin2"] == "Mopti Cercle"
    assert mopti["admin3"] == mopti["source_scale"] == ""
    assert int(mopti["timestamp"]) > 0
    # Nothing reported killed: ACLED's 0.
    assert rows[2]["fatalities"] == "0" and rows[2]["event_date"] == ""


def test_acled_two_reports_make_one_row_with_both_sources(filled: Database) -> None:
    (gao,) = [r for r in _csv(_export(filled, "acled-csv")[0]) if r["location"] == "Gao"]
    assert gao["source"] == (
        "Sahel Wire (https://example.org/gao); Mali Daily (https://example.org/gao2)"
    )
    assert "Gunmen killed" in gao["notes"] and "Islamic State fighters killed" in gao["notes"]


def test_acled_disagreeing_perpetrators_and_claimants_are_kept_side_by_side(
    filled: Database,
) -> None:
    (gao,) = [r for r in _csv(_export(filled, "acled-csv")[0]) if r["location"] == "Gao"]
    assert gao["actor1"] == "Gunmen"
    assert gao["assoc_actor_1"] == "Islamic State fighters"
    # Claims are never taken for the perpetrator.
    assert gao["tags"] == "claimed by JNIM; claimed by ISGS"
    assert gao["actor2"] == "soldiers" and gao["inter2"] == "1"
    assert gao["fatalities"] == "4"  # the incident's best estimate (its first report)


def test_plover_records_use_plovers_keys(filled: Database) -> None:
    data, stats = _export(filled, "plover-jsonl")
    records = [json.loads(line) for line in data.decode().splitlines()]
    assert stats.written == len(records) == 3
    for record in records:
        assert tuple(record) == names(PLOVER_FIELDS)
    gao = records[1]
    assert gao["event"] == ["ASSAULT"] and gao["mode"] == ["firearms"]
    assert gao["date"] == gao["enddate"] == "2021-03-07"
    assert [a["actor_text"] for a in gao["actor"]] == ["Gunmen", "Islamic State fighters"]
    assert set(gao["actor"][0]) >= {"code", "sector", "actor_text", "identifier_id"}
    assert [a["identifier_text"] for a in gao["recipient"]] == ["soldiers"]
    assert gao["recipient"][0]["sector"] == "MIL"
    assert [c["identifier_text"] for c in gao["claimant"]] == ["JNIM", "ISGS"]
    assert [c["publication"] for c in gao["cite_info"]] == ["Sahel Wire", "Mali Daily"]
    assert gao["urls"] == ["https://example.org/gao", "https://example.org/gao2"]
    assert gao["event_loc"]["lat"] == 16.27 and gao["event_loc"]["lon"] == -0.04
    assert gao["event_loc"]["country_code"] == "MLI"
    assert gao["quad_code"] == 4 and isinstance(gao["event_scale"], float)
    assert gao["dead"] == 4 and gao["n_events"] == 2 and gao["n_sources"] == 2
    assert records[2]["event_loc"]["lat"] is None and records[2]["date"] is None


def test_geojson_is_lon_lat_and_leaves_out_unplaced_incidents(filled: Database) -> None:
    data, stats = _export(filled, "geojson")
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert stats.written == len(features) == 2 and stats.skipped == 1
    mopti = features[0]
    assert mopti["type"] == "Feature" and mopti["geometry"]["type"] == "Point"
    assert mopti["geometry"]["coordinates"] == [-4.18, 14.49]  # [longitude, latitude]
    assert tuple(mopti["properties"]) == names(PROPERTY_FIELDS)
    assert "latitude" not in mopti["properties"]
    assert mopti["id"] == mopti["properties"]["incident_id"]


def test_geojson_with_no_incident_is_an_empty_collection(filled: Database) -> None:
    data, stats = _export(filled, "geojson", country="NGA")
    assert json.loads(data) == {"type": "FeatureCollection", "features": []}
    assert (stats.written, stats.skipped) == (0, 1)


def test_csv_has_every_incident_field(filled: Database) -> None:
    data, _ = _export(filled, "csv")
    rows = _csv(data)
    assert tuple(rows[0]) == names(FLAT_FIELDS)
    gao = rows[1]
    assert (gao["fatalities_low"], gao["fatalities"], gao["fatalities_high"]) == ("4", "4", "4")
    assert (gao["n_events"], gao["n_sources"]) == ("2", "2")
    assert gao["first_published"] == "2021-03-08"
    assert gao["urls"] == "https://example.org/gao; https://example.org/gao2"
    assert gao["perpetrators"] == "Gunmen; Islamic State fighters"
    assert gao["claimed_by"] == "JNIM; ISGS" and gao["event_ids"] == "gao-e0; gao2-e0"
    assert rows[2]["event_date"] == "" and rows[2]["latitude"] == ""


def test_parquet_round_trip_keeps_types_and_values(filled: Database) -> None:
    data, stats = _export(filled, "parquet")
    table = pq.read_table(io.BytesIO(data))
    assert stats.written == table.num_rows == 3
    assert tuple(table.column_names) == names(FLAT_FIELDS)
    schema = table.schema
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("first_published").type == pa.date32()
    assert schema.field("fatalities").type == pa.int64()
    assert schema.field("incident_id").type == pa.int64()
    assert schema.field("latitude").type == pa.float64()
    assert schema.field("urls").type == pa.string()
    rows = table.to_pylist()
    assert rows[0]["event_date"] == dt.date(2020, 6, 1)
    assert rows[2]["event_date"] is None and rows[2]["fatalities"] is None
    # The same values as the CSV export.
    flat = _csv(_export(filled, "csv")[0])
    for typed, text in zip(rows, flat, strict=True):
        as_text = {k: "" if v is None else str(v) for k, v in typed.items()}
        assert as_text == text


@pytest.mark.parametrize(
    ("flt", "locations"),
    [
        ({"country": "NGA"}, ["Kano"]),
        ({"type": "COERCE"}, ["Kano"]),
        ({"since": dt.date(2021, 1, 1)}, ["Gao"]),
        ({"until": dt.date(2020, 12, 31)}, ["Mopti"]),
        ({"near": "14.5,-4.2,20"}, ["Mopti"]),
        ({"text": "farmers"}, ["Mopti"]),
        # The second report's perpetrator finds the whole incident.
        ({"actor": "Islamic State fighters"}, ["Gao"]),
        ({"actor": "nobody at all"}, []),
    ],
)
def test_filters_select_incidents_by_any_event(
    filled: Database, flt: dict[str, Any], locations: list[str]
) -> None:
    rows = _csv(_export(filled, "csv", **flt)[0])
    assert [r["location"] for r in rows] == locations
    if locations == ["Gao"]:
        assert rows[0]["n_sources"] == "2"
        assert rows[0]["article_ids"] == "gao; gao2"


def test_incidents_without_events_are_not_exported(filled: Database) -> None:
    with filled.session() as session:
        exported = [b.id for b in read_incidents(session, actor_ids=_no_kb)]
    assert len(exported) == 3
    # group_incidents left the incidents fusion made with n_events = 0: none of them appear.
    assert min(exported) > 1000
