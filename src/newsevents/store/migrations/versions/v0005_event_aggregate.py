"""Events that sum many incidents ("2,000 detained since September") are marked:
``events.aggregate``, false for the events already stored (extracted before such sums were
told apart).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add ``events.aggregate``."""
    op.add_column(
        "events",
        sa.Column(
            "aggregate",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="True for a sum over many incidents ('2,000 detained since September'), "
            "not one incident: its counts are totals and it has no date.",
        ),
    )


def downgrade() -> None:
    """Drop ``events.aggregate`` (in place: a copied table would break the views on it)."""
    op.drop_column("events", "aggregate")
