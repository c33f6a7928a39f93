"""The schedule of a watch: poll every source every interval, failing ones sooner.

After a successful poll a source is due again one interval later; after a failure it is
retried with exponential backoff (30 s, 1 min, 2 min, ... but never later than one
interval, and never sooner than a ``Retry-After`` the server asked for), so a source that
is briefly down is soon back, and one that stays down costs one request per interval. The
schedule is kept in ``watch_sources.next_attempt``: a restarted watch polls each source when
it is due (``once`` polls every source at once, whatever is due). A poll cut short by its
time budget leaves a ``warning:`` line and is due again at once: the other sources due are
polled first, then it goes on with the items it did not reach.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from newsevents.store.load import IngestSummary
from newsevents.watch.durations import format_duration
from newsevents.watch.poll import Poller, PollResult
from newsevents.watch.sources import Source
from newsevents.watch.state import SourceState, utc

#: Wait before the first retry of a failing source, in seconds; doubled at each failure.
RETRY_BASE = 30.0


def retry_delay(failures: int, every: float, retry_after: float | None = None) -> float:
    """Seconds before polling again a source that failed ``failures`` times in a row."""
    exponent = min(max(failures - 1, 0), 32)  # 2**32 * 30 s is far past any interval
    delay = min(every, RETRY_BASE * 2.0**exponent)
    return max(delay, retry_after) if retry_after is not None else delay


@dataclass(frozen=True)
class WatchSettings:
    """How often sources are polled, and whether to stop after one round."""

    every: float = 900.0
    """Seconds between two polls of a source."""
    once: bool = False
    """Poll every source once, then stop."""


@dataclass
class WatchSummary:
    """Totals over every poll of a watch."""

    polls: int = 0
    failed_polls: int = 0
    new_items: int = 0
    ingest: IngestSummary = field(default_factory=IngestSummary)
    failing: dict[str, str] = field(default_factory=dict)
    """Sources whose last poll failed, with the reason."""
    cut: dict[str, int] = field(default_factory=dict)
    """Sources whose last poll was cut by its time budget, with the items left."""
    interrupted: bool = False
    """Stopped before it was done (Ctrl-C)."""

    def add(self, result: PollResult) -> None:
        """Count one poll."""
        self.polls += 1
        self.new_items += result.new_items
        if result.error is not None:
            self.failed_polls += 1
            self.failing[str(result.source)] = result.error
        else:
            self.failing.pop(str(result.source), None)
        if result.cut is not None:
            self.cut[str(result.source)] = result.left
        else:
            self.cut.pop(str(result.source), None)
        total, part = self.ingest, result.ingest
        total.read += part.read
        total.stored += part.stored
        total.events += part.events
        total.incidents += part.incidents
        total.skipped.update(part.skipped)
        total.errors += part.errors
        total.below_confidence += part.below_confidence
        total.undated += part.undated
        total.min_confidence = part.min_confidence

    def lines(self) -> list[str]:
        """The summary printed when the watch ends."""
        counts = self.ingest
        failed = f" ({self.failed_polls} failed)" if self.failed_polls else ""
        skipped = sum(counts.skipped.values())
        reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(counts.skipped.items()))
        lines = [
            f"polls: {self.polls}{failed}",
            f"new items: {self.new_items}, articles read: {counts.read}",
            f"stored: {counts.stored} articles with {counts.events} events{counts.held_back()}, "
            f"{counts.incidents} incidents formed",
            f"skipped: {skipped}" + (f" ({reasons})" if reasons else ""),
            f"errors: {counts.errors} items could not be read",
        ]
        for source, reason in self.failing.items():
            lines.append(f"failing: {source}: {reason}")
        for source, left in self.cut.items():
            lines.append(f"cut: {source}: {left} items left for the next poll (time budget)")
        return lines


class Watcher:
    """Polls ``sources`` with ``poller`` on the schedule of ``settings`` until stopped.

    ``log`` receives the per-poll lines. ``clock`` (``time.time``) and ``wait`` (which waits
    on the poller's stop event, so that a stop request also ends a wait) make the loop
    testable without waiting.
    """

    def __init__(
        self,
        poller: Poller,
        sources: list[Source],
        settings: WatchSettings,
        *,
        log: Callable[[str], None] = lambda _line: None,
        clock: Callable[[], float] = time.time,
        wait: Callable[[float], object] | None = None,
    ) -> None:
        self.poller = poller
        self.sources = sources
        self.settings = settings
        self.log = log
        self.clock = clock
        self.stop: threading.Event = poller.stop
        # Waiting on the stop event: a stop request ends a wait at once.
        self.wait = wait if wait is not None else self.stop.wait
        self.summary = WatchSummary()

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC)

    def run(self) -> WatchSummary:
        """Poll until stopped (or, with ``once``, until every source was polled once)."""
        due = self._first_due()
        while not self.stop.is_set():
            now = self.clock()
            for source in sorted((s for s in self.sources if due[s] <= now), key=due.__getitem__):
                if self.stop.is_set():
                    break
                due[source] = self.poll(source)
            if self.settings.once or self.stop.is_set():
                break
            upcoming = min(self.sources, key=due.__getitem__)
            pause = max(0.0, due[upcoming] - self.clock())
            if pause > 0:
                self.log(f"next poll: {upcoming} in {format_duration(max(1.0, round(pause)))}")
                self.wait(pause)
        self.summary.interrupted = self.stop.is_set()
        return self.summary

    def _first_due(self) -> dict[Source, float]:
        now = self.clock()
        if self.settings.once:
            return dict.fromkeys(self.sources, now)
        due: dict[Source, float] = {}
        for source in self.sources:
            planned = utc(self.poller.state.source(source).next_attempt)
            when = planned.timestamp() if planned is not None else now
            # A shorter interval than the last run's applies at once.
            due[source] = min(max(when, now), now + self.settings.every)
        return due

    def poll(self, source: Source) -> float:
        """Poll ``source`` once, store how it went; when it is due again (a ``clock`` time)."""
        result = self.poller.poll(source)
        self.summary.add(result)
        state = self.poller.state.source(source)
        now = self.clock()
        if result.ok:
            # A poll cut short (a stop request, its time budget) is due again at once.
            delay = 0.0 if result.stopped or result.cut is not None else self.settings.every
            state = self._succeeded(state, result, now + delay)
            self.log(result.line())
            if result.cut is not None:
                self.log(f"warning: {result.source}: {result.cut}; the rest at the next poll")
        else:
            delay = retry_delay(state.failures + 1, self.settings.every, result.retry_after)
            state = replace(
                state,
                failures=state.failures + 1,
                last_error=result.error,
                next_attempt=dt.datetime.fromtimestamp(now + delay, dt.UTC),
            )
            again = "" if self.settings.once else f"; next try in {format_duration(round(delay))}"
            self.log(f"error: {result.line()}{again}")
        self.poller.state.save_source(state)
        return now + delay

    def _succeeded(self, state: SourceState, result: PollResult, due: float) -> SourceState:
        return replace(
            state,
            etag=result.etag,
            last_modified=result.last_modified,
            last_ok=self._now(),
            failures=0,
            last_error=None,
            next_attempt=dt.datetime.fromtimestamp(due, dt.UTC),
        )
