"""Storing articles: full records back, idempotent, atomic per article, parts and views."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from sqlalchemy import func, select, text
from store_factory import Story, results

from newsevents import model
from newsevents.store import fuse, schema
from newsevents.store.db import Database
from newsevents.store.records import load_event
from newsevents.store.rows import evidence_spans
from newsevents.store.write import (
    ALREADY_STORED,
    store_article,
    store_articles,
    stored_ids,
    write_results,
)

COUNTED = ("articles", "events", "incidents", "roles", "claims", "actors")


def _counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            name: int(session.execute(text(f"SELECT count(*) FROM {name}")).scalar() or 0)
            for name in COUNTED
        }


def _stored_events(db: Database) -> dict[str, model.Event]:
    query = select(schema.events.c.id, schema.events.c.record, schema.articles.c.text).join(
        schema.articles, schema.articles.c.id == schema.events.c.article_id
    )
    with db.session() as session:
        return {row.id: load_event(row.record, row.text) for row in session.execute(query)}


def test_stored_records_are_the_extracted_events(db: Database) -> None:
    batch = results(
        Story("a1", claimant="JNIM"),
        Story("a2", perpetrator="Boko Haram", place="Maiduguri", day=None, killed=None),
        Story("a3", extra_events=["seized"], outlet=None),
    )
    for res in batch:
        store_article(db, res)
    stored = _stored_events(db)
    expected = {ev.id: ev for res in batch for ev in res.events}
    assert stored == expected


def test_storing_the_same_article_twice_adds_nothing(db: Database) -> None:
    res = Story("a1", claimant="JNIM").result()
    first = store_article(db, res)
    before = _counts(db)
    again = store_article(db, res)
    assert first.stored and first.events == 1 and first.incidents == 1
    assert not again.stored and again.reason == ALREADY_STORED
    assert _counts(db) == before
    assert before["articles"] == 1 and before["events"] == 1 and before["roles"] == 2


def test_a_batch_skips_stored_and_repeated_articles(db: Database) -> None:
    one, two, three = results(Story("a1"), Story("a2"), Story("a3", extra_events=["seized"]))
    store_article(db, one)
    outcomes = list(store_articles(db, [one, two, two, three], batch_size=3))
    assert [o.stored for o in outcomes] == [False, True, False, True]
    assert [o.events for o in outcomes] == [0, 1, 0, 2]
    assert _counts(db)["events"] == 4
    # Every incident opened is counted once, on the article of its batch that opened it.
    assert 1 + sum(o.incidents for o in outcomes) == _counts(db)["incidents"]


def test_an_article_without_events_is_kept_with_its_reason(db: Database) -> None:
    res = Story("quiet").result().model_copy(update={"events": [], "reason": "not in English"})
    outcome = store_article(db, res)
    assert outcome.stored and outcome.events == 0 and outcome.reason == "not in English"
    with db.session() as session:
        assert stored_ids(session, ["quiet", "other"]) == {"quiet"}
        row = session.execute(select(schema.articles).where(schema.articles.c.id == "quiet"))
        article = row.one()
    assert article.n_events == 0 and article.reason == "not in English"
    assert article.text == res.article.text and article.tags == []
    assert not store_article(db, res).stored


def test_a_failure_mid_article_leaves_nothing_behind(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The crash/Ctrl-C case: the article's transaction rolls back whole; a rerun stores it."""
    res = Story("a1", claimant="JNIM").result()
    import newsevents.store.write as write

    def crash(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "assign_incidents", crash)
    with pytest.raises(KeyboardInterrupt):
        store_article(db, res)
    assert set(_counts(db).values()) == {0}
    monkeypatch.setattr(write, "assign_incidents", fuse.assign_incidents)
    assert store_article(db, res).events == 1
    assert _counts(db)["events"] == 1


def test_without_fusion_each_new_event_gets_its_own_incident(db: Database) -> None:
    store_article(db, Story("a1", extra_events=["seized", "burned"]).result(), fuse=False)
    with db.session() as session:
        rows = session.execute(
            select(schema.events.c.id, schema.events.c.incident_id, schema.incidents)
            .join(schema.incidents, schema.incidents.c.id == schema.events.c.incident_id)
            .order_by(schema.events.c.id)
        ).all()
    assert len(rows) == 3 and len({r.incident_id for r in rows}) == 3
    first = rows[0]
    assert (first.n_events, first.n_sources, first.event_type) == (1, 1, "ASSAULT")
    assert (first.fatalities, first.country_iso3, first.latitude) == (4, "MLI", 16.27)
    assert first.acled_event_type == "Battles" and first.event_date == dt.date(2021, 3, 7)
    assert first.first_published == dt.date(2021, 3, 8)


def test_parts_hold_roles_places_claims_and_actors(db: Database) -> None:
    story = Story("a1", perpetrator="Hamas", perpetrator_id="hamas", claimant="JNIM",
                  affiliation=("Hamas", "hamas"))  # fmt: skip
    store_article(db, story.result())
    with db.session() as session:
        roles = session.execute(select(schema.roles).order_by(schema.roles.c.ordinal)).all()
        place = session.execute(select(schema.places)).one()
        claim = session.execute(select(schema.claims)).one()
        actors = session.execute(select(schema.actors.c.id)).scalars().all()
    assert [(r.role, r.name, r.actor_id) for r in roles] == [
        ("perpetrator", "Hamas", "hamas"),
        ("victim", "soldiers", None),
    ]
    assert roles[0].event_day == (dt.date(2021, 3, 7) - dt.date(1970, 1, 1)).days
    assert (place.name, place.country_iso3, place.latitude) == ("Gao", "MLI", 16.27)
    assert place.is_event_location in (True, 1) and place.ordinal == 0
    assert (claim.claimant, claim.stance) == ("JNIM", "claimed")
    assert actors == ["hamas"]


