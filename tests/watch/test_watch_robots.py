"""robots.txt: disallowed pages and feeds are not fetched, a missing robots.txt allows
everything, an unreachable one holds the site back for now, Crawl-delay spaces the requests,
the rules are fetched once per site, and --ignore-robots turns it all off."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner
from watch_samples import BOMB, KIDNAP, RAID, Item, page, rss
from watch_server import Reply, Site

from newsevents.cli import app
from newsevents.store.db import Database, open_database
from newsevents.watch.entries import EntryArticle, EntryFailure, entry_article
from newsevents.watch.feeds import Entry
from newsevents.watch.fetch import Fetcher, FetchError, FetchSettings, RateLimiter
from newsevents.watch.poll import Poller, PollOptions
from newsevents.watch.robots import (
    DISALLOWED,
    MAX_CRAWL_DELAY,
    MAX_ROBOTS_BYTES,
    UNREACHABLE_RETRY,
    RobotsRules,
    robots_url,
)
from newsevents.watch.sources import Source, SourceKind

PRIVATE = "User-agent: *\nDisallow: /private/\n"
LONG_TEXT = f"{KIDNAP[1]} Local leaders appealed for their release and asked for talks."


class FakeClock:
    """A clock that only moves when slept on or moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def _fetcher(**settings: object) -> Fetcher:
    options: dict[str, object] = {"per_host_interval": 0, "retries": 0, "read_timeout": 2}
    options.update(settings)
    return Fetcher(FetchSettings(**options))  # type: ignore[arg-type]


def _robots(site: Site, body: str) -> None:
    site.add("/robots.txt", Reply(body=body.encode(), headers={"Content-Type": "text/plain"}))


def _entry(link: str, text: str = "Short teaser.") -> Entry:
    return Entry(key=link, link=link, title="Title", published=dt.date(2021, 3, 8), text=text)


def test_a_disallowed_page_is_not_fetched_and_the_entry_falls_back(site: Site) -> None:
    _robots(site, PRIVATE)
    secret = site.page("/private/bomb.html", page(BOMB))
    public = site.page("/public/raid.html", page(RAID))
    with _fetcher() as fetcher:
        robots = RobotsRules(fetcher)
        with_text = entry_article(
            _entry(secret, LONG_TEXT), fetcher=fetcher, outlet="Wire", robots=robots
        )
        teaser = entry_article(_entry(secret), fetcher=fetcher, outlet="Wire", robots=robots)
        allowed = entry_article(_entry(public), fetcher=fetcher, outlet="Wire", robots=robots)
    assert isinstance(with_text, EntryArticle)
    assert with_text.note == f"{DISALLOWED}; stored the feed's own text instead"
    assert "Borno" in with_text.article.text
    assert isinstance(teaser, EntryFailure) and not teaser.retry
    assert teaser.reason.startswith(f"{DISALLOWED} (and the entry's own text is too short")
    assert isinstance(allowed, EntryArticle) and allowed.note is None
    assert "Karachi" in allowed.article.text
    assert site.hits("/private/bomb.html") == []
    assert len(site.hits("/public/raid.html")) == 1
    # Three entries, one site: robots.txt was asked for once.
    assert len(site.hits("/robots.txt")) == 1


def test_the_rules_for_the_configured_user_agent_apply(site: Site) -> None:
    _robots(site, "User-agent: newsevents\nDisallow: /\n\nUser-agent: *\nDisallow:\n")
    url = site.page("/story.html", page(RAID))
    with _fetcher() as ours, pytest.raises(FetchError, match=f"^{re.escape(DISALLOWED)}$") as info:
        RobotsRules(ours).check(url)
    assert not info.value.transient
    with _fetcher(user_agent="otherbot/1.0 (+mailto:desk@example.org)") as other:
        RobotsRules(other).check(url)  # allowed: the record for newsevents is not its own
    assert [seen.headers["user-agent"].split("/")[0] for seen in site.hits("/robots.txt")] == [
        "newsevents",
        "otherbot",
    ]


@pytest.mark.parametrize("status", [404, 410, 403])
def test_a_robots_txt_answering_4xx_allows_everything(site: Site, status: int) -> None:
    site.add("/robots.txt", Reply(status, b"no"))
    url = site.page("/private/raid.html", page(RAID))
    with _fetcher() as fetcher:
        robots = RobotsRules(fetcher)
        made = entry_article(_entry(url), fetcher=fetcher, outlet=None, robots=robots)
        robots.check(site.base + "/private/other.html")
    assert isinstance(made, EntryArticle) and made.note is None
    assert len(site.hits("/private/raid.html")) == 1
    assert len(site.hits("/robots.txt")) == 1


