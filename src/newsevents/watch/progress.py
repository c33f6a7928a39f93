"""Progress lines while a poll takes long: ``watch: SOURCE: 12 of 40 items, 2m10s``.

A poll that ends within ``every`` seconds prints nothing more than its summary line; one
that takes longer (a slow server, a feed with many pages to fetch) says every ``every``
seconds what it is doing, so a watch is never silent for long. The lines come from a
background thread, as the poll may be blocked in a request when one is due.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from newsevents.watch.durations import format_duration

#: Seconds between two progress lines of one poll.
PROGRESS_EVERY = 30.0


class Progress:
    """What a poll of ``source`` is doing, and the lines that report it."""

    def __init__(
        self,
        source: str,
        log: Callable[[str], None],
        *,
        every: float = PROGRESS_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.log = log
        self.every = every
        self._clock = clock
        self.started = clock()
        self.doing = "polling"
        """What the poll is doing before its items are known (``fetching the feed``)."""
        self.total: int | None = None
        """Items to read, once known."""
        self.done = 0
        """Items read so far."""

    def line(self) -> str:
        """The progress line for now."""
        elapsed = format_duration(max(1.0, round(self._clock() - self.started)))
        if self.total is None:
            return f"watch: {self.source}: {self.doing}, {elapsed}"
        return f"watch: {self.source}: {self.done} of {self.total} items, {elapsed}"

    @contextmanager
    def reporting(self) -> Iterator[Progress]:
        """Log :meth:`line` every ``every`` seconds while the ``with`` block runs."""
        finished = threading.Event()

        def tick() -> None:
            while not finished.wait(self.every):
                self.log(self.line())

        thread = threading.Thread(target=tick, name="watch-progress", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            finished.set()
            thread.join()
