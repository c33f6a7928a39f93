# ruff: noqa: E501
# (alembic renders each column comment on one line)
"""The state of newsevents watch: the sources polled and the items each has given.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

The table definitions were rendered by alembic's autogenerate from
``newsevents.store.schema`` and must match it (``tests/store/test_store_migrations.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create watch_sources and watch_items."""
    op.create_table(
        "watch_sources",
        sa.Column(
            "source",
            sa.String(),
            nullable=False,
            comment="The feed URL, or the absolute path of the feed file or folder.",
        ),
        sa.Column(
            "kind", sa.String(length=16), nullable=False, comment="feed, feed file or folder."
        ),
        sa.Column(
            "etag",
            sa.Text(),
            nullable=True,
            comment="ETag of the feed's last full answer, sent as If-None-Match.",
        ),
        sa.Column(
            "last_modified",
            sa.Text(),
            nullable=True,
            comment="Last-Modified of the feed's last full answer, sent as If-Modified-Since.",
        ),
        sa.Column(
            "last_polled",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When it was last polled (UTC).",
        ),
        sa.Column(
            "last_ok",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When a poll last succeeded (UTC).",
        ),
        sa.Column(
            "failures",
            sa.Integer(),
            nullable=False,
            comment="Polls that failed in a row (0 after a success).",
        ),
        sa.Column(
            "last_error",
            sa.Text(),
            nullable=True,
            comment="Why the last poll failed, when it did.",
        ),
        sa.Column(
            "next_attempt",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When it is due again (UTC): a poll interval after a success, sooner (exponential backoff) after a failure.",
        ),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_watch_sources")),
        comment="Sources polled by newsevents watch, with the state of their polling.",
    )
    op.create_table(
        "watch_items",
        sa.Column(
            "source",
            sa.String(),
            nullable=False,
            comment="The source it came from (watch_sources.source).",
        ),
        sa.Column(
            "item_key",
            sa.String(),
            nullable=False,
            comment="The feed entry's id (else its link), or the file's relative path|modification time (ns)|size.",
        ),
        sa.Column(
            "article_id",
            sa.String(),
            nullable=True,
            comment="The article stored from it (articles.id), when one was.",
        ),
        sa.Column(
            "status",
            sa.String(length=16),
            nullable=False,
            comment="stored (its article is in the database), unreadable (no article could be read from it), failed (retried at later polls) or abandoned (failed too often).",
        ),
        sa.Column(
            "attempts", sa.Integer(), nullable=False, comment="Times it was read or fetched."
        ),
        sa.Column(
            "last_error",
            sa.Text(),
            nullable=True,
            comment="Why it could not be read, when it could not.",
        ),
        sa.Column(
            "first_seen",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When it was first seen (UTC).",
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When its status was last set (UTC).",
        ),
        sa.ForeignKeyConstraint(
            ["source"],
            ["watch_sources.source"],
            name=op.f("fk_watch_items_source_watch_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source", "item_key", name=op.f("pk_watch_items")),
        comment="Feed entries and files newsevents watch has handled, so that a later poll, or a restarted watch, skips them.",
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    """Drop the tables of newsevents watch."""
    op.drop_table("watch_items")
    op.drop_table("watch_sources")
