"""Events by country are indexed with their type, so type and country together are counted
and listed from the index alone (``ix_events_country_date`` becomes
``ix_events_country_date_type``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Replace the (country, date) index by (country, date, type)."""
    op.create_index(
        "ix_events_country_date_type",
        "events",
        ["country_iso3", "event_date", "event_type"],
        unique=False,
    )
    op.drop_index("ix_events_country_date", table_name="events")


def downgrade() -> None:
    """Back to the (country, date) index."""
    op.create_index(
        "ix_events_country_date", "events", ["country_iso3", "event_date"], unique=False
    )
    op.drop_index("ix_events_country_date_type", table_name="events")
