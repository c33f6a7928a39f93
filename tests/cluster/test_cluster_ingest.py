"""The ingest on Dask clusters: the same events as in one process, the same database, results
written by workers (PostgreSQL) or as a dataset, a killed run restarted, and a cluster of
separate scheduler and worker processes."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client
from sqlalchemy import select
from sqlalchemy.engine import URL
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.cluster.client import dask_client
from newsevents.cluster.partitions import partitions
from newsevents.cluster.run import run_partitions
from newsevents.cluster.sinks import DatabaseSink, ParquetSink, WorkerWriteSink
from newsevents.extract.article import extract_many
from newsevents.ingest import read_paths
from newsevents.model import Article
from newsevents.store.db import open_database
from newsevents.store.fuse_later import count_unfused
from newsevents.store.load import IngestSummary, ingest_items
from newsevents.store.query import query_events
from newsevents.store.schema import articles

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _articles() -> list[Article]:
    return [a for a in read_paths([str(SAMPLES)]) if isinstance(a, Article)]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A local cluster of two worker processes."""
    with dask_client(2, dashboard_address=None) as c:
        yield c


def _events(url: str | URL) -> list[dict[str, Any]]:
    """Every stored event with its incident, in a stable order."""
    with open_database(url) as db, db.session() as session:
        hits = query_events(session, limit=None)
    rows = [{"event": h.event.model_dump(mode="json"), "incident": h.incident_id} for h in hits]
    return sorted(rows, key=lambda r: r["event"]["id"])


def test_workers_extract_exactly_what_one_process_extracts(client: Client) -> None:
    arts = _articles()
    here = list(extract_many(arts))
    collected: list[Any] = []

    class Collect(ParquetSink):
        def finish(self, part: Any, value: Any, counts: Any, *args: Any) -> None:
            collected.extend(value)

    run_partitions(client.submit, partitions(arts, 2), Collect(Path("unused")), IngestSummary())
    assert [r.model_dump() for r in collected] == [r.model_dump() for r in here]
    assert sum(len(r.events) for r in here) > 5


_REAL: dict[str, Any] = {}


def _break_extraction_of(marker: str) -> None:
    """Run on each worker: extraction raises on texts that contain ``marker``."""
    import newsevents.extract.article as article

    _REAL.setdefault("many", article.extract_many)
    _REAL.setdefault("one", article.extract_article)

    def check(item: Article) -> None:
        if marker in item.text:
            raise OverflowError("date value out of range")

    def many(items: Any, batch_size: int = 32) -> Any:
        batch = list(items)
        for item in batch:
            check(item)
        return _REAL["many"](batch, batch_size=batch_size)

    def one(item: Article) -> Any:
        check(item)
        return _REAL["one"](item)

    article.extract_many = many
    article.extract_article = one


def _mend_extraction() -> None:
    import newsevents.extract.article as article

    article.extract_many = _REAL.get("many", article.extract_many)
    article.extract_article = _REAL.get("one", article.extract_article)


def test_an_article_that_fails_on_a_worker_is_reported_here_once(
    client: Client, tmp_path: Path
) -> None:
    arts = _articles()
    cursed = arts[1].model_copy(update={"id": "cursed", "text": arts[1].text + " CURSED"})
    client.run(_break_extraction_of, "CURSED")
    errors: list[str] = []
    counts = IngestSummary()
    try:
        with open_database(str(tmp_path / "events.db")) as db:
            run_partitions(
                client.submit,
                partitions([arts[0], cursed, *arts[1:]], 2),
                DatabaseSink(db),
                counts,
                on_error=lambda e: errors.append(str(e)),
            )
    finally:
        client.run(_mend_extraction)
    where = cursed.source_path
    assert errors == [
        f"{where} (article cursed): extraction failed (OverflowError: date value out of range)"
    ]
    assert counts.errors == 1 and counts.partitions == 4
    assert counts.stored + sum(counts.skipped.values()) == len(arts)


def test_the_database_is_that_of_a_single_process_ingest(client: Client, tmp_path: Path) -> None:
    single, clustered = str(tmp_path / "single.db"), str(tmp_path / "cluster.db")
    with open_database(single) as db:
        alone = ingest_items(db, read_paths([str(SAMPLES)]))
    counts = IngestSummary()
    with open_database(clustered) as db:
        run_partitions(
            client.submit, partitions(_articles(), 1), DatabaseSink(db), counts, in_flight=4
        )
    assert (counts.stored, counts.events, counts.incidents) == (
        alone.stored,
        alone.events,
        alone.incidents,
    )
    assert _events(clustered) == _events(single)


def _groups(url: str | URL) -> set[frozenset[str]]:
    """The incidents as sets of event ids."""
    grouped: dict[int, set[str]] = {}
    for row in _events(url):
        grouped.setdefault(row["incident"], set()).add(row["event"]["id"])
    return {frozenset(group) for group in grouped.values()}