def test_an_unreachable_robots_txt_holds_the_site_back_until_it_is_asked_again(
    site: Site,
) -> None:
    site.add("/robots.txt", Reply(500, b"oops"), Reply(404))
    url = site.page("/news/raid.html", page(RAID))
    clock = FakeClock()
    with _fetcher() as fetcher:
        robots = RobotsRules(fetcher, clock=clock)
        first = entry_article(_entry(url), fetcher=fetcher, outlet=None, robots=robots)
        # Within the same poll the site is not asked again: the entry fails at once.
        with pytest.raises(FetchError, match=r"^robots\.txt unreachable: HTTP 500") as info:
            robots.check(url)
        assert info.value.transient and len(site.hits("/robots.txt")) == 1
        clock.now += UNREACHABLE_RETRY
        later = entry_article(_entry(url), fetcher=fetcher, outlet=None, robots=robots)
    assert isinstance(first, EntryFailure) and first.retry
    assert first.reason.startswith("robots.txt unreachable: HTTP 500 Internal Server Error")
    assert isinstance(later, EntryArticle)
    assert len(site.hits("/robots.txt")) == 2 and len(site.hits("/news/raid.html")) == 1


def test_a_robots_txt_that_cannot_be_reached_is_a_passing_failure() -> None:
    with (
        _fetcher(connect_timeout=1) as fetcher,
        pytest.raises(FetchError, match=r"^robots\.txt unreachable: connection failed") as info,
    ):
        RobotsRules(fetcher).check("http://127.0.0.1:9/news/raid.html")  # nothing listens
    assert info.value.transient


def test_rules_are_fetched_again_once_stale(site: Site) -> None:
    site.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow:\n"), Reply(body=PRIVATE.encode()))
    url = site.base + "/private/raid.html"
    clock = FakeClock()
    with _fetcher() as fetcher:
        robots = RobotsRules(fetcher, ttl=3600, clock=clock)
        robots.check(url)
        clock.now += 3599
        robots.check(url)
        clock.now += 1
        with pytest.raises(FetchError, match=re.escape(DISALLOWED)):
            robots.check(url)
    assert len(site.hits("/robots.txt")) == 2


def test_crawl_delay_spaces_the_requests_to_its_host(site: Site) -> None:
    _robots(site, "User-agent: *\nCrawl-delay: 5\nDisallow: /private/\n")
    urls = [site.page(f"/news/{n}.html", page(RAID)) for n in range(3)]
    clock = FakeClock()
    settings = FetchSettings(per_host_interval=1.0, retries=0)
    with Fetcher(settings, clock=clock, sleep=clock.sleep) as fetcher:
        robots = RobotsRules(fetcher, clock=clock)
        for url in urls:
            robots.check(url)
            fetcher.get(url)
        # Another host keeps the common interval.
        assert fetcher.limiter.interval_for("other.example") == 1.0
    # robots.txt first, then the three pages 5 s apart rather than 1 s.
    assert clock.sleeps == [5.0, 5.0, 5.0]


def test_a_crawl_delay_shorter_than_the_interval_or_huge_is_bounded(site: Site) -> None:
    _robots(site, "User-agent: *\nCrawl-delay: 1\n")
    with _fetcher(per_host_interval=3.0) as fetcher:
        RobotsRules(fetcher).check(site.base + "/a.html")
        assert fetcher.limiter.interval_for(site.base.removeprefix("http://")) == 3.0
    _robots(site, "User-agent: *\nCrawl-delay: 86400\n")
    with _fetcher() as fetcher:
        RobotsRules(fetcher).check(site.base + "/a.html")
        assert fetcher.limiter.interval_for(site.base.removeprefix("http://")) == MAX_CRAWL_DELAY


def test_rate_limiter_intervals_of_their_own() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1.0, clock=clock, sleep=clock.sleep)
    limiter.set_interval("slow.example", 4.0)
    limiter.set_interval("fast.example", 0.5)  # shorter than the common interval: ignored
    for host in ("slow.example", "fast.example", "fast.example", "slow.example"):
        limiter.wait(host)
    assert clock.sleeps == [1.0, 3.0]  # fast: the common 1 s; slow: 4 s after its first
    limiter.set_interval("slow.example", None)
    assert limiter.interval_for("slow.example") == 1.0


