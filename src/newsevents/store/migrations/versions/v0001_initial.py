# ruff: noqa: E501
# (alembic renders each column comment on one line)
"""The initial schema: articles, events, incidents and their parts, fusion state, full-text
search, evidence.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

The table definitions were rendered by alembic's autogenerate from
``newsevents.store.schema`` and must match it (``tests/store/test_store_migrations.py``).
The full-text index and the views (places, attributions, evidence) are written by hand because their
form differs by database (see ``newsevents.store.search`` and ``newsevents.store.schema``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newsevents.store.types import PackedText, RecordColumn

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_SQLITE_SEARCH = (
    # content='': the words are indexed, not stored again (events.record has them).
    # detail=none, columnsize=0: which events hold a word, without positions or lengths; all
    # a search for events holding every word needs, at a fraction of the size and time.
    "CREATE VIRTUAL TABLE event_search USING fts5(body, content='', detail=none, "
    "columnsize=0, tokenize='porter unicode61 remove_diacritics 2')"
)
_PG_SEARCH = (
    "CREATE TABLE event_search ("
    "event_pk BIGINT PRIMARY KEY REFERENCES events (pk) ON DELETE CASCADE, "
    "document TSVECTOR NOT NULL)",
    "CREATE INDEX ix_event_search_document ON event_search USING GIN (document)",
)
# The evidence view lists the spans of newsevents.store.rows.evidence_spans, in its terms.
_SQLITE_EVIDENCE = """
CREATE VIEW evidence AS
SELECT e.pk AS event_pk,
       json_extract(s.value, '$[0]') AS field,
       json_extract(s.value, '$[1]') AS item,
       json_extract(s.value, '$[2]') AS start_char,
       json_extract(s.value, '$[3]') AS end_char,
       json_extract(s.value, '$[4]') AS text
FROM events AS e
JOIN articles AS a ON a.id = e.article_id,
     json_each(newsevents_evidence(e.record, a.text)) AS s
"""
_SQLITE_ATTRIBUTIONS = """
CREATE VIEW attributions AS
SELECT e.pk AS event_pk,
       CAST(s.key AS INTEGER) AS ordinal,
       json_extract(s.value, '$.source') AS source,
       json_extract(s.value, '$.kind') AS kind,
       json_extract(s.value, '$.actor_id') AS actor_id,
       json_extract(s.value, '$.text') AS text,
       json_extract(s.value, '$.cue') AS cue,
       json_extract(s.value, '$.confidence') AS confidence
FROM events AS e
JOIN articles AS a ON a.id = e.article_id,
     json_each(newsevents_record(e.record, a.text), '$.attribution') AS s
"""
_PG_ATTRIBUTIONS = """
CREATE VIEW attributions AS
SELECT e.pk AS event_pk,
       (s.o - 1)::integer AS ordinal,
       s.v ->> 'source' AS source,
       s.v ->> 'kind' AS kind,
       s.v ->> 'actor_id' AS actor_id,
       s.v ->> 'text' AS text,
       s.v ->> 'cue' AS cue,
       (s.v ->> 'confidence')::double precision AS confidence
FROM events AS e
CROSS JOIN LATERAL jsonb_array_elements(COALESCE(e.record -> 'attribution', '[]'::jsonb))
    WITH ORDINALITY AS s(v, o)
"""
_SQLITE_PLACES = """
CREATE VIEW places AS
SELECT e.pk AS event_pk,
       CAST(s.key AS INTEGER) AS ordinal,
       json_extract(s.value, '$.text') AS text,
       json_extract(s.value, '$.is_event_location') AS is_event_location,
       json_extract(s.value, '$.name') AS name,
       json_extract(s.value, '$.geonames_id') AS geonames_id,
       json_extract(s.value, '$.latitude') AS latitude,
       json_extract(s.value, '$.longitude') AS longitude,
       json_extract(s.value, '$.country_iso3') AS country_iso3,
       json_extract(s.value, '$.admin1') AS admin1,
       json_extract(s.value, '$.precision') AS precision,
       json_extract(s.value, '$.confidence') AS confidence
FROM events AS e
JOIN articles AS a ON a.id = e.article_id,
     json_each(newsevents_record(e.record, a.text), '$.places') AS s