def test_workers_write_to_postgresql_themselves_then_it_is_fused(
    client: Client, pg_url: URL, tmp_path: Path
) -> None:
    counts = IngestSummary()
    with open_database(pg_url) as db:
        sink = WorkerWriteSink(db)
        run_partitions(client.submit, partitions(_articles(), 2), sink, counts)
        with db.session() as session:
            # Fused partition by partition as they came back, in input order.
            assert count_unfused(session) == 0
            order = session.execute(select(articles.c.id).order_by(articles.c.seq)).scalars().all()
        assert order == [a.id for a in _articles()]
        sink.fuse_after(counts, None)
    single = str(tmp_path / "single.db")
    with open_database(single) as db:
        alone = ingest_items(db, read_paths([str(SAMPLES)]))
    assert (counts.stored, counts.events) == (alone.stored, alone.events)
    stored = [r["event"] for r in _events(pg_url)]
    assert stored == [r["event"] for r in _events(single)]
    assert _groups(pg_url) == _groups(single)
    again = IngestSummary()
    with open_database(pg_url) as db:
        run_partitions(client.submit, partitions(_articles(), 2), WorkerWriteSink(db), again)
    assert again.partitions_skipped == 3 and again.events == 0


def test_stored_without_fusion_then_newsevents_fuse(tmp_path: Path) -> None:
    later, single = str(tmp_path / "later.db"), str(tmp_path / "single.db")
    assert _cli("ingest", str(SAMPLES), "--no-fuse", "--db", later)[0] == 0
    code, output = _cli("fuse", "--db", later)
    assert code == 0, output
    fused = re.search(r"fused: 6 articles with (\d+) events", output)
    assert fused is not None and int(fused.group(1)) > 0, output
    assert _cli("ingest", str(SAMPLES), "--db", single)[0] == 0
    assert _groups(later) == _groups(single)
    assert "fused: 0 articles" in _cli("fuse", "--db", later)[1]


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def test_out_then_load_gives_the_same_database(tmp_path: Path) -> None:
    out = tmp_path / "results"
    code, output = _cli("ingest", str(SAMPLES), "--out", str(out), "--partition-size", "2")
    assert code == 0, output
    assert len(list(out.glob("part-*.parquet"))) == 3
    code, output = _cli("ingest", str(SAMPLES), "--out", str(out), "--partition-size", "2")
    assert "partitions: 0 extracted, 3 finished before" in output
    loaded = str(tmp_path / "loaded.db")
    code, output = _cli("load", str(out), "--db", loaded)
    assert code == 0, output
    single = str(tmp_path / "single.db")
    assert _cli("ingest", str(SAMPLES), "--db", single)[0] == 0
    assert _events(loaded) == _events(single)
    code, output = _cli("load", str(out), "--db", loaded)
    assert "stored: 0 articles" in output


def _stored_articles(path: Path) -> int:
    try:
        with sqlite3.connect(path) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def _ingest_process(db: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable, "-c", "from newsevents.cli import main; main()", "ingest", str(SAMPLES),
        "--workers", "1", "--partition-size", "1", "--db", str(db),
    ]  # fmt: skip
    # A session of its own: killing its group kills the local cluster's processes too.
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip


def test_a_killed_run_restarted_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    first = _ingest_process(db)
    deadline = time.monotonic() + 120
    while _stored_articles(db) < 2 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    before = _stored_articles(db)
    assert 2 <= before < 6, "the run was not stopped midway"
    second = _ingest_process(db)
    output, _ = second.communicate(timeout=300)
    assert second.returncode == 0, output
    assert f"skipped: {before}" in output.replace("\n", " ") or "finished before" in output
    assert _stored_articles(db) == 6
    single = tmp_path / "single.db"
    assert _cli("ingest", str(SAMPLES), "--db", str(single))[0] == 0
    resumed = [r["event"] for r in _events(str(db))]
    assert resumed == [r["event"] for r in _events(str(single))]
    assert len({e["id"] for e in resumed}) == len(resumed)


def test_a_cluster_of_separate_scheduler_and_worker_processes(tmp_path: Path) -> None:
    """The multi-machine recipe of docs/performance.md, on this machine."""
    dask = str(Path(sys.executable).with_name("dask"))
    info = tmp_path / "scheduler.json"
    started: list[subprocess.Popen[bytes]] = []
    try:
        started.append(subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(info)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        ))  # fmt: skip
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        started.append(subprocess.Popen(
            [dask, "worker", address, "--nthreads", "1", "--nworkers", "1",
             "--no-dashboard", "--host", "127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        ))  # fmt: skip
        db = str(tmp_path / "events.db")
        code, output = _cli("ingest", str(SAMPLES), "--scheduler", address, "--db", db)
        assert code == 0, output
        assert f"joining {address}" in output
        assert "1 workers" in output
        single = str(tmp_path / "single.db")
        assert _cli("ingest", str(SAMPLES), "--db", single)[0] == 0
        assert _events(db) == _events(single)
    finally:
        for process in reversed(started):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
