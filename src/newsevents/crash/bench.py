"""``newsevents bench crash``: kill ``ingest`` with SIGKILL at random moments, run it again
after each kill, and compare the database it ends with against a clean run.

Both runs read the same corpus (:mod:`newsevents.crash.corpus`) into fresh databases (SQLite
files, or PostgreSQL schemas of their own that are dropped afterwards). The clean run is timed
first: its time until the first article is stored (start-up: imports, the NLP pipeline, a
Dask cluster) and its time per article. Each interrupted run is killed, with its whole process
group (Dask workers too), once a random number of further articles is fused (spread so that the
kills fall all along the corpus) and a random part of one article's time later, so that kills
land in extraction, storage and fusion alike; one in ten falls during start-up instead
(opening and migrating the database, loading the pipeline). After the last kill the command
runs to its end, and the two databases are
compared (:mod:`newsevents.crash.compare`): articles, events, incident groups and the
incidents' contents must all be identical.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from newsevents.crash.compare import Differences, compare, snapshot
from newsevents.crash.corpus import write_corpus
from newsevents.store.db import open_database, resolve_url
from newsevents.store.schema import articles, incidents

#: The PostgreSQL database whose scratch schemas hold the two databases by default.
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
#: Share of the kills that fall during start-up.
STARTUP_SHARE = 0.1
#: How often the database is looked at while a run goes (seconds).
POLL_SECONDS = 0.2
#: Longest a single run may take before the test gives up on it (seconds).
RUN_LIMIT = 3600.0


@dataclass
class CrashConfig:
    """What to run and how often to kill it."""

    docs: Path
    """The GVA pool's docs.jsonl."""
    backend: str = "sqlite"
    """``sqlite`` or ``postgresql``."""
    workers: int | None = None
    """``ingest --workers N`` (a local Dask cluster); None: one process."""
    kills: int = 20
    limit: int = 300
    """Articles of the corpus."""
    seed: int = 0
    """Seed of the kill moments."""
    partition_size: int = 4
    """``--partition-size`` of cluster runs: small, so kills fall between partitions too."""
    pg_url: str = DEFAULT_PG
    log: Callable[[str], None] = field(default=lambda _line: None)


@dataclass(frozen=True)
class Databases:
    """The URLs of the clean run's database and of the killed runs' one."""

    clean: str
    crashed: str


def _count(url: str, fused: bool) -> int:
    """Articles stored (fused ones only with ``fused``) in ``url``; 0 before it exists."""
    engine = create_engine(resolve_url(url))
    try:
        with engine.connect() as conn:
            query = select(func.count()).select_from(articles)
            if fused:
                query = query.where(articles.c.incident_id.isnot(None))
            return int(conn.execute(query).scalar_one())
    except SQLAlchemyError:  # not created or not migrated yet: nothing stored
        return 0
    finally:
        engine.dispose()


@contextmanager
def scratch_databases(backend: str, folder: Path, pg_url: str = DEFAULT_PG) -> Iterator[Databases]:
    """Two empty databases: SQLite files in ``folder``, or schemas of their own in the
    PostgreSQL database ``pg_url`` (dropped afterwards)."""
    if backend == "sqlite":
        yield Databases(str(folder / "clean.db"), str(folder / "crashed.db"))
        return
    base = make_url(pg_url).set(drivername="postgresql+psycopg")
    tag = uuid.uuid4().hex[:10]
    schemas = [f"crash_{tag}_clean", f"crash_{tag}_killed"]
    admin = create_engine(base)
    with admin.begin() as conn:
        for schema in schemas:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    urls = [
        base.update_query_dict({"options": f"-csearch_path={s}"})
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
        for s in schemas
    ]
    try:
        yield Databases(urls[0], urls[1])
    finally:
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def _command(config: CrashConfig, corpus: Path, db: str) -> list[str]:
    command = [sys.executable, "-c", "from newsevents.cli import main; main()"]
    command += ["ingest", str(corpus), "--db", db]
    if config.workers is not None:
        command += ["--workers", str(config.workers)]
        command += ["--partition-size", str(config.partition_size)]
    return command


def _start(command: Sequence[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as handle:
        # A session of its own: the kill takes the Dask scheduler and workers with it.
        return subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )


def _kill(process: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):  # it ended meanwhile
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _finish(process: subprocess.Popen[bytes], log: Path) -> None:
    try:
        code = process.wait(timeout=RUN_LIMIT)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise RuntimeError(f"ingest ran over {RUN_LIMIT:.0f} s; see {log}") from None
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"ingest exited with status {code}:\n{tail}")


