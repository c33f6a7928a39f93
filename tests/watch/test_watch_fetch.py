"""HTTP fetching: per-host rate limit, retries and backoff, Retry-After, timeouts,
conditional requests, size cap and User-Agent."""

from __future__ import annotations

import httpx
import pytest
from watch_server import Reply, Site

from newsevents import __version__
from newsevents.watch.fetch import (
    Fetcher,
    FetchError,
    FetchSettings,
    RateLimiter,
    host_of,
    retry_after_seconds,
)


class FakeClock:
    """A clock that only moves when slept on."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_rate_limit_spaces_requests_to_one_host_not_across_hosts() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2.0, clock=clock, sleep=clock.sleep)
    assert limiter.wait("a.example") == 0
    assert limiter.wait("b.example") == 0  # another host: no wait
    clock.now += 0.5
    assert limiter.wait("a.example") == pytest.approx(1.5)
    assert limiter.wait("a.example") == pytest.approx(2.0)
    clock.now += 5
    assert limiter.wait("a.example") == 0
    assert clock.sleeps == [1.5, 2.0]


def test_fetcher_applies_the_rate_limit_per_host() -> None:
    clock = FakeClock()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"ok"))
    settings = FetchSettings(per_host_interval=1.0)
    with Fetcher(settings, transport=transport, clock=clock, sleep=clock.sleep) as fetcher:
        for url in ("http://a.example/1", "http://a.example/2", "http://b.example/1",
                    "http://A.example/3"):  # fmt: skip
            fetcher.get(url)
    assert clock.sleeps == [1.0, 1.0]
    assert host_of("http://user@Example.org:8080/x") == "example.org:8080"


def _scripted(*responses: httpx.Response) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    queue = list(responses)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return httpx.MockTransport(handler), seen


def test_503_is_retried_with_backoff_then_succeeds() -> None:
    clock = FakeClock()
    transport, seen = _scripted(
        httpx.Response(503), httpx.Response(503), httpx.Response(200, content=b"<rss/>")
    )
    settings = FetchSettings(retries=3, backoff=0.5, per_host_interval=0)
    with Fetcher(settings, transport=transport, clock=clock, sleep=clock.sleep) as fetcher:
        response = fetcher.get("http://a.example/feed")
    assert response.status == 200 and response.content == b"<rss/>"
    assert len(seen) == 3 and clock.sleeps == [0.5, 1.0]


def test_retries_run_out_with_the_last_reason() -> None:
    clock = FakeClock()
    transport, seen = _scripted(httpx.Response(502))
    settings = FetchSettings(retries=2, backoff=1, per_host_interval=0)
    with (
        Fetcher(settings, transport=transport, clock=clock, sleep=clock.sleep) as fetcher,
        pytest.raises(FetchError, match=r"^HTTP 502 Bad Gateway$") as info,
    ):
        fetcher.get("http://a.example/feed")
    assert info.value.transient and len(seen) == 3 and clock.sleeps == [1, 2]


def test_retry_after_is_honoured_and_a_long_one_ends_the_attempts() -> None:
    clock = FakeClock()
    transport, seen = _scripted(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, content=b"x")
    )
    settings = FetchSettings(retries=2, backoff=1, per_host_interval=0)
    with Fetcher(settings, transport=transport, clock=clock, sleep=clock.sleep) as fetcher:
        assert fetcher.get("http://a.example/").content == b"x"
    assert clock.sleeps == [7]

    transport, seen = _scripted(httpx.Response(503, headers={"Retry-After": "3600"}))
    with (
        Fetcher(settings, transport=transport, clock=clock, sleep=clock.sleep) as fetcher,
        pytest.raises(FetchError) as info,
    ):
        fetcher.get("http://a.example/")
    assert info.value.retry_after == 3600 and len(seen) == 1
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10
    assert retry_after_seconds("soon") is None


def test_404_is_not_retried() -> None:
    clock = FakeClock()
    transport, seen = _scripted(httpx.Response(404))
    settings = FetchSettings(retries=3)
    with (
        Fetcher(settings, transport=transport, clock=clock, sleep=clock.sleep) as fetcher,
        pytest.raises(FetchError, match=r"^HTTP 404 Not Found$") as info,
    ):
        fetcher.get("http://a.example/gone")
    assert not info.value.transient and len(seen) == 1 and clock.sleeps == []


def test_answers_over_the_size_cap_are_refused() -> None:
    transport, _ = _scripted(httpx.Response(200, content=b"x" * 2000))
    with (
        Fetcher(FetchSettings(max_bytes=1000), transport=transport) as fetcher,
        pytest.raises(FetchError, match=r"answer too large.*the limit is 1000 bytes"),
    ):
        fetcher.get("http://a.example/big")


def test_timeout_from_a_slow_server(site: Site) -> None:
    url = site.add("/slow", Reply(body=b"late", delay=1.5))
    settings = FetchSettings(read_timeout=0.2, retries=1, backoff=0.01, per_host_interval=0)
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match=r"timed out after 0\.2s"):
        fetcher.get(url)
    assert len(site.hits("/slow")) == 2  # the first attempt and one retry


def test_conditional_get_and_user_agent(site: Site) -> None:
    url = site.add(
        "/feed.xml",
        Reply(
            body=b"<rss/>", etag='"v1"', headers={"Last-Modified": "Mon, 08 Mar 2021 10:00:00 GMT"}
        ),
    )
    with Fetcher(FetchSettings(per_host_interval=0)) as fetcher:
        first = fetcher.get(url)
        again = fetcher.get(
            url, etag=first.headers["etag"], last_modified=first.headers["last-modified"]
        )
    assert first.status == 200 and first.content == b"<rss/>"
    assert again.not_modified and again.content == b""
    plain, conditional = site.hits("/feed.xml")
    assert "if-none-match" not in plain.headers
    assert conditional.headers["if-none-match"] == '"v1"'
    assert conditional.headers["if-modified-since"] == "Mon, 08 Mar 2021 10:00:00 GMT"
    agent = plain.headers["user-agent"]
    assert agent.startswith(f"newsevents/{__version__} (news event extraction")


def test_connection_refused_is_a_transient_failure() -> None:
    settings = FetchSettings(retries=0, per_host_interval=0, connect_timeout=1)
    with (
        Fetcher(settings) as fetcher,
        pytest.raises(FetchError, match=r"^connection failed") as info,
    ):
        fetcher.get("http://127.0.0.1:9/")  # the discard port: nothing listens
    assert info.value.transient
