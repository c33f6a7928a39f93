"""``newsevents watch``: keep the event database current from feeds and folders.

A watch polls its sources (RSS/Atom feeds over HTTP or as local files, and folders where
article files appear), reads what is new, and extracts, stores and fuses it like
``newsevents ingest``. What it has seen, and how each source fared, is kept in the database
(``watch_sources``, ``watch_items``), so a restarted watch goes on where it stopped.

One module per job: :mod:`~newsevents.watch.sources` (what a SOURCE argument names),
:mod:`~newsevents.watch.feeds` (feed documents to entries), :mod:`~newsevents.watch.fetch`
(HTTP: timeouts, retries, per-host rate limit), :mod:`~newsevents.watch.robots` (robots.txt),
:mod:`~newsevents.watch.entries` (an entry to an article), :mod:`~newsevents.watch.folders`
(new files in a folder), :mod:`~newsevents.watch.state` (the state tables),
:mod:`~newsevents.watch.poll` (one poll of one source) and :mod:`~newsevents.watch.loop` (the
schedule).
"""

from __future__ import annotations

from newsevents.watch.durations import format_duration, parse_duration
from newsevents.watch.errors import SourceError
from newsevents.watch.fetch import Fetcher, FetchError, FetchSettings, RateLimiter
from newsevents.watch.loop import Watcher, WatchSettings, WatchSummary
from newsevents.watch.sources import Source, SourceKind, parse_source

__all__ = [
    "FetchError",
    "FetchSettings",
    "Fetcher",
    "RateLimiter",
    "Source",
    "SourceError",
    "SourceKind",
    "WatchSettings",
    "WatchSummary",
    "Watcher",
    "format_duration",
    "parse_duration",
    "parse_source",
]