def test_only_the_first_500_kib_of_robots_txt_are_read(site: Site) -> None:
    filler = "# padding line of a very long robots.txt\n" * (MAX_ROBOTS_BYTES // 40)
    body = f"{PRIVATE}{filler}Disallow: /late/\n"
    assert len(body.encode()) > MAX_ROBOTS_BYTES
    _robots(site, body)
    with _fetcher() as fetcher:
        robots = RobotsRules(fetcher)
        robots.check(site.base + "/late/a.html")  # its rule lies past the cap
        with pytest.raises(FetchError, match=re.escape(DISALLOWED)):
            robots.check(site.base + "/private/a.html")


def test_robots_url() -> None:
    assert robots_url("HTTPS://User@News.Example.org:8443/a/b?c=1") == (
        "https://news.example.org:8443/robots.txt"
    )
    assert robots_url("ftp://example.org/x") is None


# Polls: what becomes of the items and sources, with extraction and the database.


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    with open_database(str(tmp_path / "events.db")) as database:
        yield database


def _statuses(db: Database) -> dict[str, tuple[str, str | None]]:
    with db.session() as session:
        rows = session.execute(text("SELECT item_key, status, last_error FROM watch_items"))
        return {key: (status, error) for key, status, error in rows}


@pytest.mark.slow
def test_a_disallowed_item_is_recorded_as_unreadable_and_not_tried_again(
    site: Site, sqlite_db: Database
) -> None:
    _robots(site, PRIVATE)
    secret = site.page("/private/bomb.html", page(BOMB))
    public = site.page("/news/raid.html", page(RAID))
    feed = site.add(
        "/feed.xml",
        Reply(body=rss("Wire", [Item("s", "Secret", secret), Item("p", "Raid", public)]).encode()),
    )
    lines: list[str] = []
    with _fetcher() as fetcher:
        poller = Poller(sqlite_db, fetcher, PollOptions(fuse=False), log=lines.append)
        first = poller.poll(Source(feed, SourceKind.feed_url))
        again = poller.poll(Source(feed, SourceKind.feed_url))
    assert first.ok and first.new_items == 2 and first.ingest.stored == 1
    assert any(line.startswith(f"error: {feed}: {secret}: {DISALLOWED} (and the") for line in lines)
    status, error = _statuses(sqlite_db)["s"]
    assert status == "unreadable" and error is not None and error.startswith(DISALLOWED)
    assert again.new_items == 0 and again.retried_items == 0
    assert site.hits("/private/bomb.html") == [] and len(site.hits("/news/raid.html")) == 1
    # The feed and its pages, over two polls: robots.txt once.
    assert len(site.hits("/robots.txt")) == 1 and len(site.hits("/feed.xml")) == 2


@pytest.mark.slow
def test_an_item_held_back_by_an_unreachable_robots_txt_is_tried_again_later(
    site: Site, sqlite_db: Database, tmp_path: Path
) -> None:
    site.add("/robots.txt", Reply(503, b"busy"), Reply(404))
    url = site.page("/news/kidnap.html", page(KIDNAP))
    feed = tmp_path / "feed.xml"
    feed.write_text(rss("Wire", [Item("k", "Kidnap", url)]), encoding="utf-8")
    source = Source(str(feed), SourceKind.feed_file)
    clock = FakeClock()
    lines: list[str] = []
    with _fetcher() as fetcher:
        poller = Poller(sqlite_db, fetcher, PollOptions(fuse=False), log=lines.append)
        poller.robots = RobotsRules(fetcher, clock=clock)
        first = poller.poll(source)
        assert site.hits("/news/kidnap.html") == []
        assert _statuses(sqlite_db)["k"][0] == "failed"
        assert any(
            line.startswith(f"error: {feed}: {url}: robots.txt unreachable: HTTP 503")
            and line.endswith("will try again at the next poll")
            for line in lines
        )
        clock.now += UNREACHABLE_RETRY
        second = poller.poll(source)
    assert first.ingest.stored == 0
    assert second.retried_items == 1 and second.ingest.stored == 1
    assert _statuses(sqlite_db)["k"][0] == "stored"
    assert len(site.hits("/robots.txt")) == 2 and len(site.hits("/news/kidnap.html")) == 1


def test_a_disallowed_or_unreachable_feed_fails_its_poll(site: Site, sqlite_db: Database) -> None:
    _robots(site, "User-agent: *\nDisallow: /feeds/\n")
    feed = site.add("/feeds/world.xml", Reply(body=rss("Wire", []).encode()))
    with _fetcher() as fetcher:
        result = Poller(sqlite_db, fetcher).poll(Source(feed, SourceKind.feed_url))
    assert result.error == DISALLOWED and site.hits("/feeds/world.xml") == []

    site.add("/robots.txt", Reply(503, headers={"Retry-After": "120"}))
    with _fetcher() as fetcher:
        result = Poller(sqlite_db, fetcher).poll(Source(feed, SourceKind.feed_url))
    assert result.error == "robots.txt unreachable: HTTP 503 Service Unavailable"
    assert result.retry_after == 120 and site.hits("/feeds/world.xml") == []


@pytest.mark.slow
def test_ignore_robots_fetches_anyway(site: Site, tmp_path: Path) -> None:
    _robots(site, "User-agent: *\nDisallow: /\n")
    url = site.page("/news/raid.html", page(RAID))
    feed = site.add("/feed.xml", Reply(body=rss("Wire", [Item("r", "Raid", url)]).encode()))
    args = ["watch", feed, "--once", "--per-host-interval", "0", "--retries", "0", "--no-fuse"]

    refused = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "a.db")])
    assert refused.exit_code == 1, refused.stderr
    assert f"error: {feed}: {DISALLOWED}" in refused.stderr
    assert site.hits("/feed.xml") == [] and len(site.hits("/robots.txt")) == 1

    ignored = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "b.db"), "--ignore-robots"])
    assert ignored.exit_code == 0, ignored.stderr
    assert "stored: 1 articles" in ignored.stdout
    assert len(site.hits("/feed.xml")) == 1 and len(site.hits("/news/raid.html")) == 1
    assert len(site.hits("/robots.txt")) == 1  # not asked for again