"""
_PG_PLACES = """
CREATE VIEW places AS
SELECT e.pk AS event_pk,
       (s.o - 1)::integer AS ordinal,
       s.v ->> 'text' AS text,
       (s.v ->> 'is_event_location')::boolean AS is_event_location,
       s.v ->> 'name' AS name,
       (s.v ->> 'geonames_id')::integer AS geonames_id,
       (s.v ->> 'latitude')::double precision AS latitude,
       (s.v ->> 'longitude')::double precision AS longitude,
       s.v ->> 'country_iso3' AS country_iso3,
       s.v ->> 'admin1' AS admin1,
       s.v ->> 'precision' AS precision,
       (s.v ->> 'confidence')::double precision AS confidence
FROM events AS e
CROSS JOIN LATERAL jsonb_array_elements(COALESCE(e.record -> 'places', '[]'::jsonb))
    WITH ORDINALITY AS s(v, o)
"""
_PG_EVIDENCE = """
CREATE VIEW evidence AS
SELECT e.pk AS event_pk, f.field, f.item,
       (s.span ->> 'start')::integer AS start_char,
       (s.span ->> 'end')::integer AS end_char,
       s.span ->> 'text' AS text
FROM events AS e
CROSS JOIN LATERAL (
    SELECT k.field, (t.o - 1)::integer AS item, jsonb_build_array(t.v) AS spans
    FROM unnest(ARRAY['triggers', 'sentences', 'modality_cues']) AS k(field),
         jsonb_array_elements(COALESCE(e.record -> k.field, '[]'::jsonb))
             WITH ORDINALITY AS t(v, o)
    UNION ALL
    SELECT k.field, (t.o - 1)::integer, COALESCE(t.v -> 'spans', '[]'::jsonb)
    FROM unnest(ARRAY['roles', 'places', 'instruments', 'attribution', 'claims']) AS k(field),
         jsonb_array_elements(COALESCE(e.record -> k.field, '[]'::jsonb))
             WITH ORDINALITY AS t(v, o)
    UNION ALL
    SELECT k.field, 0, COALESCE(e.record -> k.field -> 'spans', '[]'::jsonb)
    FROM unnest(ARRAY['time', 'killed', 'injured', 'arrested', 'kidnapped']) AS k(field)
    WHERE jsonb_typeof(e.record -> k.field) = 'object'
) AS f
CROSS JOIN LATERAL jsonb_array_elements(f.spans) AS s(span)
"""


def upgrade() -> None:
    """Create every table and index of the first schema."""
    op.create_table(
        "actors",
        sa.Column(
            "id",
            sa.String(),
            nullable=False,
            comment="Knowledge-base id, or the stable 'unk_' id of an unknown named actor.",
        ),
        sa.Column("name", sa.Text(), nullable=False, comment="Canonical name (as first stored)."),
        sa.Column("kind", sa.String(length=16), nullable=False, comment="Kind of actor."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        comment="Every resolved actor named by a stored role, claim or attribution.",
        sqlite_with_rowid=False,
    )
    op.create_table(
        "articles",
        sa.Column(
            "id",
            sa.String(),
            nullable=False,
            comment="Stable id: a hash of the normalised URL, else of the text.",
        ),
        sa.Column("url", sa.Text(), nullable=True, comment="Where the article was published."),
        sa.Column("outlet", sa.Text(), nullable=True, comment="Publishing outlet."),
        sa.Column("published", sa.Date(), nullable=True, comment="Publication date."),
        sa.Column("title", sa.Text(), nullable=True, comment="Headline."),
        sa.Column("language", sa.String(), nullable=True, comment="ISO 639-1 code when detected."),
        sa.Column("tags", sa.JSON(), nullable=True, comment="Site tags or keywords (JSON list)."),
        sa.Column(
            "source_path", sa.Text(), nullable=True, comment="File the article was read from."
        ),
        sa.Column(
            "text",
            PackedText(),
            nullable=False,
            comment="Body text, the offsets of every evidence span refer to it (zlib-packed on SQLite, see store/types.py).",
        ),
        sa.Column("n_events", sa.Integer(), nullable=False, comment="Events stored from it."),
        sa.Column(
            "reason", sa.Text(), nullable=True, comment="Why no event was found, when none was."
        ),
        sa.Column(
            "stored_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When it was stored (UTC).",
        ),
        sa.Column(
            "incident_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
            comment="The incident the article mainly reports (that of its main event; for an article without events, the incident its words and date place it in).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        comment="One row per article read; articles without events are kept so that reading them again is skipped.",
    )
    op.create_table(
        "incidents",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
            comment="Incident id.",
        ),
        sa.Column("n_events", sa.Integer(), nullable=False, comment="Events that report it."),
        sa.Column(
            "n_sources", sa.Integer(), nullable=False, comment="Distinct articles that report it."
        ),
        sa.Column("event_type", sa.String(), nullable=False, comment="PLOVER event type."),
        sa.Column("mode", sa.String(), nullable=True, comment="PLOVER mode."),
        sa.Column("acled_event_type", sa.String(), nullable=True, comment="ACLED event type."),
        sa.Column(
            "acled_sub_event_type", sa.String(), nullable=True, comment="ACLED sub-event type."
        ),
        sa.Column("event_date", sa.Date(), nullable=True, comment="First day it happened."),
        sa.Column(
            "event_date_end", sa.Date(), nullable=True, comment="Last day of the date range."
        ),
        sa.Column(
            "date_precision",
            sa.String(length=8),
            nullable=True,
            comment="day, week, month or year.",
        ),
        sa.Column(
            "location", sa.Text(), nullable=True, comment="Name of the place where it happened."
        ),
        sa.Column("latitude", sa.Float(), nullable=True, comment="WGS84 latitude."),
        sa.Column("longitude", sa.Float(), nullable=True, comment="WGS84 longitude."),
        sa.Column(
            "country_iso3",
            sa.String(length=3),
            nullable=True,
            comment="ISO 3166-1 alpha-3 country.",
        ),
        sa.Column("admin1", sa.Text(), nullable=True, comment="First-level subdivision."),
        sa.Column(
            "fatalities", sa.Integer(), nullable=True, comment="People killed, best estimate."
        ),
        sa.Column(
            "fatalities_low", sa.Integer(), nullable=True, comment="People killed, lowest figure."
        ),
        sa.Column(
            "fatalities_high", sa.Integer(), nullable=True, comment="People killed, highest figure."
        ),
        sa.Column("injured", sa.Integer(), nullable=True, comment="People injured, best estimate."),
        sa.Column(
            "arrested", sa.Integer(), nullable=True, comment="People arrested, best estimate."
        ),
        sa.Column(
            "kidnapped", sa.Integer(), nullable=True, comment="People kidnapped, best estimate."
        ),
        sa.Column(
            "first_published",
            sa.Date(),
            nullable=True,
            comment="Earliest publication date of a report.",
        ),
        sa.Column(
            "perpetrators",
            sa.JSON(),
            nullable=True,
            comment="Perpetrators named, each with the articles naming it (JSON list of {value, article_ids}); conflicting reports are kept side by side.",
        ),
        sa.Column(
            "claims",
            sa.JSON(),
            nullable=True,
            comment="Claims and denials of responsibility, each with the articles reporting it (JSON list of {value, article_ids}, value 'claimed:ACTOR' or 'denied:ACTOR').",
        ),
        sa.Column(
            "span_start",
            sa.Date(),
            nullable=True,
            comment="First day the incident may be matched on (its date widened by its precision, or its first report), for blocking in fusion.",
        ),
        sa.Column(
            "span_end", sa.Date(), nullable=True, comment="Last day the incident may be matched on."
        ),
        sa.Column(
            "version",
            sa.Integer(),
            nullable=False,
            comment="Times fusion has updated it (cached profiles are checked against it).",
        ),
        sa.Column(
            "profile",
            PackedText(),
            nullable=True,
            comment="The fusion profile (newsevents.fuse.profile.IncidentProfile as JSON): sources, counts as reported by each article, terms, places, actors.",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
        comment="Real-world incidents: one or more events, from one or more articles, fused by newsevents.fuse (store/fuse.py). An article in which no event was found still joins (or opens, with n_events 0 and event_type '*') the incident its words and date point to.",
    )
    op.create_index("ix_incidents_event_date", "incidents", ["event_date"], unique=False)
    op.create_index("ix_incidents_span", "incidents", ["span_start", "span_end"], unique=False)
    op.create_index("ix_articles_incident_id", "articles", ["incident_id"], unique=False)
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
    op.create_table(
        "events",
        sa.Column(
            "pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
            comment="Row id, referenced by the child tables.",
        ),
        sa.Column("id", sa.String(), nullable=False, comment="Stable event id."),
        sa.Column(
            "article_id",
            sa.String(),
            nullable=False,
            comment="The article reporting it (articles.id).",
        ),
        sa.Column(
            "incident_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
            comment="The incident it reports (incidents.id).",
        ),
        sa.Column("event_type", sa.String(), nullable=False, comment="PLOVER event type."),
        sa.Column("mode", sa.String(), nullable=True, comment="PLOVER mode."),
        sa.Column(
            "modality",
            sa.String(length=16),
            nullable=False,
            comment="asserted, claimed, alleged, suspected, denied, threatened, ...",
        ),
        sa.Column(
            "event_date", sa.Date(), nullable=True, comment="First day of the resolved date range."
        ),
        sa.Column(
            "latitude", sa.Float(), nullable=True, comment="WGS84 latitude of the event place."
        ),
        sa.Column(
            "longitude", sa.Float(), nullable=True, comment="WGS84 longitude of the event place."
        ),
        sa.Column(
            "country_iso3",
            sa.String(length=3),
            nullable=True,
            comment="ISO 3166-1 alpha-3 country of the event place.",
        ),
        sa.Column(
            "admin1",
            sa.Text(),
            nullable=True,
            comment="First-level subdivision of the event place.",
        ),
        sa.Column(
            "location",
            sa.Text(),
            nullable=True,
            comment="Name of the event place (as resolved, else as written).",
        ),
        sa.Column(
            "fatalities", sa.Integer(), nullable=True, comment="People killed, best estimate."
        ),
        sa.Column("confidence", sa.Float(), nullable=False, comment="Overall confidence."),
        sa.Column(
            "record",
            RecordColumn(),
            nullable=False,
            comment="The full canonical Event record, without its null fields (JSONB on PostgreSQL; on SQLite packed, see store/records.py).",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_events_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_events_incident_id_incidents"),
            ondelete="SET NULL",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_events")),
        sa.UniqueConstraint("id", name=op.f("uq_events_id")),
        comment="One row per event: one incident as reported in one article. The columns are those events are filtered on; every other field is in the record (and, for the incident, in incidents).",
    )
    op.create_index("ix_events_article_id", "events", ["article_id"], unique=False)
    op.create_index(
        "ix_events_country_date", "events", ["country_iso3", "event_date"], unique=False
    )
    op.create_index("ix_events_event_date", "events", ["event_date"], unique=False)
    op.create_index("ix_events_incident_id", "events", ["incident_id"], unique=False)
    op.create_index("ix_events_lat_lon", "events", ["latitude", "longitude"], unique=False)
    op.create_index("ix_events_type_date", "events", ["event_type", "event_date"], unique=False)
    op.create_table(
        "claims",
        sa.Column(
            "event_pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            comment="The event (events.pk).",
        ),
        sa.Column(
            "ordinal",
            sa.SmallInteger(),
            nullable=False,
            comment="Position in the event's list (0-based).",
        ),
        sa.Column("claimant", sa.Text(), nullable=False, comment="Who claims (normalised name)."),
        sa.Column(
            "claimant_text", sa.Text(), nullable=False, comment="The words naming the claimant."
        ),
        sa.Column(
            "actor_id", sa.String(), nullable=True, comment="Knowledge-base id when resolved."
        ),
        sa.Column("stance", sa.String(length=16), nullable=False, comment="claimed or denied."),
        sa.Column("cue", sa.Text(), nullable=False, comment="The claiming words."),
        sa.Column("confidence", sa.Float(), nullable=False, comment="Confidence."),
        sa.ForeignKeyConstraint(
            ["event_pk"], ["events.pk"], name=op.f("fk_claims_event_pk_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_pk", "ordinal", name=op.f("pk_claims")),
        comment="Claims (and denials) of responsibility, never merged into the perpetrators.",
        sqlite_with_rowid=False,
    )
    op.create_table(
        "roles",
        sa.Column(
            "event_pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
            comment="The event (events.pk).",
        ),
        sa.Column(
            "ordinal",
            sa.SmallInteger(),
            nullable=False,
            comment="Position in the event's list (0-based).",
        ),
        sa.Column(
            "role",
            sa.String(length=16),
            nullable=False,
            comment="perpetrator, claimant, target, victim, detainee, recipient or actor.",
        ),
        sa.Column(
            "text", sa.Text(), nullable=False, comment="The words that name the participant."
        ),
        sa.Column("name", sa.Text(), nullable=False, comment="Normalised (canonical) name."),
        sa.Column(
            "actor_id",
            sa.String(),
            nullable=True,
            comment="Knowledge-base id (actors.id) when resolved.",
        ),
        sa.Column("kind", sa.String(length=16), nullable=False, comment="Kind of actor."),
        sa.Column(
            "affiliation",
            sa.Text(),
            nullable=True,
            comment="Organisation the participant belongs to.",
        ),
        sa.Column("affiliation_id", sa.String(), nullable=True, comment="Knowledge-base id of it."),
        sa.Column(
            "according_to",
            sa.Text(),
            nullable=True,
            comment="Who assigns the role, when only reported.",
        ),
        sa.Column(
            "country_iso3",
            sa.String(length=3),
            nullable=True,
            comment="Country of the participant, where clear.",
        ),
        sa.Column("confidence", sa.Float(), nullable=False, comment="Confidence in this role."),
        sa.Column(
            "event_day",
            sa.Integer(),
            nullable=True,
            comment="events.event_date as days since 1970-01-01, so that an actor and a date range are one index range scan.",
        ),
        sa.ForeignKeyConstraint(
            ["event_pk"], ["events.pk"], name=op.f("fk_roles_event_pk_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_pk", "ordinal", name=op.f("pk_roles")),
        comment="Participants of events: who did what to whom.",
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_roles_actor_day",
        "roles",
        ["actor_id", "event_day"],
        unique=False,
        sqlite_where=sa.text("actor_id IS NOT NULL"),
        postgresql_where=sa.text("actor_id IS NOT NULL"),
    )
    op.create_index(
        "ix_roles_affiliation_day",
        "roles",
        ["affiliation_id", "event_day"],
        unique=False,
        sqlite_where=sa.text("affiliation_id IS NOT NULL"),
        postgresql_where=sa.text("affiliation_id IS NOT NULL"),
    )
    op.create_index(
        "ix_roles_name_day",
        "roles",
        [sa.literal_column("lower(name)"), "event_day"],
        unique=False,
        sqlite_where=sa.text("actor_id IS NULL"),
        postgresql_where=sa.text("actor_id IS NULL"),
    )
    op.create_index(
        "ix_roles_text_day",
        "roles",
        [sa.literal_column("lower(text)"), "event_day"],
        unique=False,
        sqlite_where=sa.text("actor_id IS NULL AND lower(text) != lower(name)"),
        postgresql_where=sa.text("actor_id IS NULL AND lower(text) != lower(name)"),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in _PG_SEARCH:
            op.execute(statement)
        op.execute(_PG_EVIDENCE)
        op.execute(_PG_ATTRIBUTIONS)
        op.execute(_PG_PLACES)
    else:
        op.execute(_SQLITE_SEARCH)
        op.execute(_SQLITE_EVIDENCE)
        op.execute(_SQLITE_ATTRIBUTIONS)
        op.execute(_SQLITE_PLACES)


def downgrade() -> None:
    """Drop everything :func:`upgrade` created."""
    op.execute("DROP VIEW IF EXISTS places")
    op.execute("DROP VIEW IF EXISTS attributions")
    op.execute("DROP VIEW IF EXISTS evidence")
    op.execute("DROP TABLE IF EXISTS event_search")
    op.drop_index(
        "ix_roles_text_day",
        table_name="roles",
        sqlite_where=sa.text("actor_id IS NULL AND lower(text) != lower(name)"),
        postgresql_where=sa.text("actor_id IS NULL AND lower(text) != lower(name)"),
    )
    op.drop_index(
        "ix_roles_name_day",
        table_name="roles",
        sqlite_where=sa.text("actor_id IS NULL"),
        postgresql_where=sa.text("actor_id IS NULL"),
    )
    op.drop_index(
        "ix_roles_affiliation_day",
        table_name="roles",
        sqlite_where=sa.text("affiliation_id IS NOT NULL"),
        postgresql_where=sa.text("affiliation_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_roles_actor_day",
        table_name="roles",
        sqlite_where=sa.text("actor_id IS NOT NULL"),
        postgresql_where=sa.text("actor_id IS NOT NULL"),
    )
    op.drop_table("roles")
    op.drop_table("claims")
    op.drop_index("ix_events_type_date", table_name="events")
    op.drop_index("ix_events_lat_lon", table_name="events")
    op.drop_index("ix_events_incident_id", table_name="events")
    op.drop_index("ix_events_event_date", table_name="events")
    op.drop_index("ix_events_country_date", table_name="events")
    op.drop_index("ix_events_article_id", table_name="events")
    op.drop_table("events")
    op.drop_table("fusion_state")
    op.drop_index("ix_articles_incident_id", table_name="articles")
    op.drop_index("ix_incidents_span", table_name="incidents")
    op.drop_index("ix_incidents_event_date", table_name="incidents")
    op.drop_table("incidents")
    op.drop_table("articles")
    op.drop_table("actors")
