"""The watch tables on both databases, and the keys of folder files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import URL

from newsevents.store.db import open_database
from newsevents.store.schema import watch_items
from newsevents.watch.errors import SourceError
from newsevents.watch.folders import scan_folder
from newsevents.watch.sources import Source, SourceKind
from newsevents.watch.state import FAILED, STORED, ItemState, WatchState

T0 = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


def test_source_and_item_state_survive_reopening(db_url: URL) -> None:
    source = Source("http://news.example/feed.xml", SourceKind.feed_url)
    with open_database(db_url) as db:
        state = WatchState(db)
        fresh = state.source(source)
        assert fresh.failures == 0 and fresh.etag is None and fresh.kind == "feed"
        state.save_source(fresh.__class__(**{**fresh.row(), "etag": '"v1"', "last_ok": T0}))
        state.record_item(source.key, "e1", ItemState(FAILED, 1, None, "HTTP 503"), now=T0)
        later = T0 + dt.timedelta(hours=1)
        state.record_item(source.key, "e1", ItemState(STORED, 2, "abc"), now=later)
        state.record_item(source.key, "e2", ItemState(FAILED, 1, None, "timeout"), now=later)
    with open_database(db_url) as db:
        state = WatchState(db)
        again = state.source(source)
        assert again.etag == '"v1"' and again.last_ok == T0
        items = state.items(source.key, ["e1", "e2", "e3"])
        assert items == {
            "e1": ItemState(STORED, 2, "abc", None),
            "e2": ItemState(FAILED, 1, None, "timeout"),
        }
        assert items["e1"].is_settled() and not items["e2"].is_settled()
        with db.session() as session:
            row = session.execute(
                select(watch_items.c.first_seen, watch_items.c.updated_at).where(
                    watch_items.c.item_key == "e1"
                )
            ).one()
        first_seen, updated = (v.replace(tzinfo=dt.UTC) if v.tzinfo is None else v for v in row)
        assert first_seen == T0 and updated == later


def _write(path: Path, text: str, age: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime - age
    os.utime(path, (stamp, stamp))
    return path


def test_folder_scan_lists_article_files_and_keys_change_with_the_file(tmp_path: Path) -> None:
    import time

    now = time.time()
    _write(tmp_path / "b.txt", "B", 60)
    _write(tmp_path / "sub" / "a.html", "<p>A</p>", 60)
    _write(tmp_path / "notes.md", "not an article", 60)
    _write(tmp_path / ".hidden" / "c.txt", "C", 60)
    _write(tmp_path / "fresh.txt", "still being written", 0)
    scan = scan_folder(tmp_path, settle=5, now=now)
    assert [f.path.relative_to(tmp_path).as_posix() for f in scan.files] == ["b.txt", "sub/a.html"]
    assert scan.unsettled == 1
    before = scan.files[0].key
    _write(tmp_path / "b.txt", "B, rewritten", 30)
    assert scan_folder(tmp_path, settle=5, now=now).files[0].key != before
    assert before.startswith("b.txt|")


def test_missing_folder_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="folder missing"):
        scan_folder(tmp_path / "nowhere", settle=0, now=0)


def test_an_item_failing_for_now_is_retried_then_abandoned(tmp_path: Path) -> None:
    from newsevents.watch.items import ItemTracker
    from newsevents.watch.state import ABANDONED

    with open_database(str(tmp_path / "events.db")) as db:
        state = WatchState(db)
        source = Source(str(tmp_path), SourceKind.folder)
        state.save_source(state.source(source))
        previous = None
        seen = []
        for _ in range(3):
            tracker = ItemTracker(db, source.key, max_attempts=3, now=lambda: T0)
            item = tracker.open("k", previous)
            item.retry = "HTTP 503 Service Unavailable"
            tracker.close(item)
            previous = state.items(source.key, ["k"])["k"]
            seen.append((previous.status, previous.attempts, tracker.retrying))
        assert seen == [(FAILED, 1, 1), (FAILED, 2, 1), (ABANDONED, 3, 0)]
        assert previous.is_settled() and previous.last_error == "HTTP 503 Service Unavailable"
