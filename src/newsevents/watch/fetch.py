"""Fetching feeds and pages over HTTP, politely.

One ``httpx.Client`` for the whole watch (connections are reused), with connect and read
timeouts, a User-Agent that names newsevents, a minimum interval between two requests to the
same host (:class:`RateLimiter`), retries with exponential backoff on timeouts, connection
failures, 408, 429 and 5xx answers (honouring ``Retry-After``), conditional requests
(``If-None-Match`` / ``If-Modified-Since``) and a cap on the size of what is read, checked
while reading on the decoded bytes (:mod:`~newsevents.watch.body`). Every failure is a
:class:`FetchError` whose reason is one line: ``HTTP 404 Not Found``, ``timed out after
10s``, ... A poll's time :class:`~newsevents.watch.budget.Budget` (:meth:`Fetcher.within`)
bounds every request made meanwhile; one it cuts short raises
:class:`~newsevents.watch.budget.BudgetExhausted` instead.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from newsevents import __version__
from newsevents.ingest import decode
from newsevents.watch.body import ACCEPT_ENCODING, BodyError, decoded, read_limited
from newsevents.watch.budget import Budget
from newsevents.watch.errors import SourceError

#: What site operators see in their logs: the program, its version and what it does. A
#: deployment should add a way to reach it (``--user-agent "... ; contact@example.org"``).
DEFAULT_USER_AGENT = f"newsevents/{__version__} (news event extraction; python-httpx)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
#: Answers worth asking again: the server says it is busy or failing for now.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
#: Largest feed or page read by default, in decoded bytes. News pages are well under 1 MB;
#: a larger answer is rarely an article, and what is read has to be parsed in memory.
DEFAULT_MAX_PAGE_BYTES = 5 * 1024 * 1024


class FetchError(SourceError):
    """A request that failed; ``transient`` when asking again later may succeed."""

    def __init__(self, reason: str, *, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(reason, retry_after=retry_after)
        self.transient = transient


@dataclass(frozen=True)
class FetchSettings:
    """How requests are made; the defaults suit news sites."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    """Longest a whole response may take (a server trickling bytes is cut off)."""
    retries: int = 2
    """Further attempts after a transient failure."""
    backoff: float = 1.0
    """Wait before the first retry; doubled at each further one."""
    max_wait: float = 60.0
    """Longest wait before a retry; a longer ``Retry-After`` fails the request instead,
    and the source is polled again after that time."""
    per_host_interval: float = 1.0
    """Least time between the starts of two requests to the same host, in seconds."""
    user_agent: str = DEFAULT_USER_AGENT
    max_bytes: int = DEFAULT_MAX_PAGE_BYTES
    """Largest body read (decoded), checked while reading; a larger one fails the request."""


@dataclass(frozen=True)
class Response:
    """A successful (2xx) or not-modified (304) answer."""

    url: str
    """The final URL, after redirects."""
    status: int
    content: bytes
    headers: httpx.Headers = field(default_factory=httpx.Headers)

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request."""
        return self.status == 304

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        header = str(self.headers.get("content-type", ""))
        for part in header.split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class RateLimiter:
    """Keeps at least ``interval`` seconds between the starts of requests to one host.

    A host can be given a longer interval of its own (:meth:`set_interval`: a robots.txt
    ``Crawl-delay``). ``clock`` and ``sleep`` are injectable so that the spacing can be tested
    without waiting.
    """

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._intervals: dict[str, float] = {}

    def interval_for(self, host: str) -> float:
        """The least seconds between two requests to ``host``."""
        return self._intervals.get(host, self.interval)

    def set_interval(self, host: str, seconds: float | None) -> None:
        """Space the requests to ``host`` by ``seconds`` when that is longer than the common
        interval; None (or a shorter one) goes back to the common interval."""
        if seconds is not None and seconds > self.interval:
            self._intervals[host] = seconds
        else:
            self._intervals.pop(host, None)

    def pending(self, host: str) -> float:
        """Seconds :meth:`wait` would sleep now before a request to ``host``."""
        last = self._last.get(host)
        if last is None:
            return 0.0
        return max(0.0, last + self.interval_for(host) - self._clock())

    def wait(self, host: str) -> float:
        """Sleep until a request to ``host`` is allowed, note it as made; the seconds slept."""
        now = self._clock()
        last = self._last.get(host)
        interval = self.interval_for(host)
        waited = 0.0
        if last is not None and now < last + interval:
            waited = last + interval - now
            self._sleep(waited)
            now = self._clock()
        self._last[host] = now
        return waited


