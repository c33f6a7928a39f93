"""Fusion in the database: reports of one incident become one incident with all sources."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select, text
from store_factory import Story

from newsevents.store import fuse, schema
from newsevents.store.db import Database
from newsevents.store.write import store_article


def _incidents(db: Database) -> list[dict[str, object]]:
    with db.session() as session:
        rows = session.execute(select(schema.incidents).order_by(schema.incidents.c.id))
        return [dict(r._mapping) for r in rows]


def _article_incidents(db: Database) -> dict[str, int | None]:
    with db.session() as session:
        rows = session.execute(select(schema.articles.c.id, schema.articles.c.incident_id))
        return {r.id: r.incident_id for r in rows}


def test_two_reports_of_one_incident_become_one_with_both_sources(db: Database) -> None:
    store_article(db, Story("a1", killed=4, outlet="Sahel Wire").result())
    store_article(db, Story("a2", killed=6, outlet="Mali Daily").result())
    (incident,) = _incidents(db)
    assert (incident["n_events"], incident["n_sources"]) == (2, 2)
    # Counts keep what each source said: lowest, best and highest.
    assert (incident["fatalities_low"], incident["fatalities_high"]) == (4, 6)
    assert incident["fatalities"] in (4, 6)
    placed = _article_incidents(db)
    assert placed == {"a1": incident["id"], "a2": incident["id"]}
    with db.session() as session:
        linked = set(session.execute(select(schema.events.c.incident_id)).scalars())
    assert linked == {incident["id"]}


def test_reports_of_different_incidents_stay_apart(db: Database) -> None:
    store_article(db, Story("a1").result())
    far = Story(
        "b1", perpetrator="Bandits", victim="nine herders", place="Katsina", latitude=12.99,
        longitude=7.6, country="NGA", day=dt.date(2021, 8, 20), killed=9, verb="shot",
    )  # fmt: skip
    store_article(db, far.result())
    assert [i["n_sources"] for i in _incidents(db)] == [1, 1]
    placed = _article_incidents(db)
    assert placed["a1"] != placed["b1"]


def test_conflicting_perpetrators_are_kept_side_by_side(db: Database) -> None:
    store_article(db, Story("a1", perpetrator="JNIM", perpetrator_id="jnim").result())
    store_article(db, Story("a2", perpetrator="ISGS", perpetrator_id="isgs").result())
    (incident,) = _incidents(db)  # same place, day, victims and words: one incident
    perpetrators = incident["perpetrators"]
    if isinstance(perpetrators, str):
        perpetrators = json.loads(perpetrators)
    assert isinstance(perpetrators, list)
    by_value = {p["value"]: p["article_ids"] for p in perpetrators}
    assert by_value == {"jnim": ["a1"], "isgs": ["a2"]}


def test_fusion_goes_on_after_the_process_forgets_its_state(db: Database) -> None:
    """A new process (nothing in memory) fuses new reports with the stored incidents."""
    store_article(db, Story("a1").result())
    # Committed with the article: nothing to save at the end of a run.
    with db.session() as session:
        saved = session.execute(select(schema.fusion_state.c.documents)).scalar()
    assert saved == 1
    fuse.forget(db.engine)
    store_article(db, Story("a2").result())
    (incident,) = _incidents(db)
    assert incident["n_sources"] == 2


def test_an_article_without_events_opens_an_incident_events_may_join(db: Database) -> None:
    quiet = Story("q1").result().model_copy(update={"events": [], "reason": "no event"})
    store_article(db, quiet)
    (alone,) = _incidents(db)
    assert (alone["n_events"], alone["n_sources"], alone["event_type"]) == (0, 1, "*")
    store_article(db, Story("a1").result())
    (joined,) = _incidents(db)
    assert (joined["n_events"], joined["n_sources"], joined["event_type"]) == (1, 2, "ASSAULT")
    assert _article_incidents(db) == {"q1": joined["id"], "a1": joined["id"]}


def test_an_article_without_events_joins_the_incident_it_reports(db: Database) -> None:
    store_article(db, Story("a1").result())
    echo = Story("q1").result().model_copy(update={"events": [], "reason": "no event"})
    store_article(db, echo)
    (incident,) = _incidents(db)
    assert (incident["n_events"], incident["n_sources"]) == (1, 2)
    assert _article_incidents(db) == {"a1": incident["id"], "q1": incident["id"]}


def test_every_event_points_to_a_stored_incident(db: Database) -> None:
    for n in range(4):
        store_article(db, Story(f"a{n}", extra_events=["seized"] * (n % 2)).result())
    with db.session() as session:
        orphans = session.execute(
            text(
                "SELECT count(*) FROM events e LEFT JOIN incidents i ON i.id = e.incident_id "
                "WHERE i.id IS NULL"
            )
        ).scalar()
        sums = session.execute(
            text("SELECT sum(n_events), (SELECT count(*) FROM events) FROM incidents")
        ).one()
    assert orphans == 0
    assert sums[0] == sums[1]