def test_views_list_evidence_and_attributions(db: Database) -> None:
    res = Story("a1", claimant="JNIM").result()
    store_article(db, res)
    event = res.events[0]
    with db.session() as session:
        spans = session.execute(
            select(schema.evidence.c.field, schema.evidence.c.item, schema.evidence.c.start_char,
                   schema.evidence.c.end_char, schema.evidence.c.text)
        ).all()  # fmt: skip
        chain = session.execute(
            select(schema.attributions).order_by(schema.attributions.c.ordinal)
        ).all()
    expected = [(f, i, s.start, s.end, s.text) for f, i, s in evidence_spans(event)]
    assert sorted(tuple(r) for r in spans) == sorted(expected)
    assert {r[0] for r in spans} >= {"triggers", "sentences", "roles", "claims", "time"}
    for _, _, start, end, quoted in expected:
        assert res.article.text[start:end] == quoted
    assert [(a.ordinal, a.source, a.kind) for a in chain] == [
        (0, "Sahel Wire", "publisher"),
        (1, "army", "official"),
    ]


def test_full_text_index_finds_stored_words(db: Database) -> None:
    from newsevents.store.search import matches_words

    store_article(db, Story("a1", victim="four soldiers").result())
    store_article(db, Story("a2", victim="three farmers", place="Mopti").result())
    with db.session() as session:

        def found(words: str) -> set[str]:
            query = select(schema.events.c.article_id).where(matches_words(db.dialect, words))
            return set(session.execute(query).scalars())

        assert found("farmers") == {"a2"}
        assert found("farmer Mopti") == {"a2"}  # stemmed, every word
        assert found("soldiers Mopti") == set()
        assert found("Gunmen") == {"a1", "a2"}
        assert found('gunmen: "soldiers* -(') == {"a1"}  # punctuation separates words


def test_write_results_in_the_callers_transaction(db: Database) -> None:
    batch = results(Story("a1"), Story("a2"))
    with db.write_session() as session, session.begin():
        outcomes = write_results(session, batch)
        session.rollback()
    assert [o.stored for o in outcomes] == [True, True]
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(schema.events)).scalar() == 0


def test_records_keep_only_non_null_fields_safely() -> None:
    """Null fields are left out of stored records; reading them back must restore null, so
    every field that can be null must default to null."""
    for name in dir(model):
        record = getattr(model, name)
        if not (isinstance(record, type) and issubclass(record, model.BaseModel)):
            continue
        for field_name, info in record.model_fields.items():
            if type(None) in typing.get_args(info.annotation):
                assert info.default is None, f"{name}.{field_name} may be null but defaults else"


def test_sqlite_functions_read_packed_values(sqlite_db: Database) -> None:
    res = Story("a1").result()
    store_article(sqlite_db, res)
    with sqlite_db.session() as session:
        row = session.execute(
            text(
                "SELECT newsevents_text(a.text), "
                "json_extract(newsevents_record(e.record, a.text), '$.roles[0].name') "
                "FROM events e JOIN articles a ON a.id = e.article_id"
            )
        ).one()
    assert tuple(row) == (res.article.text, "Gunmen")


def test_an_event_fusion_leaves_without_incident_fails_the_transaction(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events are written pointing to the incident fusion is to create: if it does not,
    the deferred foreign key fails the commit, and nothing is stored."""
    from sqlalchemy.exc import IntegrityError

    import newsevents.store.write as write

    monkeypatch.setattr(write, "assign_incidents", lambda session, articles, stored: 0)
    with pytest.raises(IntegrityError):
        store_article(db, Story("a1").result())
    assert set(_counts(db).values()) == {0}


def test_fusion_can_point_events_to_another_incident(db: Database) -> None:
    """What fusion does in the store: move an event to an existing incident."""
    from newsevents.store.bulk import update_column

    store_article(db, Story("a1").result(), fuse=False)
    store_article(db, Story("a2").result(), fuse=False)
    with db.write_session() as session, session.begin():
        first, second = session.execute(
            select(schema.events.c.pk, schema.events.c.incident_id).order_by(schema.events.c.pk)
        ).all()
        update_column(
            session.connection(), schema.events, "incident_id", "pk",
            [(second.pk, first.incident_id)],
        )  # fmt: skip
        session.execute(
            schema.incidents.delete().where(schema.incidents.c.id == second.incident_id)
        )
    with db.session() as session:
        linked = session.execute(select(schema.events.c.incident_id)).scalars().all()
    assert linked == [first.incident_id, first.incident_id]


def test_long_ids_fit_on_both_databases(db: Database) -> None:
    """Knowledge-base ids reach 80 characters and inputs bring their own article ids."""
    long_id = "ph_" + "x" * 120
    store_article(db, Story("a" * 150, perpetrator="Someone", perpetrator_id=long_id).result())
    with db.session() as session:
        assert session.execute(select(schema.actors.c.id)).scalars().all() == [long_id]
