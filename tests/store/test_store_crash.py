"""The crash test, bounded: ``newsevents load`` killed with SIGKILL at random moments and run
again ends with the database of a clean run (articles, events, incident groups), on SQLite
and PostgreSQL. The full version on GVA articles is ``newsevents bench crash``."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from crash_corpus import reports, scratch_pg_url, write_results
from store_factory import Story

from newsevents.crash.bench import kill_and_compare, scratch_databases
from newsevents.crash.compare import compare, snapshot
from newsevents.store.db import Database, open_database
from newsevents.store.write import store_article

ARTICLES = 120


def _load(folder: Path) -> object:
    def command(db: str) -> list[str]:
        cli = "from newsevents.cli import main; main()"
        return [sys.executable, "-c", cli, "load", str(folder), "--db", db]

    return command


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_load_killed_four_times_ends_as_a_clean_run(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pg_url = scratch_pg_url(backend, request)
    results = tmp_path / "results"
    write_results(results, reports(ARTICLES))
    with scratch_databases(backend, tmp_path, pg_url) as dbs:
        report = kill_and_compare(
            _load(results),  # type: ignore[arg-type]
            dbs,
            ARTICLES,
            kills=4,
            rng=random.Random(3),
            log=tmp_path / "load.log",
        )
    assert report.kills >= 2, "the runs ended before they could be killed"
    assert report.differences.identical, report.differences


def test_snapshots_differ_when_an_event_is_in_another_incident(db: Database) -> None:
    store_article(db, Story("a1").result())
    store_article(db, Story("a2").result())
    same = snapshot(db)
    assert compare(same, snapshot(db)).identical
    with open_database(db.url) as other:
        store_article(other, Story("a3").result())
    joined = compare(same, snapshot(db))
    # a3 joined the incident of a1 and a2: that group is gone, a larger one is there.
    assert (joined.articles, joined.events, joined.groups) == (1, 1, 2)
    assert not joined.identical
