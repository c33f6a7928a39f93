"""The time one poll of one source may take.

A source that is slow (a server that takes long to answer or trickles its bytes, a feed with
many entries whose pages are slow) must not hold the other sources: each poll gets a
:class:`Budget`, requests are given at most the time left in it, and the poll stops taking
new items once it is spent. The items not reached are not recorded, so the next poll takes
them up where this one stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from newsevents.watch.durations import format_duration
from newsevents.watch.errors import SourceError


class BudgetExhausted(SourceError):
    """The poll's time budget is spent (raised by requests that it cuts short).

    Not a FetchError on purpose: a request cut by the budget says nothing about the page
    or the site, so it must not count as a failed attempt at the item nor hold a site back.
    """


class Budget:
    """A deadline ``seconds`` from now on ``clock`` (None: no limit)."""

    def __init__(
        self, seconds: float | None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self._clock = clock
        self.started = clock()

    def elapsed(self) -> float:
        """Seconds since the budget started."""
        return self._clock() - self.started

    def remaining(self) -> float | None:
        """Seconds left (at least 0), or None when there is no limit."""
        if self.seconds is None:
            return None
        return max(0.0, self.seconds - self.elapsed())

    def spent(self) -> bool:
        """True once the deadline has passed."""
        left = self.remaining()
        return left is not None and left <= 0

    def exhausted(self, doing: str) -> BudgetExhausted:
        """The error saying that the budget ran out while ``doing`` something."""
        return BudgetExhausted(f"time budget of {self.describe()} used up {doing}")

    def describe(self) -> str:
        """The budget as a duration (``5m``)."""
        return format_duration(max(1.0, round(self.seconds or 0.0)))

    def check(self, doing: str) -> None:
        """Raise BudgetExhausted when the budget is spent."""
        if self.spent():
            raise self.exhausted(doing)
