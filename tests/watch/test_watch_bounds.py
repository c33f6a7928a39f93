"""What a watch reads is bounded: page size (checked while reading, on decoded bytes, whatever
Content-Length says), compressed bodies (no decompression bomb), and time (a poll's budget
bounds slow headers and trickling bodies); progress lines while a poll takes long."""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Iterator

import pytest
from watch_server import Reply, Site

from newsevents.watch.body import BodyError, decoded, read_limited
from newsevents.watch.budget import Budget, BudgetExhausted
from newsevents.watch.fetch import Fetcher, FetchError, FetchSettings
from newsevents.watch.progress import Progress

KB = 1024
MB = 1024 * KB


def _fetcher(**settings: object) -> Fetcher:
    defaults: dict[str, object] = {"per_host_interval": 0.0, "retries": 0}
    return Fetcher(FetchSettings(**{**defaults, **settings}))  # type: ignore[arg-type]


def _zeros(total: int, piece: int = 64 * KB) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        size = min(piece, total - sent)
        sent += size
        yield b"\0" * size


def test_a_page_without_content_length_is_cut_at_the_limit_while_reading(site: Site) -> None:
    # 50 MB streamed, no Content-Length: reading stops at 1 MB, long before the end.
    url = site.add("/big.html", Reply(stream=lambda: _zeros(50 * MB), length=None))
    started = time.monotonic()
    with _fetcher(max_bytes=1 * MB) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert "answer too large; the limit is 1.0 MB" in caught.value.reason
    assert not caught.value.transient
    assert time.monotonic() - started < 5


def test_a_content_length_that_lies_low_does_not_lift_the_limit(site: Site) -> None:
    url = site.add("/liar.html", Reply(stream=lambda: _zeros(3 * MB), length=100))
    with _fetcher(max_bytes=1 * MB) as fetcher:
        # The client reads what the header declares, so the lie only shortens the page.
        assert len(fetcher.get(url).content) == 100
    declared = site.add("/declared.html", Reply(body=b"x" * 10, length=5 * MB))
    with _fetcher(max_bytes=1 * MB) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(declared)  # refused on the header, before reading
    assert "answer too large (5.0 MB)" in caught.value.reason


def test_a_gzip_bomb_is_stopped_at_the_limit_and_small_bodies_are_decoded(site: Site) -> None:
    bomb = gzip.compress(b"\0" * (64 * MB), compresslevel=9)
    assert len(bomb) < 100 * KB
    url = site.add("/bomb.html", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    with _fetcher(max_bytes=2 * MB) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert "answer too large; the limit is 2.0 MB" in caught.value.reason
    text = b"<html><body>" + b"Gunmen attacked a village. " * 2000 + b"</body></html>"
    zipped = Reply(body=gzip.compress(text), headers={"Content-Encoding": "gzip"})
    small = site.add("/ok.html", zipped)
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    deflated = raw.compress(text) + raw.flush()
    bare = site.add("/raw.html", Reply(body=deflated, headers={"Content-Encoding": "deflate"}))
    with _fetcher(max_bytes=2 * MB) as fetcher:
        assert fetcher.get(small).content == text
        assert fetcher.get(bare).content == text
    assert site.hits("/ok.html")[0].headers["accept-encoding"] == "gzip, deflate"


def test_decoding_is_bounded_and_refuses_what_it_cannot_bound() -> None:
    members = gzip.compress(b"a" * 10) + gzip.compress(b"b" * 10)
    assert b"".join(decoded([members], "gzip")) == b"a" * 10 + b"b" * 10
    wrapped = zlib.compress(b"hello " * 10)
    assert b"".join(decoded([wrapped[:5], wrapped[5:]], "deflate")) == b"hello " * 10
    pieces = decoded([gzip.compress(b"\0" * (4 * MB))], "gzip")
    assert max(len(piece) for piece in pieces) <= 64 * KB
    with pytest.raises(BodyError, match="unsupported Content-Encoding 'br'"):
        list(decoded([b"x"], "br"))
    with pytest.raises(BodyError, match="corrupt compressed body"):
        list(decoded([b"not gzip at all"], "gzip"))
    assert read_limited([b"abc", b"def"], 4, truncate=True) == (b"abcd", True)
    assert read_limited([b"abc", b"def"], 6) == (b"abcdef", False)


def test_the_budget_cuts_slow_headers_and_a_trickling_body(site: Site) -> None:
    slow = site.add("/slow.xml", Reply(body=b"<rss/>", delay=3.0))
    trickle = site.add(
        "/trickle.html", Reply(stream=lambda: (b"x" * 10 for _ in range(100)), pause=0.1)
    )
    with _fetcher(read_timeout=30.0) as fetcher:
        for url in (slow, trickle):
            started = time.monotonic()
            with fetcher.within(Budget(0.6)), pytest.raises(BudgetExhausted) as caught:
                fetcher.get(url)
            assert time.monotonic() - started < 2.0
            assert caught.value.reason.startswith("time budget of 1s used up")
        # Outside the budget, requests are as before.
        assert fetcher.get(site.add("/fine.xml", Reply(body=b"<rss/>"))).content == b"<rss/>"


def test_a_spent_budget_makes_no_request_and_a_retry_wait_past_it_gives_up(site: Site) -> None:
    url = site.add("/busy.xml", Reply(503, headers={"Retry-After": "5"}))
    with _fetcher(retries=3) as fetcher:
        with fetcher.within(Budget(0.0)), pytest.raises(BudgetExhausted, match="before requesting"):
            fetcher.get(url)
        assert site.hits("/busy.xml") == []
        with fetcher.within(Budget(2.0)), pytest.raises(BudgetExhausted, match="waiting to retry"):
            fetcher.get(url)
    assert len(site.hits("/busy.xml")) == 1


def test_a_bad_url_is_a_lasting_fetch_error() -> None:
    with _fetcher() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get("http://[::1/x")
    assert caught.value.reason.startswith("bad URL: ") and not caught.value.transient


def test_progress_lines_come_while_a_poll_takes_long() -> None:
    lines: list[str] = []
    progress = Progress("http://slow.example/feed", lines.append, every=0.05)
    with progress.reporting():
        progress.doing = "reading the feed"
        time.sleep(0.17)
        progress.total, progress.done = 40, 12
        time.sleep(0.17)
    assert lines[0] == "watch: http://slow.example/feed: reading the feed, 1s"
    assert lines[-1] == "watch: http://slow.example/feed: 12 of 40 items, 1s"
    count = len(lines)
    time.sleep(0.12)
    assert len(lines) == count  # none once the poll is over
    clock = iter([0.0, 130.0])
    later = Progress("src", lines.append, clock=lambda: next(clock))
    later.total = 3
    assert later.line() == "watch: src: 0 of 3 items, 2m10s"


def test_a_host_turn_that_would_outlast_the_budget_is_not_waited_for(site: Site) -> None:
    url = site.add("/a.xml", Reply(body=b"<rss/>"))
    with _fetcher(per_host_interval=30.0) as fetcher:
        fetcher.get(url)
        started = time.monotonic()
        with fetcher.within(Budget(5.0)), pytest.raises(BudgetExhausted, match="turn of"):
            fetcher.get(url)
        assert time.monotonic() - started < 1.0
    assert len(site.hits("/a.xml")) == 1
