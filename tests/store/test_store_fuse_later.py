"""Fusing later what was stored without fusion: the incidents storing with fusion forms."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import URL
from store_factory import Story

from newsevents.model import ArticleResult
from newsevents.store import schema
from newsevents.store.db import Database, open_database
from newsevents.store.fuse_later import count_unfused, fuse_stored
from newsevents.store.write import store_article


def _stories() -> list[ArticleResult]:
    """Two reports of one attack, one of another, an arrest, and an article without events."""
    far = Story(
        "b1", perpetrator="Bandits", victim="nine herders", place="Katsina", latitude=12.99,
        longitude=7.6, country="NGA", day=dt.date(2021, 8, 20), killed=9, verb="shot",
    )  # fmt: skip
    raid = Story("c1", perpetrator="Police", verb="arrested", victim="five suspects",
                 event_type="COERCE", mode="arrest", killed=None)  # fmt: skip
    empty = Story("d1").result()
    empty = empty.model_copy(update={"events": [], "reason": "no conflict event found"})
    return [Story("a1", killed=4).result(), far.result(), Story("a2", killed=6).result(),
            raid.result(), empty]  # fmt: skip


def _groups(db: Database) -> set[frozenset[str]]:
    """Incidents as the sets of event ids (and, for event-less articles, article ids)."""
    with db.session() as session:
        by_incident: dict[int, set[str]] = {}
        for event_id, incident in session.execute(
            select(schema.events.c.id, schema.events.c.incident_id)
        ):
            by_incident.setdefault(incident, set()).add(event_id)
        for article_id, incident, n_events in session.execute(
            select(schema.articles.c.id, schema.articles.c.incident_id, schema.articles.c.n_events)
        ):
            assert incident is not None, f"article {article_id} has no incident"
            if not n_events:
                by_incident.setdefault(incident, set()).add(article_id)
    return {frozenset(group) for group in by_incident.values()}


def _summary(db: Database) -> list[tuple[int, int, int | None, int | None]]:
    with db.session() as session:
        rows = session.execute(
            select(
                schema.incidents.c.n_events, schema.incidents.c.n_sources,
                schema.incidents.c.fatalities_low, schema.incidents.c.fatalities_high,
            )
        )  # fmt: skip
        return sorted(tuple(r) for r in rows)  # type: ignore[misc]


def test_storing_then_fusing_forms_the_incidents_fused_storing_forms(
    db: Database, tmp_path: Path
) -> None:
    with open_database(URL.create("sqlite", database=str(tmp_path / "fused.db"))) as fused:
        for result in _stories():
            store_article(fused, result)
        expected_groups, expected = _groups(fused), _summary(fused)
    for result in _stories():
        store_article(db, result, fuse=False)
    with db.session() as session:
        assert count_unfused(session) == 5
        singles = session.execute(select(func.count()).select_from(schema.incidents)).scalar()
    assert singles == 4  # one per event, none for the article without events
    done = fuse_stored(db)
    assert (done.articles, done.events) == (5, 4)
    assert _groups(db) == expected_groups
    assert _summary(db) == expected
    # Fusion had something to do: a1 and a2 together, b1 (far away) apart.
    assert any({"a1-e0", "a2-e0"} <= group for group in expected_groups)
    assert frozenset({"b1-e0"}) in expected_groups
    with db.session() as session:
        assert count_unfused(session) == 0
    again = fuse_stored(db)
    assert again.articles == 0


def test_a_pass_stopped_half_way_is_finished_by_the_next(db: Database, tmp_path: Path) -> None:
    with open_database(URL.create("sqlite", database=str(tmp_path / "fused.db"))) as fused:
        for result in _stories():
            store_article(fused, result)
        expected_groups = _groups(fused)
    for result in _stories():
        store_article(db, result, fuse=False)
    seen: list[int] = []

    class Stop(Exception):
        pass

    def stop_after_two(done: object) -> None:
        seen.append(1)
        if len(seen) == 2:
            raise Stop

    with contextlib.suppress(Stop):
        fuse_stored(db, stop_after_two)
    with db.session() as session:
        assert count_unfused(session) == 3
    assert fuse_stored(db).articles == 3
    assert _groups(db) == expected_groups