def host_of(url: str) -> str:
    """The host (and port, when given) a request goes to, lower-cased: the rate-limit key."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (a number, or an HTTP date), or None."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _http_reason(response: httpx.Response) -> str:
    phrase = response.reason_phrase or ""
    return f"HTTP {response.status_code}" + (f" {phrase}" if phrase else "")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


class Fetcher:
    """Makes GET requests with the settings given (see the module docstring).

    Pass ``transport`` to answer requests in tests without a server; ``sleep`` and ``clock``
    drive the rate limit and the waits between retries.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or FetchSettings()
        s = self.settings
        self._clock = clock
        self._sleep = sleep
        self.limiter = RateLimiter(s.per_host_interval, clock=clock, sleep=sleep)
        self.budget = Budget(None, clock=clock)
        """The time the requests made now may take in all (see :meth:`within`)."""
        self._client = httpx.Client(
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def within(self, budget: Budget) -> Iterator[Budget]:
        """Bound the requests made in the ``with`` block by ``budget``."""
        previous, self.budget = self.budget, budget
        try:
            yield budget
        finally:
            self.budget = previous

    def get(
        self,
        url: str,
        *,
        accept: str = PAGE_ACCEPT,
        etag: str | None = None,
        last_modified: str | None = None,
        truncate_at: int | None = None,
    ) -> Response:
        """GET ``url``, retrying transient failures; a 304 when the validators still hold.

        ``truncate_at``: keep only the first that many bytes of the body (at most the size
        cap), instead of failing when it is larger (robots.txt: only its start is read).

        Raises FetchError with a one-line reason when every attempt failed, at once for an
        answer that asking again will not change (404, 410, 403...).
        """
        try:
            host = host_of(url)
        except ValueError as exc:  # urlsplit refuses it: http://[::1/x
            raise FetchError(f"bad URL: {_one_line(exc)}", transient=False) from None
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            self.budget.check(f"before requesting {url}")
            left = self.budget.remaining()
            if left is not None and self.limiter.pending(host) >= left:
                # A long Crawl-delay: waiting for the host's turn would outlast the budget.
                raise self.budget.exhausted(f"waiting for the turn of {host}")
            self.limiter.wait(host)
            try:
                return self._get_once(url, headers, truncate_at)
            except FetchError as error:
                wait = self._wait_before_retry(error, attempt)
                if wait is None:
                    raise
                left = self.budget.remaining()
                if left is not None and wait >= left:
                    doing = f"waiting to retry {url} ({error.reason})"
                    raise self.budget.exhausted(doing) from None
            self._sleep(wait)
            attempt += 1

    def _wait_before_retry(self, error: FetchError, attempt: int) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``; None when there is to be none (a
        lasting failure, no retries left, or a server that asks to wait too long)."""
        s = self.settings
        if not error.transient or attempt >= s.retries:
            return None
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= s.max_wait else None
        return float(min(s.max_wait, s.backoff * 2**attempt))

    def _timeout(self) -> tuple[httpx.Timeout, bool]:
        """The timeouts of the next request, and whether the budget shortened them."""
        s = self.settings
        left = self.budget.remaining()
        if left is None or left >= s.read_timeout:
            return httpx.Timeout(s.read_timeout, connect=s.connect_timeout), False
        left = max(left, 0.001)
        return httpx.Timeout(left, connect=min(left, s.connect_timeout)), True

    def _get_once(self, url: str, headers: dict[str, str], truncate_at: int | None) -> Response:
        s = self.settings
        timeout, shortened = self._timeout()
        try:
            with self._client.stream("GET", url, headers=headers, timeout=timeout) as answer:
                if answer.status_code == 304:
                    return Response(str(answer.url), 304, b"", answer.headers)
                if answer.status_code in RETRY_STATUSES:
                    raise FetchError(
                        _http_reason(answer),
                        transient=True,
                        retry_after=retry_after_seconds(answer.headers.get("retry-after")),
                    )
                if answer.status_code >= 300:
                    raise FetchError(_http_reason(answer), transient=False)
                content = self._read_body(answer, truncate_at)
                return Response(str(answer.url), answer.status_code, content, answer.headers)
        except httpx.TimeoutException as exc:
            if shortened or self.budget.spent():
                raise self.budget.exhausted(f"waiting for {url}") from None
            if isinstance(exc, httpx.ConnectTimeout):
                reason = f"connection timed out after {s.connect_timeout:g}s"
            else:
                reason = f"timed out after {s.read_timeout:g}s waiting for the server"
            raise FetchError(reason, transient=True) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(f"bad URL: {_one_line(exc)}", transient=False) from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects", transient=False) from None
        except httpx.TransportError as exc:
            raise FetchError(f"connection failed: {_one_line(exc)}", transient=True) from None

    def _read_body(self, answer: httpx.Response, truncate_at: int | None) -> bytes:
        """The decoded body, read within the size limit, the total timeout and the budget."""
        limit = self.settings.max_bytes
        if truncate_at is not None:
            truncate_at = min(truncate_at, limit)
        declared = answer.headers.get("content-length", "")
        encoding = answer.headers.get("content-encoding", "")
        if truncate_at is None and not encoding and declared.isdigit() and int(declared) > limit:
            raise FetchError(_too_large(limit, int(declared)), transient=False)
        if answer.is_stream_consumed:
            # Already read and decoded by httpx (an in-memory answer, as test transports give).
            raw: Iterable[bytes] = [answer.content]
        else:
            raw = decoded(answer.iter_raw(), encoding)
        chunks = self._timed(raw, str(answer.url))
        try:
            if truncate_at is not None:
                return read_limited(chunks, truncate_at, truncate=True)[0]
            content, more = read_limited(chunks, limit)
        except BodyError as exc:
            raise FetchError(str(exc), transient=False) from None
        if more:
            # Stopped at the limit: the rest is never read (the connection is dropped).
            raise FetchError(_too_large(limit), transient=False)
        return content

    def _timed(self, chunks: Iterable[bytes], url: str) -> Iterator[bytes]:
        """``chunks``, cut off once the answer took too long or the budget is spent."""
        s = self.settings
        started = self._clock()
        for chunk in chunks:
            yield chunk
            if self._clock() - started > s.total_timeout:
                raise FetchError(
                    f"timed out after {s.total_timeout:g}s reading the answer", transient=True
                )
            self.budget.check(f"reading {url}")


def _too_large(limit: int, size: int | None = None) -> str:
    found = f" ({decode.human_size(size)})" if size is not None else ""
    return f"answer too large{found}; the limit is {decode.human_size(limit)}"
