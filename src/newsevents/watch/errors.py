"""The failure of one poll of one source, with the one-line reason that is logged."""

from __future__ import annotations

from newsevents.errors import NewsEventsError


class SourceError(NewsEventsError):
    """A source could not be polled (unreachable, HTTP error, malformed feed, no folder...).

    ``reason`` is what the log line says after the source's name. ``retry_after`` is the
    number of seconds the server asked us to wait (HTTP ``Retry-After``), when it did.
    """

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
