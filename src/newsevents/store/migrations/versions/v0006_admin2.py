"""The second-level subdivision (a US county) of each event and incident place:
``events.admin2`` and ``incidents.admin2``, and ``admin2`` and ``locality`` in the ``places``
view.

Events already stored get theirs from their records (extraction has kept it there since the
gazetteer knew counties); an incident takes the one of its event at the incident's point.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from newsevents.store.records import load_record
from newsevents.store.types import unpack_text

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_EVENT_COMMENT = "Second-level subdivision (a US county) of the event place."
_INCIDENT_COMMENT = "Second-level subdivision (a US county)."

_PLACE_COLUMNS = (
    "text", "is_event_location", "name", "geonames_id", "latitude", "longitude",
    "country_iso3", "admin1", "admin2", "locality", "precision", "confidence",
)  # fmt: skip
_PG_CASTS = {
    "is_event_location": "boolean",
    "geonames_id": "integer",
    "latitude": "double precision",
    "longitude": "double precision",
    "confidence": "double precision",
}


def _sqlite_places(columns: tuple[str, ...]) -> str:
    fields = ",\n       ".join(f"json_extract(s.value, '$.{c}') AS {c}" for c in columns)
    return f"""
CREATE VIEW places AS
SELECT e.pk AS event_pk,
       CAST(s.key AS INTEGER) AS ordinal,
       {fields}
FROM events AS e
JOIN articles AS a ON a.id = e.article_id,
     json_each(newsevents_record(e.record, a.text), '$.places') AS s
"""


def _pg_places(columns: tuple[str, ...]) -> str:
    def field(c: str) -> str:
        cast = _PG_CASTS.get(c)
        return f"(s.v ->> '{c}')::{cast} AS {c}" if cast else f"s.v ->> '{c}' AS {c}"

    fields = ",\n       ".join(field(c) for c in columns)
    return f"""
CREATE VIEW places AS
SELECT e.pk AS event_pk,
       (s.o - 1)::integer AS ordinal,
       {fields}
FROM events AS e
CROSS JOIN LATERAL jsonb_array_elements(COALESCE(e.record -> 'places', '[]'::jsonb))
    WITH ORDINALITY AS s(v, o)
"""


def _recreate_places(columns: tuple[str, ...]) -> None:
    op.execute("DROP VIEW IF EXISTS places")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_pg_places(columns))
    else:
        op.execute(_sqlite_places(columns))


def _event_admin2(record: dict[str, Any]) -> str | None:
    """The admin2 of an event record's location (the place marked as where it happened)."""
    for place in record.get("places") or []:
        if place.get("is_event_location"):
            value = place.get("admin2")
            return str(value) if value else None
    return None


def _text(value: Any) -> str | None:
    """``articles.text`` as read in plain SQL (packed on SQLite, see store/types.py)."""
    return None if value is None else unpack_text(value)


def _backfill() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT e.pk, e.record, a.text FROM events AS e "
            "JOIN articles AS a ON a.id = e.article_id WHERE e.latitude IS NOT NULL"
        )
    )
    updates = [
        {"pk": pk, "admin2": admin2}
        for pk, record, text in rows
        if (admin2 := _event_admin2(load_record(record, _text(text)))) is not None
    ]
    if updates:
        conn.execute(sa.text("UPDATE events SET admin2 = :admin2 WHERE pk = :pk"), updates)
    conn.execute(
        sa.text(
            "UPDATE incidents SET admin2 = (SELECT e.admin2 FROM events AS e "
            "WHERE e.incident_id = incidents.id AND e.admin2 IS NOT NULL "
            "AND e.latitude = incidents.latitude AND e.longitude = incidents.longitude "
            "ORDER BY e.pk LIMIT 1) WHERE incidents.latitude IS NOT NULL"
        )
    )


def upgrade() -> None:
    """Add the columns, fill them from the stored records, and widen the ``places`` view."""
    op.add_column("events", sa.Column("admin2", sa.Text(), nullable=True, comment=_EVENT_COMMENT))
    op.add_column(
        "incidents", sa.Column("admin2", sa.Text(), nullable=True, comment=_INCIDENT_COMMENT)
    )
    _backfill()
    _recreate_places(_PLACE_COLUMNS)


def downgrade() -> None:
    """Drop the columns (in place: a copied table would break the views on it)."""
    _recreate_places(tuple(c for c in _PLACE_COLUMNS if c not in ("admin2", "locality")))
    op.drop_column("incidents", "admin2")
    op.drop_column("events", "admin2")
