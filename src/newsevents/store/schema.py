"""The tables of the event database, column by column.

One row per article read, one per event found in it, one per incident (the real-world
happening that one or more events report), and tables for the parts of events that analysts
filter or join on: roles (indexed for actor queries) and claims. Every event's full
canonical record is kept too (``events.record``), so exports are views of it; the other
columns copy what is worth indexing, under the names analysis tools detect (``event_date``,
``latitude``, ``longitude``, ``country_iso3``, ``admin1``, ``fatalities``). Places named,
reporting chains (``attributions``) and evidence spans (``evidence``) are views of the
records: they are read an event at a time (places are found through the event place's columns
and the full-text index), and as tables they would take a third of the file.

The migrations create exactly these tables (a test compares them), plus the views and the
full-text index, whose SQL differs by database. The comments on tables and columns are the
descriptions in ``docs/database.md``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    and_,
    false,
    func,
)

from newsevents.store.types import PackedText, RecordColumn

#: Constraint names are spelled out so that later migrations can refer to them.
NAMING_CONVENTION = {
    "pk": "pk_%(table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)
# Tables made of (event, ordinal) rows are stored WITHOUT ROWID on SQLite: clustered on their
# primary key, a row needs no rowid and the table no second index.

#: 64-bit ids on PostgreSQL; on SQLite the type must be exactly INTEGER to alias the rowid.
Id = BigInteger().with_variant(Integer(), "sqlite")

# Ids and codes come from data files and inputs of any length: no length limit (which
# PostgreSQL would enforce and SQLite would not). Only closed vocabularies are bounded.


def _ordinal() -> Column[int]:
    return Column(
        "ordinal", SmallInteger, nullable=False, comment="Position in the event's list (0-based)."
    )


def _event_pk(comment: str = "The event (events.pk).") -> Column[int]:
    return Column(
        "event_pk", Id, ForeignKey("events.pk", ondelete="CASCADE"), nullable=False,
        comment=comment,
    )  # fmt: skip


articles = Table(
    "articles",
    metadata,
    Column("id", String(), primary_key=True,
           comment="Stable id: a hash of the normalised URL, else of the text."),
    Column("url", Text, comment="Where the article was published."),
    Column("outlet", Text, comment="Publishing outlet."),
    Column("published", Date, comment="Publication date."),
    Column("title", Text, comment="Headline."),
    Column("language", String(), comment="ISO 639-1 code when detected."),
    Column("tags", JSON, comment="Site tags or keywords (JSON list)."),
    Column("source_path", Text, comment="File the article was read from."),
    Column("text", PackedText, nullable=False,
           comment="Body text, the offsets of every evidence span refer to it "
                   "(zlib-packed on SQLite, see store/types.py)."),
    Column("n_events", Integer, nullable=False, comment="Events stored from it."),
    Column("reason", Text, comment="Why no event was found, when none was."),
    Column("stored_at", DateTime(timezone=True), nullable=False,
           comment="When it was stored (UTC)."),
    # No foreign key: the incident may be created in the same transaction after the article,
    # and SQLite cannot add a deferred constraint to an existing table in later migrations.
    Column("incident_id", Id,
           comment="The incident the article mainly reports (that of its main event; for an "
                   "article without events, the incident its words and date place it in)."),
    Column("seq", BigInteger,
           comment="Its place in the order articles are fused in: the order they were given "
                   "to storage (input order; on a cluster, given in input order once stored). "
                   "Empty while a cluster worker's article waits for it."),
    Index("ix_articles_incident_id", "incident_id"),
    Index("ix_articles_seq", "seq"),
    comment="One row per article read; articles without events are kept so that reading "
            "them again is skipped.",
)  # fmt: skip

incidents = Table(
    "incidents",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True, comment="Incident id."),
    Column("n_events", Integer, nullable=False, comment="Events that report it."),
    Column("n_sources", Integer, nullable=False, comment="Distinct articles that report it."),
    Column("event_type", String(), nullable=False, comment="PLOVER event type."),
    Column("mode", String(), comment="PLOVER mode."),
    Column("acled_event_type", String(), comment="ACLED event type."),
    Column("acled_sub_event_type", String(), comment="ACLED sub-event type."),
    Column("event_date", Date, comment="First day it happened."),
    Column("event_date_end", Date, comment="Last day of the date range."),
    Column("date_precision", String(8), comment="day, week, month or year."),
    Column("location", Text, comment="Name of the place where it happened."),
    Column("latitude", Float, comment="WGS84 latitude."),
    Column("longitude", Float, comment="WGS84 longitude."),
    Column("country_iso3", String(3), comment="ISO 3166-1 alpha-3 country."),
    Column("admin1", Text, comment="First-level subdivision."),
    Column("admin2", Text, comment="Second-level subdivision (a US county)."),
    Column("fatalities", Integer, comment="People killed, best estimate."),
    Column("fatalities_low", Integer, comment="People killed, lowest figure."),
    Column("fatalities_high", Integer, comment="People killed, highest figure."),
    Column("injured", Integer, comment="People injured, best estimate."),
    Column("arrested", Integer, comment="People arrested, best estimate."),
    Column("kidnapped", Integer, comment="People kidnapped, best estimate."),
    Column("first_published", Date, comment="Earliest publication date of a report."),
    Column("perpetrators", JSON,
           comment="Perpetrators named, each with the articles naming it (JSON list of "
                   "{value, article_ids}); conflicting reports are kept side by side."),
    Column("claims", JSON,
           comment="Claims and denials of responsibility, each with the articles reporting it "
                   "(JSON list of {value, article_ids}, value 'claimed:ACTOR' or "
                   "'denied:ACTOR')."),
    Column("span_start", Date,
           comment="First day the incident may be matched on (its date widened by its "
                   "precision, or its first report), for blocking in fusion."),
    Column("span_end", Date, comment="Last day the incident may be matched on."),
    Column("version", Integer, nullable=False,
           comment="Times fusion has updated it (cached profiles are checked against it)."),
    Column("profile", PackedText,
           comment="The fusion profile (newsevents.fuse.profile.IncidentProfile as JSON): "
                   "sources, counts as reported by each article, terms, places, actors."),
    Index("ix_incidents_event_date", "event_date"),
    Index("ix_incidents_span", "span_start", "span_end"),
    comment="Real-world incidents: one or more events, from one or more articles, fused by "
            "newsevents.fuse (store/fuse.py). An article in which no event was found still "
            "joins (or opens, with n_events 0 and event_type '*') the incident its words and "
            "date point to.",
)  # fmt: skip

events = Table(
    "events",
    metadata,
    Column("pk", Id, primary_key=True, autoincrement=True,
           comment="Row id, referenced by the child tables."),
    Column("id", String(), nullable=False, unique=True, comment="Stable event id."),
    Column("article_id", String(), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, comment="The article reporting it (articles.id)."),
    # Deferred: an event is written with the id of the incident fusion is to create for it
    # (see store/fuse.py), so that no row grows afterwards; the check runs at commit.
    Column("incident_id", Id,
           ForeignKey("incidents.id", ondelete="SET NULL", deferrable=True, initially="DEFERRED"),
           comment="The incident it reports (incidents.id)."),
    Column("event_type", String(), nullable=False, comment="PLOVER event type."),
    Column("mode", String(), comment="PLOVER mode."),
    Column("modality", String(16), nullable=False,
           comment="asserted, claimed, alleged, suspected, denied, threatened, ..."),
    Column("aggregate", Boolean, nullable=False, server_default=false(),
           comment="True for a sum over many incidents ('2,000 detained since September'), "
                   "not one incident: its counts are totals and it has no date."),
    Column("event_date", Date, comment="First day of the resolved date range."),
    Column("latitude", Float, comment="WGS84 latitude of the event place."),
    Column("longitude", Float, comment="WGS84 longitude of the event place."),
    Column("country_iso3", String(3), comment="ISO 3166-1 alpha-3 country of the event place."),
    Column("admin1", Text, comment="First-level subdivision of the event place."),
    Column("admin2", Text,
           comment="Second-level subdivision (a US county) of the event place."),
    # Copied from the record so that lists (the API, the web page) need not unpack it.
    Column("location", Text, comment="Name of the event place (as resolved, else as written)."),
    Column("fatalities", Integer, comment="People killed, best estimate."),
    Column("confidence", Float, nullable=False, comment="Overall confidence."),
    Column("record", RecordColumn, nullable=False,
           comment="The full canonical Event record, without its null fields (JSONB on "
                   "PostgreSQL; on SQLite packed, see store/records.py)."),
    Index("ix_events_event_date", "event_date"),
    Index("ix_events_type_date", "event_type", "event_date"),
    # The type too, so that type and country together are counted from the index alone.
    Index("ix_events_country_date_type", "country_iso3", "event_date", "event_type"),
    Index("ix_events_lat_lon", "latitude", "longitude"),
    Index("ix_events_article_id", "article_id"),
    Index("ix_events_incident_id", "incident_id"),
    comment="One row per event: one incident as reported in one article. The columns are "
            "those events are filtered on; every other field is in the record (and, for the "
            "incident, in incidents).",
)  # fmt: skip

roles = Table(
    "roles",
    metadata,
    _event_pk(),
    _ordinal(),
    Column("role", String(16), nullable=False,
           comment="perpetrator, claimant, target, victim, detainee, recipient or actor."),
    Column("text", Text, nullable=False, comment="The words that name the participant."),
    Column("name", Text, nullable=False, comment="Normalised (canonical) name."),
    Column("actor_id", String(), comment="Knowledge-base id (actors.id) when resolved."),
    Column("kind", String(16), nullable=False, comment="Kind of actor."),
    Column("affiliation", Text, comment="Organisation the participant belongs to."),
    Column("affiliation_id", String(), comment="Knowledge-base id of it."),
    Column("according_to", Text, comment="Who assigns the role, when only reported."),
    Column("country_iso3", String(3), comment="Country of the participant, where clear."),
    Column("confidence", Float, nullable=False, comment="Confidence in this role."),
    Column("event_day", Integer,
           comment="events.event_date as days since 1970-01-01, so that an actor and a date "
                   "range are one index range scan."),
    PrimaryKeyConstraint("event_pk", "ordinal"),
    comment="Participants of events: who did what to whom.",
    sqlite_with_rowid=False,
)  # fmt: skip
# Every index leads with what --actor matches and ends with the day, so an actor and a date
# range are one index range scan. Names and words are indexed only for roles without an actor
# id (a query name resolves to the id of the others), and words only where they differ from
# the name (a name match finds the rest).
Index(
    "ix_roles_actor_day", roles.c.actor_id, roles.c.event_day,
    sqlite_where=roles.c.actor_id.isnot(None), postgresql_where=roles.c.actor_id.isnot(None),
)  # fmt: skip
Index(
    "ix_roles_affiliation_day", roles.c.affiliation_id, roles.c.event_day,
    sqlite_where=roles.c.affiliation_id.isnot(None),
    postgresql_where=roles.c.affiliation_id.isnot(None),
)  # fmt: skip
#: Conditions of the partial name and text indexes; a query must repeat them to use them.
NAME_INDEXED = roles.c.actor_id.is_(None)
TEXT_INDEXED = and_(
    roles.c.actor_id.is_(None), func.lower(roles.c.text) != func.lower(roles.c.name)
)
Index(
    "ix_roles_name_day", func.lower(roles.c.name), roles.c.event_day,
    sqlite_where=NAME_INDEXED, postgresql_where=NAME_INDEXED,
)  # fmt: skip
Index(
    "ix_roles_text_day", func.lower(roles.c.text), roles.c.event_day,
    sqlite_where=TEXT_INDEXED, postgresql_where=TEXT_INDEXED,
)  # fmt: skip

actors = Table(
    "actors",
    metadata,
    Column("id", String(), primary_key=True,
           comment="Knowledge-base id, or the stable 'unk_' id of an unknown named actor."),
    Column("name", Text, nullable=False, comment="Canonical name (as first stored)."),
    Column("kind", String(16), nullable=False, comment="Kind of actor."),
    comment="Every resolved actor named by a stored role, claim or attribution.",
    sqlite_with_rowid=False,
)  # fmt: skip

claims = Table(
    "claims",
    metadata,
    _event_pk(),
    _ordinal(),
    Column("claimant", Text, nullable=False, comment="Who claims (normalised name)."),
    Column("claimant_text", Text, nullable=False, comment="The words naming the claimant."),
    Column("actor_id", String(), comment="Knowledge-base id when resolved."),
    Column("stance", String(16), nullable=False, comment="claimed or denied."),
    Column("cue", Text, nullable=False, comment="The claiming words."),
    Column("confidence", Float, nullable=False, comment="Confidence."),
    PrimaryKeyConstraint("event_pk", "ordinal"),
    comment="Claims (and denials) of responsibility, never merged into the perpetrators.",
    sqlite_with_rowid=False,
)  # fmt: skip

fusion_state = Table(
    "fusion_state",
    metadata,
    Column("name", String(), primary_key=True, comment="What is kept: 'corpus'."),
    Column("documents", Integer, nullable=False,
           comment="Articles the statistics cover (fusion_terms, fusion_segments)."),
    Column("saved_at", DateTime(timezone=True), nullable=False, comment="When (UTC)."),
    comment="The number of articles fusion has learnt its corpus statistics from, updated "
            "with them in the transaction of each article.",
)  # fmt: skip

fusion_terms = Table(
    "fusion_terms",
    metadata,
    Column("term", String(), primary_key=True,
           comment="A salient term: a name, a #number or a pair of names (fuse/terms.py)."),
    Column("documents", Integer, nullable=False,
           comment="Articles whose main profile holds it (its document frequency, for IDF)."),
    comment="Term document frequencies fusion learns from the articles stored, updated in "
            "the transaction of each article.",
    sqlite_with_rowid=False,
)  # fmt: skip

fusion_segments = Table(
    "fusion_segments",
    metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False,
           comment="A hash of the normalised sentence (signed 64 bits, fuse/boilerplate.py)."),
    Column("documents", Integer, nullable=False, comment="Articles that carry it."),
    Column("first_published", Date, comment="Earliest publication date among them."),
    Column("last_published", Date, comment="Latest publication date among them."),
    comment="Sentences seen in the articles stored, to recognise site boilerplate (a "
            "sentence in several articles published weeks apart); updated in the transaction "
            "of each article.",
    sqlite_with_rowid=False,
)  # fmt: skip

#: Views: defined by the migrations (their SQL differs by database), described here so that
#: Python code can select from them. Not part of ``metadata``.
views = MetaData()

evidence = Table(
    "evidence",
    views,
    Column("event_pk", Id, comment="The event (events.pk)."),
    Column("field", String(32),
           comment="Event field the span supports: triggers, sentences, modality_cues, roles, "
                   "places, instruments, attribution, claims, time, killed, injured, arrested "
                   "or kidnapped."),
    Column("item", Integer,
           comment="Position within a list field (triggers, roles, ...); 0 for time and counts."),
    Column("start_char", Integer, comment="Offset of the first character in articles.text."),
    Column("end_char", Integer, comment="Offset one past the last character."),
    Column("text", Text, comment="The article text between the offsets."),
    comment="Every evidence span of every event, read from events.record (on SQLite "
            "through the SQL function newsevents_evidence, which newsevents' connections "
            "provide).",
)  # fmt: skip

#: Tables in the order rows must be written (parents first).
TABLES: tuple[Table, ...] = (
    articles, incidents, events, actors, roles, claims, fusion_state, fusion_terms,
    fusion_segments,
)  # fmt: skip

places = Table(
    "places",
    views,
    Column("event_pk", Id, comment="The event (events.pk)."),
    Column("ordinal", Integer, comment="Position in the event's list of places (0-based)."),
    Column("text", Text, comment="The place name as written."),
    Column("is_event_location", Boolean,
           comment="True for the place where the event happened."),
    Column("name", Text, comment="Resolved place name."),
    Column("geonames_id", Integer, comment="GeoNames id when resolved."),
    Column("latitude", Float, comment="WGS84 latitude."),
    Column("longitude", Float, comment="WGS84 longitude."),
    Column("country_iso3", String(3), comment="ISO 3166-1 alpha-3 country."),
    Column("admin1", Text, comment="First-level subdivision."),
    Column("admin2", Text, comment="Second-level subdivision (a US county)."),
    Column("locality", Text,
           comment="The town a resolved section of a town (a neighbourhood) lies in."),
    Column("precision", String(16), comment="exact place, district, region or country."),
    Column("confidence", Float, comment="Confidence."),
    comment="Places named in connection with events, read from events.record (on SQLite "
            "through the SQL function newsevents_record, which newsevents' connections "
            "provide). The place where each event happened is also in events' columns.",
)  # fmt: skip


attributions = Table(
    "attributions",
    views,
    Column("event_pk", Id, comment="The event (events.pk)."),
    Column("ordinal", Integer, comment="Position in the chain: 0 is the publisher."),
    Column("source", Text, comment="Who reports or is cited (normalised)."),
    Column("kind", String(16),
           comment="publisher, outlet, official, party, sources, witness, statement, other."),
    Column("actor_id", String(), comment="Knowledge-base id when resolved."),
    Column("text", Text, comment="The words naming the source."),
    Column("cue", Text, comment="Reporting verb or phrase."),
    Column("confidence", Float, comment="Confidence."),
    comment="The reporting chain of every event, publisher first, read from "
            "events.record (on SQLite through the SQL function newsevents_record, which "
            "newsevents' connections provide).",
)  # fmt: skip


# ``newsevents watch`` (newsevents.watch): what each source gave and how polling it went,
# so that a restarted watch neither reads an entry or file again nor forgets a failing source.

watch_sources = Table(
    "watch_sources",
    metadata,
    Column("source", String(), primary_key=True,
           comment="The feed URL, or the absolute path of the feed file or folder."),
    Column("kind", String(16), nullable=False, comment="feed, feed file or folder."),
    Column("etag", Text, comment="ETag of the feed's last full answer, sent as If-None-Match."),
    Column("last_modified", Text,
           comment="Last-Modified of the feed's last full answer, sent as If-Modified-Since."),
    Column("last_polled", DateTime(timezone=True), comment="When it was last polled (UTC)."),
    Column("last_ok", DateTime(timezone=True),
           comment="When a poll last succeeded (UTC)."),
    Column("failures", Integer, nullable=False,
           comment="Polls that failed in a row (0 after a success)."),
    Column("last_error", Text, comment="Why the last poll failed, when it did."),
    Column("next_attempt", DateTime(timezone=True),
           comment="When it is due again (UTC): a poll interval after a success, sooner "
                   "(exponential backoff) after a failure."),
    comment="Sources polled by newsevents watch, with the state of their polling.",
)  # fmt: skip

watch_items = Table(
    "watch_items",
    metadata,
    Column("source", String(),
           ForeignKey("watch_sources.source", ondelete="CASCADE"), nullable=False,
           comment="The source it came from (watch_sources.source)."),
    Column("item_key", String(), nullable=False,
           comment="The feed entry's id (else its link), or the file's relative "
                   "path|modification time (ns)|size."),
    # No foreign key: the article row is written by extraction in its own transaction.
    Column("article_id", String(),
           comment="The article stored from it (articles.id), when one was."),
    Column("status", String(16), nullable=False,
           comment="stored (its article is in the database), unreadable (no article could "
                   "be read from it), failed (retried at later polls) or abandoned (failed "
                   "too often)."),
    Column("attempts", Integer, nullable=False, comment="Times it was read or fetched."),
    Column("last_error", Text, comment="Why it could not be read, when it could not."),
    Column("first_seen", DateTime(timezone=True), nullable=False,
           comment="When it was first seen (UTC)."),
    Column("updated_at", DateTime(timezone=True), nullable=False,
           comment="When its status was last set (UTC)."),
    PrimaryKeyConstraint("source", "item_key"),
    comment="Feed entries and files newsevents watch has handled, so that a later poll, or "
            "a restarted watch, skips them.",
    sqlite_with_rowid=False,
)  # fmt: skip
