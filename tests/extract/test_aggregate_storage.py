"""An aggregate record keeps its mark through the database, the exports and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from newsevents.model import Article, ArticleResult, Count, CountCategory, Event, Span
from newsevents.store.db import Database
from newsevents.store.schema import events
from newsevents.store.write import store_articles

TEXT = "Police arrested 20 protesters in Minsk on Monday. 2,000 have been detained since May."


def _event(event_id: str, start: int, end: int, *, aggregate: bool, arrested: int) -> Event:
    trigger = Span(start=start, end=end, text=TEXT[start:end])
    return Event(
        id=event_id,
        article_id="minsk",
        event_type="COERCE",
        mode="arrest",
        triggers=[trigger],
        sentences=[trigger],
        arrested=Count(category=CountCategory.arrested, best=arrested, text=str(arrested)),
        aggregate=aggregate,
        confidence=0.9,
    )


@pytest.fixture
def stored(sqlite_db: Database) -> Database:
    article = Article(id="minsk", text=TEXT, published=dt.date(2021, 3, 8), title="Minsk")
    found = [
        _event("single", 7, 15, aggregate=False, arrested=20),
        _event("total", 66, 74, aggregate=True, arrested=2000),
    ]
    list(store_articles(sqlite_db, [ArticleResult(article=article, events=found)]))
    return sqlite_db


def test_the_events_table_and_record_keep_the_mark(stored: Database) -> None:
    from newsevents.store.records import load_event

    with stored.engine.connect() as conn:
        rows = conn.execute(select(events.c.id, events.c.aggregate, events.c.record)).all()
    marks = {row.id: row.aggregate for row in rows}
    assert marks == {"single": False, "total": True}
    assert [load_event(r.record, TEXT).aggregate for r in rows if r.id == "total"] == [True]


def test_exports_and_the_api_summary_carry_the_mark(stored: Database) -> None:
    from newsevents.api.events import event_summary
    from newsevents.export import read_incidents
    from newsevents.export.acled import acled_row
    from newsevents.export.flat import flat_row
    from newsevents.export.plover import plover_record
    from newsevents.store.query import EventFilter, query_event_summaries

    with stored.session() as session:
        bundles = list(read_incidents(session, EventFilter(), actor_ids=lambda _: []))
    by_event = {b.events[0].id: b for b in bundles}
    assert flat_row(by_event["total"])["aggregate"] is True
    assert flat_row(by_event["single"])["aggregate"] is False
    assert plover_record(by_event["total"])["aggregate"] is True
    assert "aggregate" in (acled_row(by_event["total"])["tags"] or "")
    assert "aggregate" not in (acled_row(by_event["single"])["tags"] or "")
    with stored.session() as session:
        page = query_event_summaries(session, EventFilter())
    summaries = {s["id"]: s["aggregate"] for s in map(event_summary, page.rows)}
    assert summaries == {"single": False, "total": True}
