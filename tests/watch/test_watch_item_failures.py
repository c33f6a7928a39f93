"""One bad item never fails its source (a bad URL, a page too large, an article whose extraction
or storing fails), and a poll cut by its time budget goes on at the next poll without losing or
repeating anything."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, text
from watch_samples import BOMB, KIDNAP, RAID, SPORT, Item, page, rss, text_file
from watch_server import Reply, Site

import newsevents.extract.article as article_module
import newsevents.store.write as write
from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database, open_database
from newsevents.watch.fetch import Fetcher, FetchSettings
from newsevents.watch.loop import Watcher, WatchSettings
from newsevents.watch.poll import Poller, PollOptions
from newsevents.watch.sources import Source, SourceKind
from newsevents.watch.state import ItemState, WatchState

pytestmark = pytest.mark.slow


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with open_database(str(tmp_path / "events.db")) as database:
        yield database


def _aged(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8")
    stamp = time.time() - 60
    os.utime(path, (stamp, stamp))


def _items(db: Database) -> dict[str, tuple[str, int]]:
    with db.session() as session:
        rows = session.execute(text("SELECT item_key, status, attempts FROM watch_items"))
        return {key.split("|")[0]: (status, attempts) for key, status, attempts in rows}


def _urls(db: Database) -> list[str | None]:
    with db.session() as session:
        return list(session.execute(text("SELECT url FROM articles ORDER BY url")).scalars())


def test_failing_extraction_or_storing_fails_only_its_item_then_is_given_up(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    _aged(folder / "a_bomb.txt", text_file(BOMB))
    _aged(folder / "b_cursed.txt", text_file(("Cursed", "EXTRACTION BUG " + RAID[1])))
    _aged(folder / "c_doomed.txt", text_file(("Doomed", "STORING BUG " + KIDNAP[1])))
    bad_url = json.dumps({"id": "u1", "text": SPORT[1], "url": "http://[::1/x"})
    _aged(folder / "d_bad_url.jsonl", bad_url + "\n")
    real_many, real_one, real_write = (
        article_module.extract_many, article_module.extract_article, write.write_results
    )  # fmt: skip

    def cursed(article: Article) -> None:
        if "EXTRACTION BUG" in article.text:
            raise ValueError("Invalid IPv6 URL")

    def many(articles: Iterable[Article], batch_size: int = 32) -> Iterator[ArticleResult]:
        batch = list(articles)
        for article in batch:
            cursed(article)
        return real_many(batch, batch_size=batch_size)

    def one(article: Article) -> ArticleResult:
        cursed(article)
        return real_one(article)

    def store(session: object, results: list[ArticleResult], **kwargs: Any) -> object:
        if any("STORING BUG" in result.article.text for result in results):
            raise OverflowError("date value out of range")
        return real_write(session, results, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(article_module, "extract_many", many)
    monkeypatch.setattr(article_module, "extract_article", one)
    monkeypatch.setattr(write, "write_results", store)
    lines: list[str] = []
    source = Source(str(folder), SourceKind.folder)
    poller = Poller(db, Fetcher(), PollOptions(max_item_attempts=2), log=lines.append)
    first = poller.poll(source)
    assert first.ok, first.error
    assert first.ingest.errors == 2
    errors = [line for line in lines if line.startswith("error: ")]
    assert any(
        line.startswith(f"error: {folder}: b_cursed.txt: extraction failed (ValueError: Invalid")
        and line.endswith("; will try again at the next poll")
        for line in errors
    ), errors
    assert any(
        line.startswith(f"error: {folder}: c_doomed.txt: storing failed (OverflowError: date")
        for line in errors
    ), errors
    items = _items(db)
    assert items["a_bomb.txt"] == ("stored", 1) and items["d_bad_url.jsonl"] == ("stored", 1)
    assert items["b_cursed.txt"] == ("failed", 1) and items["c_doomed.txt"] == ("failed", 1)
    second = poller.poll(source)
    assert second.ok and second.retried_items == 2 and second.new_items == 0
    assert any(line.endswith("given up after 2 attempts") for line in lines)
    items = _items(db)
    assert items["b_cursed.txt"] == ("abandoned", 2) and items["c_doomed.txt"] == ("abandoned", 2)
    third = poller.poll(source)
    assert third.new_items == 0 and third.retried_items == 0
    assert len(_urls(db)) == 2  # the bomb and the record with the bad URL, each once


def test_a_page_over_the_size_limit_fails_its_item_and_the_entry_text_stands_in(
    db: Database, site: Site, tmp_path: Path
) -> None:
    pieces = (b"<p>x</p>" * 8192 for _ in range(800))  # 50 MB, no Content-Length
    huge = site.add("/huge.html", Reply(stream=lambda: pieces, length=None))
    raid = site.page("/raid.html", page(RAID))
    feed = tmp_path / "feed.xml"
    feed.write_text(rss("Wire", [Item("h", "Huge", huge), Item("r", "Raid", raid)]), "utf-8")
    lines: list[str] = []
    settings = FetchSettings(per_host_interval=0.0, retries=0, max_bytes=256 * 1024)
    with Fetcher(settings) as fetcher:
        poller = Poller(db, fetcher, PollOptions(obey_robots=False, fuse=False), log=lines.append)
        result = poller.poll(Source(str(feed), SourceKind.feed_file))
    assert result.ok and result.ingest.stored == 1
    assert any(
        line.startswith(f"error: {feed}: {huge}: answer too large; the limit is 256.0 KB")
        for line in lines
    ), lines
    assert _items(db)["h"] == ("unreadable", 1)


def test_a_poll_cut_by_its_budget_goes_on_at_the_next_poll(
    db: Database, site: Site, tmp_path: Path
) -> None:
    articles = [BOMB, RAID, KIDNAP, SPORT]
    html = {"Content-Type": "text/html"}
    urls = [
        site.add(f"/p{i}.html", Reply(body=page(a).encode(), delay=0.5, headers=html))
        for i, a in enumerate(articles)
    ]
    pairs = enumerate(zip(articles, urls, strict=True))
    entries = [Item(f"e{i}", article[0], url) for i, (article, url) in pairs]
    feed = tmp_path / "feed.xml"
    feed.write_text(rss("Wire", entries), "utf-8")
    source = Source(str(feed), SourceKind.feed_file)
    lines: list[str] = []
    settings = FetchSettings(per_host_interval=0.0, retries=0)
    options = PollOptions(obey_robots=False, fuse=False, source_budget=1.2, progress_every=0.4)
    with Fetcher(settings) as fetcher:
        poller = Poller(db, fetcher, options, log=lines.append)
        watcher = Watcher(poller, [source], WatchSettings(once=True), log=lines.append)
        summary = watcher.run()
        assert summary.cut and summary.cut[str(source)] >= 1
        warning = f"warning: {source}: time budget of 1s used up"
        assert any(line.startswith(warning) for line in lines)
        progress = f"watch: {source}: "
        assert any(line.startswith(progress) and " of 4 items, " in line for line in lines)
        rounds = 1
        while summary.cut and rounds < 6:
            summary = Watcher(poller, [source], WatchSettings(once=True), log=lines.append).run()
            rounds += 1
    assert not summary.cut and rounds > 1
    assert _urls(db) == sorted(urls)
    assert all(status == "stored" for status, _ in _items(db).values())
    assert len(_items(db)) == 4
    # Every page was fetched once, but for the one in hand when a budget ran out.
    fetched = sum(len(site.hits(f"/p{i}.html")) for i in range(4))
    assert fetched <= 4 + rounds - 1


def test_an_entry_whose_link_is_not_a_url_fails_alone_and_is_named(
    db: Database, site: Site, tmp_path: Path
) -> None:
    bad = "http://[::1/x"
    raid = site.page("/raid.html", page(RAID))
    feed = tmp_path / "feed.xml"
    feed.write_text(rss("Wire", [Item("b", "Bad", bad), Item("r", "Raid", raid)]), "utf-8")
    lines: list[str] = []
    with Fetcher(FetchSettings(per_host_interval=0.0, retries=0)) as fetcher:
        poller = Poller(db, fetcher, PollOptions(fuse=False), log=lines.append)
        result = poller.poll(Source(str(feed), SourceKind.feed_file))
    assert result.ok and result.new_items == 2 and result.ingest.stored == 1
    assert any(
        line.startswith(f"error: {feed}: {bad}: bad URL: Invalid IPv6 URL (and the entry's")
        for line in lines
    ), lines
    assert _items(db)["b"] == ("unreadable", 1)


def test_an_item_is_recorded_in_the_transaction_that_stores_its_article(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    _aged(folder / "a_bomb.txt", text_file(BOMB))
    real = WatchState.write_item
    seen: list[tuple[int, int]] = []

    def spying(conn: Connection, source: str, key: str, item: ItemState, **kw: Any) -> None:
        query = text("SELECT count(*) FROM articles")
        inside = int(conn.execute(query).scalar_one())
        with db.session() as other:  # another connection: the article is not committed yet
            outside = int(other.execute(query).scalar_one())
        seen.append((inside, outside))
        real(conn, source, key, item, **kw)
        raise KeyboardInterrupt  # killed before the commit: neither must be kept

    monkeypatch.setattr(WatchState, "write_item", staticmethod(spying))
    poller = Poller(db, Fetcher(), PollOptions(fuse=False))
    source = Source(str(folder), SourceKind.folder)
    with pytest.raises(KeyboardInterrupt):
        poller.poll(source)
    assert seen == [(1, 0)]
    assert _urls(db) == [] and _items(db) == {}
    monkeypatch.setattr(WatchState, "write_item", staticmethod(real))
    assert poller.poll(source).ingest.stored == 1
    assert len(_urls(db)) == 1 and _items(db) == {"a_bomb.txt": ("stored", 1)}


def test_a_feed_file_over_the_size_limit_fails_its_poll_unread(
    db: Database, tmp_path: Path
) -> None:
    feed = tmp_path / "big.xml"
    feed.write_text(rss("Wire", [Item(f"e{i}", "Title", content="x " * 400) for i in range(20)]))
    settings = FetchSettings(max_bytes=4096)
    with Fetcher(settings) as fetcher:
        result = Poller(db, fetcher).poll(Source(str(feed), SourceKind.feed_file))
    error = result.error or ""
    assert error.startswith("feed file too large (") and "the limit is 4.0 KB" in error