def _clean_run(command: Sequence[str], db: str, log: Path) -> tuple[float, float]:
    """Run to the end; (seconds until the first article was stored, total seconds)."""
    started = time.perf_counter()
    process = _start(command, log)
    first: float | None = None
    while process.poll() is None:
        if first is None and _count(db, fused=False):
            first = time.perf_counter() - started
        time.sleep(POLL_SECONDS)
    _finish(process, log)
    total = time.perf_counter() - started
    return (first if first is not None else total), total


def _counts(url: str) -> dict[str, int]:
    with open_database(url) as db, db.session() as session:
        n_articles = session.execute(select(func.count()).select_from(articles)).scalar_one()
        n_incidents = session.execute(
            select(func.count()).select_from(incidents).where(incidents.c.n_events > 0)
        ).scalar_one()
    return {"articles": int(n_articles), "incidents": int(n_incidents)}


@dataclass(frozen=True)
class KillReport:
    """What the kills and the comparison gave."""

    kills: int
    """Runs killed (a run that ended before its kill ends the series)."""
    finished_early: bool
    clean_seconds: float
    killed_seconds: float
    """From the first interrupted run to the end of the last run."""
    differences: Differences


def kill_and_compare(
    command: Callable[[str], Sequence[str]],
    dbs: Databases,
    n_articles: int,
    kills: int,
    rng: random.Random,
    log: Path,
    say: Callable[[str], None] = lambda _line: None,
) -> KillReport:
    """Run ``command(clean)`` to its end, then ``command(crashed)`` killed ``kills`` times
    and once more to its end, and compare the two databases (see the module docstring)."""
    startup, total = _clean_run(command(dbs.clean), dbs.clean, log)
    per_article = max(total - startup, 1.0) / max(n_articles, 1)
    say(f"clean run: {total:.1f} s (start-up {startup:.1f} s)")
    landed, early, started = 0, False, time.perf_counter()
    for left in range(kills, 0, -1):
        fused = _count(dbs.crashed, fused=True)
        process = _start(command(dbs.crashed), log)
        if rng.random() < STARTUP_SHARE:
            time.sleep(rng.uniform(0.0, startup))
        else:
            # Kills spread evenly over the articles left, on average; each lands at a random
            # instant of an article's extraction, storage or fusion, never after the last.
            step = rng.uniform(0.0, 2.0 * (n_articles - fused) / left)
            target = min(fused + int(step), n_articles - 1)
            while process.poll() is None and _count(dbs.crashed, fused=True) < target:
                time.sleep(POLL_SECONDS / 4)
            time.sleep(rng.uniform(0.0, per_article))
        if process.poll() is not None:
            _finish(process, log)  # it ran to the end: nothing left to kill
            early = True
            break
        _kill(process)
        landed += 1
        fused = _count(dbs.crashed, fused=True)
        say(f"kill {landed}: {fused} of {n_articles} articles fused")
    _finish(_start(command(dbs.crashed), log), log)
    killed = time.perf_counter() - started
    with open_database(dbs.clean) as clean_db, open_database(dbs.crashed) as crashed_db:
        differences = compare(snapshot(clean_db), snapshot(crashed_db))
    return KillReport(landed, early, total, killed, differences)


def crash_bench(config: CrashConfig) -> dict[str, Any]:
    """Run the crash test on ``ingest``; the figures and differences."""
    with tempfile.TemporaryDirectory(prefix="newsevents-crash-") as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        n_articles = write_corpus(config.docs, config.limit, corpus)
        with scratch_databases(config.backend, folder, config.pg_url) as dbs:
            config.log(f"clean run of {n_articles} articles")
            report = kill_and_compare(
                lambda db: _command(config, corpus, db),
                dbs,
                n_articles,
                config.kills,
                random.Random(config.seed),
                folder / "ingest.log",
                config.log,
            )
            counts = _counts(dbs.clean)
    diff = report.differences
    return {
        "database": config.backend,
        "workers": config.workers or 1,
        "corpus_articles": n_articles,
        "kills": report.kills,
        "finished_before_the_last_kill": report.finished_early,
        "clean_run_seconds": round(report.clean_seconds, 1),
        "killed_runs_seconds": round(report.killed_seconds, 1),
        "stored_articles": counts["articles"],
        "incidents": counts["incidents"],
        "differing_articles": diff.articles,
        "differing_events": diff.events,
        "differing_incident_groups": diff.groups,
        "differing_incident_contents": diff.incidents,
        "identical": diff.identical,
    }


__all__ = [
    "DEFAULT_PG",
    "CrashConfig",
    "Databases",
    "KillReport",
    "crash_bench",
    "kill_and_compare",
    "scratch_databases",
]
