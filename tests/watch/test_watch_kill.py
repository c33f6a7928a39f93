"""Exact recovery of ``newsevents watch --once`` after kill -9.

A watch over a folder and a feed file runs to the end once (the clean run). Then, on another
database, the same command is killed with SIGKILL at several moments (once while it starts, then
just after its 3rd and its 6th article was committed, plus a random few milliseconds), each time
started again, and finally left to finish: the articles, the events, the partition of the
events into incidents and the watch's item records must be those of the clean run.

The runs are forked from the test process once the NLP pipeline is loaded in it, so each one
starts in a fraction of a second; each runs the command line's own entry point. On SQLite and
on PostgreSQL (two fresh schemas).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool
from watch_samples import BAKERY, BOMB, CLASH, KIDNAP, RAID, SPORT, Item, rss, text_file

pytestmark = pytest.mark.slow

#: A second report of the bombing, for fusion to join to the first.
BOMB_AGAIN = (
    "Four Soldiers Die in Roadside Blast",
    "Four soldiers were killed when a roadside bomb hit their vehicle near Gao on Sunday, "
    "military sources said. The blast happened on the road to Ansongo.",
)
RAID_AGAIN = (
    "Karachi Raid Nets Five Militants",
    "Five suspected militants were arrested by police in a raid in Karachi on Monday, a police "
    "spokesman said, adding that weapons and explosives were seized in the house.",
)


def _sources(root: Path) -> list[str]:
    folder = root / "inbox"
    folder.mkdir()
    stamp = time.time() - 60
    for name, article in [("a_bomb.txt", BOMB), ("b_raid.txt", RAID), ("c_sport.txt", SPORT),
                          ("d_bomb_again.txt", BOMB_AGAIN), ("e_clash.txt", CLASH),
                          ("f_bakery.txt", BAKERY)]:  # fmt: skip
        path = folder / name
        path.write_text(text_file(article), encoding="utf-8")
        os.utime(path, (stamp, stamp))
    entries = [
        Item(f"k{i}", article[0], f"http://wire.example/{i}", content=f"<p>{article[1]} {more}</p>")
        for i, (article, more) in enumerate([
            (KIDNAP, "Local leaders appealed for their release."),
            (RAID_AGAIN, "The suspects were taken to a police station for questioning."),
            (CLASH, "Residents said the fighting went on for several hours overnight."),
        ])
    ]  # fmt: skip
    feed = root / "wire.xml"
    feed.write_text(rss("Wire", entries), encoding="utf-8")
    return [str(folder), str(feed)]


def _watch(db: str, sources: list[str]) -> None:
    """A forked run of the command line (its exit status is the process's)."""
    from newsevents.cli import main

    sys.argv = ["newsevents", "watch", "--once", "--no-fetch", "--db", db, *sources]
    main()


def _start(db: str, sources: list[str]) -> Any:
    process = multiprocessing.get_context("fork").Process(target=_watch, args=(db, sources))
    process.start()
    return process


@pytest.fixture(params=["sqlite", "postgresql"])
def two_dbs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty databases of one kind, as --db URLs."""
    if request.param == "sqlite":
        yield str(tmp_path / "clean.db"), str(tmp_path / "killed.db")
        return
    first: URL = request.getfixturevalue("pg_url")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(first.set(query={}), poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    second = first.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield (
            first.render_as_string(hide_password=False),
            second.render_as_string(hide_password=False),
        )
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


def _engine(db: str) -> Any:
    url = db if "://" in db else f"sqlite:///{db}"
    return create_engine(url, poolclass=NullPool)


def _stored(db: str) -> int:
    """Articles committed so far (0 while the tables are not created yet)."""
    engine = _engine(db)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def _kill_after(run: Any, db: str, articles: int, jitter: float) -> bool:
    """SIGKILL ``run`` once ``articles`` are committed (and ``jitter`` seconds more); False
    when it ended first."""
    while run.is_alive() and _stored(db) < articles:
        time.sleep(0.005)
    time.sleep(jitter)
    if not run.is_alive():
        return False
    os.kill(run.pid, signal.SIGKILL)
    return True


def _snapshot(db: str) -> dict[str, Any]:
    engine = _engine(db)
    with engine.connect() as conn:

        def rows(query: str) -> list[tuple[Any, ...]]:
            return sorted(tuple(row) for row in conn.execute(text(query)))

        articles = rows("SELECT id, n_events FROM articles")
        events = rows("SELECT id, article_id, event_type, event_date FROM events")
        groups: dict[Any, set[str]] = {}
        for event_id, incident in rows("SELECT id, incident_id FROM events"):
            groups.setdefault(incident, set()).add(event_id)
        items = rows("SELECT source, item_key, status, article_id, attempts FROM watch_items")
    engine.dispose()
    return {
        "articles": articles,
        "events": events,
        "incident groups": sorted(sorted(group) for group in groups.values()),
        "items": items,
    }


def test_watch_killed_at_any_moment_ends_as_a_clean_run(
    tmp_path: Path, two_dbs: tuple[str, str]
) -> None:
    import newsevents

    # Load the pipeline here, once: the forked runs inherit it.
    newsevents.extract("Gunmen killed four soldiers near Gao on Sunday.", published="2021-03-08")
    sources = _sources(tmp_path)
    clean, killed = two_dbs
    started = time.monotonic()
    run = _start(clean, sources)
    run.join(120)
    took = time.monotonic() - started
    assert run.exitcode == 0
    expected = _snapshot(clean)
    assert len(expected["articles"]) == 9 and len(expected["items"]) == 9

    rng = random.Random(14)
    run = _start(killed, sources)
    kills = [_kill_after(run, killed, 0, rng.uniform(0.05, 0.5) * took)]
    run.join(60)
    for articles in (3, 6):
        run = _start(killed, sources)
        kills.append(_kill_after(run, killed, articles, rng.uniform(0, 0.02)))
        run.join(60)
        assert _stored(killed) < 9 or not kills[-1]
    assert sum(kills) >= 2, "the runs ended before they could be killed"
    run = _start(killed, sources)
    run.join(120)
    assert run.exitcode == 0
    found = _snapshot(killed)
    for part in expected:
        assert found[part] == expected[part], part
