"""robots.txt: whether a feed or page may be fetched, and how often (RFC 9309).

Before a feed or page is requested, :meth:`RobotsRules.check` looks at its host's
``/robots.txt``, fetched through the watch's :class:`~newsevents.watch.fetch.Fetcher` (so that
request has the same timeouts, retries, User-Agent and per-host rate limit, and follows
redirects), read with the standard library's :class:`urllib.robotparser.RobotFileParser` for
the fetcher's User-Agent, and kept for a day per scheme and host. As RFC 9309 says:

- an answer 4xx (404, 410, 403, ...): there are no rules, everything may be fetched;
- 5xx, 429, a timeout or a failed connection: the file is unreachable, so nothing on that
  host is fetched for now: a page fails for a passing reason and is tried again at a later
  poll, when robots.txt is asked for again (after a minute, or the server's ``Retry-After``);
- only the first 500 KiB of the file are read.

A disallowed URL is a lasting :class:`~newsevents.watch.fetch.FetchError` whose reason is
:data:`DISALLOWED`: an entry falls back as when its page cannot be had, and is not tried
again. A ``Crawl-delay`` longer than the fetcher's per-host interval becomes that host's
interval.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsevents.watch.fetch import Fetcher, FetchError, host_of

#: The reason a URL that robots.txt disallows is not fetched.
DISALLOWED = "disallowed by robots.txt"
#: The part of a robots.txt that is read (RFC 9309 asks parsers to read at least 500 KiB).
MAX_ROBOTS_BYTES = 500 * 1024
#: How long the rules of a host are kept before robots.txt is fetched again (RFC 9309: a
#: cached copy should not be used for more than 24 hours).
RULES_TTL = 24 * 3600.0
#: How long a host whose robots.txt is unreachable is left alone before it is asked again:
#: long enough that the other entries of the same poll fail at once rather than each waiting
#: for the same timeout, short enough that the next poll asks again.
UNREACHABLE_RETRY = 60.0
#: The longest Crawl-delay honoured, in seconds: the rate limiter sleeps in the one thread
#: that polls every source, so a site asking for an hour would stall the whole watch.
MAX_CRAWL_DELAY = 60.0
ROBOTS_ACCEPT = "text/plain, */*;q=0.5"


@dataclass(frozen=True)
class _SiteRules:
    """What is known of one scheme and host's robots.txt, until ``expires`` (a clock time)."""

    expires: float
    parser: RobotFileParser | None = None
    """The rules read; None when the site has no robots.txt (everything allowed)."""
    unreachable: FetchError | None = None
    """Why robots.txt could not be had: nothing is fetched from the site until ``expires``."""


def robots_url(url: str) -> str | None:
    """The robots.txt that governs ``url``; None for a URL that is not http(s)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        return None
    return f"{scheme}://{host_of(url)}/robots.txt"


def robots_lines(content: bytes) -> list[str]:
    """The lines of a robots.txt body (UTF-8, as RFC 9309 says; bad bytes are replaced)."""
    if len(content) >= MAX_ROBOTS_BYTES:
        # Cut at the size cap: the last line may be a rule's first half, which could allow
        # what the whole rule disallows.
        content = content[: content.rfind(b"\n") + 1]
    return content.decode("utf-8", "replace").removeprefix("\ufeff").splitlines()


class RobotsRules:
    """The robots.txt rules of every site a fetcher requests (see the module docstring).

    ``clock`` (``time.monotonic``) decides when cached rules are stale, so that expiry can be
    tested without waiting.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        ttl: float = RULES_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.fetcher = fetcher
        self.ttl = ttl
        self._clock = clock
        self._sites: dict[str, _SiteRules] = {}

    def check(self, url: str) -> None:
        """Return when the fetcher's User-Agent may fetch ``url``; else raise FetchError.

        The error is lasting (reason :data:`DISALLOWED`) when robots.txt disallows the URL,
        and passing (``robots.txt unreachable: ...``) when robots.txt could not be had.
        """
        try:
            where = robots_url(url)
        except ValueError:
            return  # not a URL: the fetcher refuses it as a bad URL, without a request
        if where is None:
            return  # no robots.txt to ask; the fetcher refuses such URLs itself
        rules = self._site_rules(where, host_of(url))
        if rules.unreachable is not None:
            raise FetchError(
                f"robots.txt unreachable: {rules.unreachable.reason}",
                transient=True,
                retry_after=rules.unreachable.retry_after,
            )
        agent = self.fetcher.settings.user_agent
        if rules.parser is not None and not rules.parser.can_fetch(agent, url):
            raise FetchError(DISALLOWED, transient=False)

    def _site_rules(self, where: str, host: str) -> _SiteRules:
        known = self._sites.get(where)
        if known is None or self._clock() >= known.expires:
            known = self._sites[where] = self._fetch(where, host)
        return known

    def _fetch(self, where: str, host: str) -> _SiteRules:
        limiter = self.fetcher.limiter
        try:
            response = self.fetcher.get(where, accept=ROBOTS_ACCEPT, truncate_at=MAX_ROBOTS_BYTES)
        except FetchError as error:
            if error.transient:
                # 5xx, timeouts, failed connections ("unreachable"), and 408, 425, 429 too:
                # taking "too many requests" for "no rules" would do the opposite of its ask.
                wait = max(UNREACHABLE_RETRY, error.retry_after or 0.0)
                return _SiteRules(self._clock() + wait, unreachable=error)
            # 404, 410, 403 and other lasting answers: "unavailable", everything allowed.
            limiter.set_interval(host, None)
            return _SiteRules(self._clock() + self.ttl)
        parser = RobotFileParser(where)
        parser.parse(robots_lines(response.content))
        delay = parser.crawl_delay(self.fetcher.settings.user_agent)
        limiter.set_interval(host, None if delay is None else min(float(delay), MAX_CRAWL_DELAY))
        return _SiteRules(self._clock() + self.ttl, parser)
