"""``newsevents fuse`` killed with SIGKILL at random moments and run again ends with the
database of an uninterrupted pass (articles, events, incident groups), on SQLite and
PostgreSQL. The articles are stored first with ``load --no-fuse`` into both databases."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from crash_corpus import reports, scratch_pg_url, write_results

from newsevents.crash.bench import kill_and_compare, scratch_databases

ARTICLES = 120
_CLI = [sys.executable, "-c", "from newsevents.cli import main; main()"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_fuse_killed_four_times_ends_as_an_uninterrupted_pass(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pg_url = scratch_pg_url(backend, request)
    results = tmp_path / "results"
    write_results(results, reports(ARTICLES, seed=5))
    with scratch_databases(backend, tmp_path, pg_url) as dbs:
        for db in (dbs.clean, dbs.crashed):
            subprocess.run(
                [*_CLI, "load", str(results), "--db", db, "--no-fuse"],
                check=True,
                capture_output=True,
                timeout=300,
            )
        report = kill_and_compare(
            lambda db: [*_CLI, "fuse", "--db", db],
            dbs,
            ARTICLES,
            kills=4,
            rng=random.Random(11),
            log=tmp_path / "fuse.log",
        )
    assert report.kills >= 2, "the passes ended before they could be killed"
    assert report.differences.identical, report.differences
