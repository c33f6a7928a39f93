"""The schedule: intervals, backoff of failing sources, and what a restart remembers."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.store.db import Database, open_database
from newsevents.watch.fetch import Fetcher
from newsevents.watch.loop import Watcher, WatchSettings, retry_delay
from newsevents.watch.poll import Poller, PollResult
from newsevents.watch.sources import Source, SourceKind


def test_retry_delay_doubles_up_to_the_interval_and_honours_retry_after() -> None:
    assert [retry_delay(n, 900) for n in range(1, 7)] == [30, 60, 120, 240, 480, 900]
    assert retry_delay(3, 45) == 45
    assert retry_delay(1, 900, retry_after=600) == 600
    assert retry_delay(10_000, 900) == 900


class Timeline:
    """A fake clock whose waits move time on; stops the watch past ``end``."""

    def __init__(self, end: float) -> None:
        self.now = 0.0
        self.end = end
        self.poller: Poller | None = None

    def clock(self) -> float:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += seconds
        if self.now > self.end:
            assert self.poller is not None
            self.poller.stop.set()


def _watch(
    db: Database, sources: list[Source], timeline: Timeline, once: bool = False
) -> dict[str, list[float]]:
    never = httpx.MockTransport(lambda request: pytest.fail(f"unexpected request {request.url}"))
    poller = Poller(db, Fetcher(transport=never))
    timeline.poller = poller
    polled: dict[str, list[float]] = {}
    real = poller.poll

    def poll(source: Source) -> PollResult:
        polled.setdefault(source.key, []).append(timeline.now)
        return real(source)

    poller.poll = poll  # type: ignore[method-assign]
    watcher = Watcher(
        poller,
        sources,
        WatchSettings(every=300, once=once),
        clock=timeline.clock,
        wait=timeline.wait,
    )
    summary = watcher.run()
    assert summary.interrupted is not once
    return polled


def test_failing_sources_back_off_and_the_schedule_survives_a_restart(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    ok = Source(str(empty), SourceKind.folder)
    bad = Source(str(tmp_path / "missing"), SourceKind.folder)
    with open_database(str(tmp_path / "events.db")) as db:
        timeline = Timeline(end=1000)
        polled = _watch(db, [ok, bad], timeline)
        assert polled[ok.key] == [0, 300, 600, 900]
        assert polled[bad.key] == [0, 30, 90, 210, 450, 750]
        state = Poller(db, Fetcher()).state
        failing = state.source(bad)
        assert failing.failures == 6 and failing.last_error is not None
        assert failing.last_error.startswith("folder missing")
        assert failing.next_attempt == dt.datetime.fromtimestamp(1050, dt.UTC)
        assert state.source(ok).failures == 0

    with open_database(str(tmp_path / "events.db")) as db:
        # A restart at t=1000 polls each source when it is due, not at once...
        timeline.now, timeline.end = 1000, 1250
        polled = _watch(db, [ok, bad], timeline)
        assert polled == {bad.key: [1050], ok.key: [1200]}
        # ... unless asked to poll once, which polls everything now.
        timeline.now = 1260
        assert _watch(db, [ok, bad], timeline, once=True) == {ok.key: [1260], bad.key: [1260]}


def test_ctrl_c_stops_a_running_watch_cleanly_with_its_summary(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    db = tmp_path / "e.db"

    def ctrl_c_once_polled() -> None:
        # Ctrl-C once the first poll is stored, that is while the watch waits for the next.
        for _ in range(600):
            time.sleep(0.05)
            if db.exists() and _polled(db):
                break
        os.kill(os.getpid(), signal.SIGINT)

    thread = threading.Thread(target=ctrl_c_once_polled)
    thread.start()
    try:
        result = CliRunner().invoke(app, ["watch", str(empty), "--every", "1h", "--db", str(db)])
    finally:
        thread.join()
    assert result.exit_code == 0, result.output
    assert f"next poll: {empty} in 1h" in result.stderr
    assert "stopping after the current article" in result.stderr
    assert (
        "polls: 1" in result.stdout and "stopped: everything stored so far is kept" in result.stderr
    )
    # The handler is put back: a later Ctrl-C is an ordinary KeyboardInterrupt again.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _polled(db: Path) -> bool:
    try:
        with closing(sqlite3.connect(db)) as conn:
            rows = conn.execute("SELECT count(*) FROM watch_sources WHERE last_ok IS NOT NULL")
            return bool(rows.fetchone()[0])
    except sqlite3.Error:
        return False


def test_a_source_cut_by_its_budget_is_polled_again_at_once_after_the_others(
    tmp_path: Path,
) -> None:
    slow, quick = (
        Source(str(tmp_path / "slow"), SourceKind.folder),
        Source(str(tmp_path / "quick"), SourceKind.folder),
    )
    for source in (slow, quick):
        source.path.mkdir()
    timeline = Timeline(end=700)
    order: list[tuple[str, float]] = []
    cuts = iter([True, True, False])
    with open_database(str(tmp_path / "e.db")) as db:
        poller = Poller(db, Fetcher(transport=httpx.MockTransport(lambda r: pytest.fail())))
        timeline.poller = poller

        def poll(source: Source) -> PollResult:
            order.append((source.path.name, timeline.now))
            timeline.now += 10  # every poll takes 10 s
            result = PollResult(source)
            if source is slow and next(cuts, False):
                result.cut, result.left = "time budget of 10s used up after 1 of 3 items", 2
            return result

        poller.poll = poll  # type: ignore[method-assign]
        lines: list[str] = []
        watcher = Watcher(
            poller, [slow, quick], WatchSettings(every=300),
            log=lines.append, clock=timeline.clock, wait=timeline.wait,
        )  # fmt: skip
        watcher.run()
    # The quick source keeps its schedule (300 s after its poll ended); the slow one goes on
    # at once, after the quick one, until it is done.
    assert order[:5] == [("slow", 0), ("quick", 10), ("slow", 20), ("slow", 30), ("quick", 320)]
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert len(warnings) == 2 and warnings[0].endswith("1 of 3 items; the rest at the next poll")
