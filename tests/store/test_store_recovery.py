"""Exact recovery: what fusion learns is committed with each article, so a transaction that
fails at any point, a process that starts afresh, or another process fusing in between leave
the database an uninterrupted run leaves."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from crash_corpus import reports
from sqlalchemy.engine import URL
from store_factory import Story

from newsevents.crash.compare import compare, snapshot
from newsevents.fuse import load_config
from newsevents.store import fuse, migrate
from newsevents.store.db import Database, make_engine, open_database
from newsevents.store.fuse_later import fuse_stored
from newsevents.store.schema import articles, fusion_segments, fusion_state, fusion_terms
from newsevents.store.types import pack_text
from newsevents.store.write import set_sequence, store_article

REPORTS = 40


def _clean(url: URL | str) -> Database:
    db = open_database(url)
    for result in reports(REPORTS):
        store_article(db, result)
    return db


def _other_url(db_url: URL, tmp_path: Path, request: pytest.FixtureRequest) -> URL:
    """A second empty database of the same kind."""
    if db_url.get_backend_name() == "sqlite":
        return URL.create("sqlite", database=str(tmp_path / "clean.db"))
    # The pg_url fixture gives one schema per test: make a second one by hand.
    schema = f"clean_{abs(hash(str(tmp_path))) % 10**8}"
    base = db_url.set(query={})
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()

    request.addfinalizer(drop)
    return base.update_query_dict({"options": f"-csearch_path={schema}"})


def test_statistics_in_the_database_are_those_in_memory(db: Database) -> None:
    for result in reports(REPORTS):
        store_article(db, result)
    memory = fuse.state_for(db.engine)
    assert memory.stats is not None
    reread = fuse.FusionState(load_config())
    with db.session() as session:
        saved = fuse._load_stats(session.connection(), reread, memory.documents)
    assert memory.documents == REPORTS
    assert (saved.terms.n_documents, dict(saved.terms.df)) == (
        memory.stats.terms.n_documents,
        dict(memory.stats.terms.df),
    )

    def counts(stats: Any) -> dict[str, list[object]]:
        return {k: v[:3] for k, v in stats.segments.to_dict().items()}

    assert counts(saved) == counts(memory.stats) and counts(saved)


def test_failures_at_any_point_of_a_transaction_change_nothing(
    db: Database,
    db_url: URL,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Transactions fail at several points (before and after the statistics are written,
    before and after the incidents are) and are run again, as after a kill."""
    calls = {"n": 0}

    def flaky(real: Any, every: int) -> Any:
        def call(*args: Any) -> None:
            calls["n"] += 1
            if calls["n"] % every == 0:
                raise RuntimeError("crash before")
            real(*args)
            if calls["n"] % every == 1:
                raise RuntimeError("crash after")

        return call

    monkeypatch.setattr(fuse, "_write_stats", flaky(fuse._write_stats, 3))
    monkeypatch.setattr(fuse, "_point", flaky(fuse._point, 5))
    failures = 0
    for result in reports(REPORTS):
        while True:
            try:
                store_article(db, result)
                break
            except RuntimeError:
                failures += 1
    monkeypatch.undo()
    assert failures > REPORTS // 3
    with _clean(_other_url(db_url, tmp_path, request)) as clean:
        assert compare(snapshot(clean), snapshot(db)).identical


def test_a_fresh_process_and_another_writer_in_between_change_nothing(
    db: Database, db_url: URL, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    results = reports(REPORTS)
    with open_database(db_url) as other:  # another process: a state of its own
        for n, result in enumerate(results):
            if n % 10 == 3:
                fuse.forget(db.engine)  # a new process: nothing in memory
            store_article(other if n % 7 == 5 else db, result)
    with _clean(_other_url(db_url, tmp_path, request)) as clean:
        assert compare(snapshot(clean), snapshot(db)).identical


def test_fuse_follows_the_fusion_order_not_the_storage_order(db: Database) -> None:
    first, second = Story("a1").result(), Story("a2", killed=6).result()
    # Workers stored them the other way round, then the run gave them their places.
    for result in (second, first):
        store_article(db, result, fuse=False, sequence=False)
    assert set_sequence(db, ["a1", "a2"]) == 2
    order: list[str] = []
    fuse.state_for(db.engine).on_assignments = lambda a: order.append(a[0].article_id)
    assert fuse_stored(db).articles == 2
    assert order == ["a1", "a2"]
    with db.session() as session:
        seq = dict(session.execute(sa.select(articles.c.id, articles.c.seq)).tuples().all())
    assert seq["a1"] < seq["a2"]


def test_a_database_of_the_previous_schema_keeps_its_statistics(db_url: URL) -> None:
    """Revision 0003 kept the statistics as one JSON value; 0004 turns them into rows, and
    gives the stored articles their places in storage order."""
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0003")
    big = (1 << 64) - 5  # saved unsigned; stored signed now
    saved = {
        "terms": {"n_documents": 2, "df": {"gao": 2, "#4": 1}, "seen": ["x", "y"]},
        "segments": {str(big): [2, "2021-03-07", "2021-04-01", "y"], "17": [1, None, None, "x"]},
    }
    state = sa.table(
        "fusion_state", sa.column("name"), sa.column("documents"), sa.column("value"),
        sa.column("saved_at"),
    )  # fmt: skip
    value = (
        json.dumps(saved)
        if db_url.get_backend_name() == "postgresql"
        else pack_text(json.dumps(saved))
    )
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    stored = sa.table(
        "articles", sa.column("id"), sa.column("text"), sa.column("n_events"),
        sa.column("stored_at"),
    )  # fmt: skip
    text = "x" if db_url.get_backend_name() == "postgresql" else pack_text("x")
    with engine.begin() as conn:
        conn.execute(sa.insert(state).values(name="corpus", documents=2, value=value, saved_at=now))
        for n, key in enumerate(["b", "a"]):
            later = now + dt.timedelta(seconds=n)
            conn.execute(sa.insert(stored).values(id=key, text=text, n_events=0, stored_at=later))
    engine.dispose()
    with open_database(db_url) as db, db.session() as session:
        terms = dict(session.execute(sa.select(fusion_terms)).tuples().all())
        segments = {r[0]: r[1:] for r in session.execute(sa.select(fusion_segments))}
        documents = session.execute(sa.select(fusion_state.c.documents)).scalar_one()
        seq = dict(session.execute(sa.select(articles.c.id, articles.c.seq)).tuples().all())
    assert terms == {"gao": 2, "#4": 1}
    assert segments == {
        big - (1 << 64): (2, dt.date(2021, 3, 7), dt.date(2021, 4, 1)),
        17: (1, None, None),
    }
    assert documents == 2
    assert seq == {"b": 1, "a": 2}
