"""One poll of one source, in process: entries without fetching, a bad entry among good
ones, stopping after the current item, and resuming after an interruption."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from watch_samples import BAKERY, KIDNAP, SPORT, Item, rss, text_file

import newsevents.store.write as write
import newsevents.watch.poll as poll_module
from newsevents.store.db import Database, open_database
from newsevents.watch.entries import EntryArticle, EntryFailure
from newsevents.watch.feeds import Entry
from newsevents.watch.fetch import Fetcher
from newsevents.watch.poll import Poller, PollOptions
from newsevents.watch.sources import Source, SourceKind

pytestmark = pytest.mark.slow


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_database(str(tmp_path / "events.db")) as database:
        yield database


def _offline() -> Fetcher:
    """A fetcher that fails the test if it is asked for anything."""
    return Fetcher(transport=httpx.MockTransport(lambda r: pytest.fail(f"request to {r.url}")))


def _count(db: Database, table: str) -> int:
    with db.session() as session:
        return int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _aged(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8")
    stamp = time.time() - 60
    os.utime(path, (stamp, stamp))


def test_no_fetch_uses_the_entry_text_and_a_bad_entry_does_not_stop_the_feed(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = f"{KIDNAP[1]} Local leaders appealed for their release."
    bad = "http://relief.example/bad"
    feed = tmp_path / "feed.xml"
    feed.write_text(
        rss("Relief Wire", [
            Item("bad", "Broken", bad, content=body),
            Item("good", KIDNAP[0], "http://relief.example/kidnap", content=f"<p>{body}</p>"),
            Item("teaser", "Teaser", "http://relief.example/teaser"),
        ]),
        encoding="utf-8",
    )  # fmt: skip
    real = poll_module.entry_article

    def flaky(entry: Entry, **kwargs: object) -> EntryArticle | EntryFailure:
        if entry.key == "bad":
            raise RuntimeError("boom")
        return real(entry, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(poll_module, "entry_article", flaky)
    lines: list[str] = []
    poller = Poller(db, _offline(), PollOptions(fetch_pages=False), log=lines.append)
    result = poller.poll(Source(str(feed), SourceKind.feed_file))
    assert result.ok and result.new_items == 3
    assert result.ingest.stored == 1 and result.ingest.errors == 2
    assert f"error: {feed}: {bad}: unexpected failure (RuntimeError: boom)" in lines
    assert any(
        line.startswith(f"error: {feed}: http://relief.example/teaser: pages are not fetched")
        for line in lines
    )
    with db.session() as session:
        row = session.execute(text("SELECT url, outlet, published FROM articles")).one()
    assert tuple(row) == ("http://relief.example/kidnap", "Relief Wire", "2021-03-08")
    again = poller.poll(Source(str(feed), SourceKind.feed_file))
    assert again.new_items == 0 and again.ingest.read == 0


def test_a_stop_request_ends_the_poll_after_the_current_item(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    _aged(folder / "a_empty.txt", "   \n")
    _aged(folder / "b_sport.txt", text_file(SPORT))
    _aged(folder / "c_bakery.txt", text_file(BAKERY))
    source = Source(str(folder), SourceKind.folder)
    poller = Poller(db, _offline())
    # The first file cannot be read; its error line is where "Ctrl-C" comes.
    poller.log = lambda line: poller.stop.set()
    first = poller.poll(source)
    assert first.stopped and first.ingest.errors == 1 and first.ingest.read == 0
    assert "stopped" in first.line()
    poller.stop.clear()
    second = poller.poll(source)
    assert second.new_items == 2 and second.ingest.read == 2 and second.ingest.errors == 0
    assert _count(db, "articles") == 2 and _count(db, "watch_items") == 3


def test_an_interrupted_poll_resumes_without_loss_or_duplicates(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    _aged(folder / "b_sport.txt", text_file(SPORT))
    _aged(folder / "c_bakery.txt", text_file(BAKERY))
    source = Source(str(folder), SourceKind.folder)
    real = write.write_results
    calls: list[int] = []

    def interrupt_second(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "write_results", interrupt_second)
    poller = Poller(db, _offline())
    with pytest.raises(KeyboardInterrupt):
        poller.poll(source)
    assert _count(db, "articles") == 1 and _count(db, "watch_items") == 1
    monkeypatch.setattr(write, "write_results", real)
    again = poller.poll(source)
    assert again.new_items == 1 and again.ingest.read == 1
    assert _count(db, "articles") == 2 and _count(db, "watch_items") == 2
