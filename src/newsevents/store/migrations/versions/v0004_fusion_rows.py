# ruff: noqa: E501
# (alembic renders each column comment on one line)
"""Fusion's corpus statistics as rows updated with each article, and the fusion order of
articles.

What fusion learns from the articles (term document frequencies, recurring sentences) was one
JSON value in ``fusion_state``, saved every few hundred articles: after a crash, a resumed run
decided with other statistics than a clean run. Now each term and each sentence is a row of
``fusion_terms`` / ``fusion_segments``, written in the transaction of the article that changed
it, and ``fusion_state.documents`` counts the articles they cover. The saved value is
converted into those rows.

``articles.seq`` is the order articles are fused in (input order, also when cluster workers
store them concurrently); the articles already stored get their storage order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from newsevents.store.types import PackedText, unpack_text

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_CORPUS = "corpus"


def _signed(key: int) -> int:
    return key - (1 << 64) if key >= 1 << 63 else key


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def _keeps_comments() -> bool:
    # SQLite has no comments on tables and columns.
    return op.get_bind().dialect.name == "postgresql"


def _create_tables() -> tuple[sa.Table, sa.Table]:
    terms = op.create_table(
        "fusion_terms",
        sa.Column(
            "term",
            sa.String(),
            nullable=False,
            comment="A salient term: a name, a #number or a pair of names (fuse/terms.py).",
        ),
        sa.Column(
            "documents",
            sa.Integer(),
            nullable=False,
            comment="Articles whose main profile holds it (its document frequency, for IDF).",
        ),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_fusion_terms")),
        comment="Term document frequencies fusion learns from the articles stored, updated in the transaction of each article.",
        sqlite_with_rowid=False,
    )
    segments = op.create_table(
        "fusion_segments",
        sa.Column(
            "key",
            sa.BigInteger(),
            autoincrement=False,
            nullable=False,
            comment="A hash of the normalised sentence (signed 64 bits, fuse/boilerplate.py).",
        ),
        sa.Column("documents", sa.Integer(), nullable=False, comment="Articles that carry it."),
        sa.Column(
            "first_published",
            sa.Date(),
            nullable=True,
            comment="Earliest publication date among them.",
        ),
        sa.Column(
            "last_published",
            sa.Date(),
            nullable=True,
            comment="Latest publication date among them.",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_fusion_segments")),
        comment="Sentences seen in the articles stored, to recognise site boilerplate (a sentence in several articles published weeks apart); updated in the transaction of each article.",
        sqlite_with_rowid=False,
    )
    assert terms is not None and segments is not None
    return terms, segments


def _convert(terms: sa.Table, segments: sa.Table) -> int:
    """Move the saved JSON statistics into rows; the number of articles they cover."""
    conn = op.get_bind()
    state = sa.table(
        "fusion_state",
        sa.column("name", sa.String()),
        sa.column("documents", sa.Integer()),
        sa.column("value", PackedText()),
    )
    row = conn.execute(
        sa.select(state.c.documents, state.c.value).where(state.c.name == _CORPUS)
    ).first()
    if row is None:
        return 0
    data: dict[str, Any] = json.loads(unpack_text(row.value) or "{}")
    df = data.get("terms", {}).get("df", {})
    term_rows = [{"term": str(t), "documents": int(n)} for t, n in df.items()]
    segment_rows = [
        {
            "key": _signed(int(k)),
            "documents": int(v[0]),
            "first_published": _day(v[1]),
            "last_published": _day(v[2]),
        }
        for k, v in data.get("segments", {}).items()
    ]
    for table, rows in ((terms, term_rows), (segments, segment_rows)):
        for start in range(0, len(rows), 5000):
            conn.execute(sa.insert(table), rows[start : start + 5000])
    return int(row.documents)


def upgrade() -> None:
    """Statistics as rows, one counter row; articles.seq in storage order."""
    terms, segments = _create_tables()
    documents = _convert(terms, segments)
    op.execute(sa.text("DELETE FROM fusion_state"))
    # Both databases drop a column in place (SQLite since 3.35); a batch rebuild would
    # write the table's definition differently from the other migrations.
    op.execute(sa.text("ALTER TABLE fusion_state DROP COLUMN value"))
    if _keeps_comments():
        op.alter_column(
            "fusion_state",
            "documents",
            existing_type=sa.Integer(),
            existing_nullable=False,
            comment="Articles the statistics cover (fusion_terms, fusion_segments).",
        )
        op.create_table_comment(
            "fusion_state",
            "The number of articles fusion has learnt its corpus statistics from, updated with them in the transaction of each article.",
        )
    # The counter row always exists, so that concurrent writers lock it rather than race to
    # insert it.
    op.get_bind().execute(
        sa.text("INSERT INTO fusion_state (name, documents, saved_at) VALUES (:n, :d, :t)"),
        {"n": _CORPUS, "d": documents, "t": dt.datetime.now(dt.UTC)},
    )
    with op.batch_alter_table("articles") as batch:
        batch.add_column(
            sa.Column(
                "seq",
                sa.BigInteger(),
                nullable=True,
                comment="Its place in the order articles are fused in: the order they were given to storage (input order; on a cluster, given in input order once stored). Empty while a cluster worker's article waits for it.",
            )
        )
    op.create_index("ix_articles_seq", "articles", ["seq"], unique=False)
    op.execute(
        sa.text(
            "UPDATE articles SET seq = ranked.n FROM (SELECT id, row_number() OVER "
            "(ORDER BY stored_at, id) AS n FROM articles) AS ranked WHERE articles.id = ranked.id"
        )
    )


def downgrade() -> None:
    """Back to one JSON value (the statistics themselves are dropped: fusion starts its
    statistics again from the articles stored after the downgrade)."""
    op.drop_index("ix_articles_seq", table_name="articles")
    op.execute(sa.text("ALTER TABLE articles DROP COLUMN seq"))
    op.drop_table("fusion_state")
    op.create_table(
        "fusion_state",
        sa.Column("name", sa.String(), nullable=False, comment="What is kept: 'corpus'."),
        sa.Column(
            "documents", sa.Integer(), nullable=False, comment="Articles the statistics cover."
        ),
        sa.Column(
            "value",
            PackedText(),
            nullable=False,
            comment="The statistics as JSON (term document frequencies, recurring sentences).",
        ),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False, comment="When (UTC)."),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_fusion_state")),
        comment="Corpus statistics fusion learns from the articles stored (IDF of terms, site boilerplate); saved every few hundred articles and at the end of each run.",
    )
    op.drop_table("fusion_segments")
    op.drop_table("fusion_terms")
