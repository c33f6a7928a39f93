"""One poll of one source: find what is new, read it, extract, store and fuse it.

New items are those the source has not given before (``watch_items``), and those that
failed for a passing reason at an earlier poll. They are read lazily, one at a time, as
extraction asks for the next article, so a stop request (Ctrl-C) takes effect after the
article in hand. Their articles go through :func:`newsevents.watch.store.ingest_poll`, as
with ``newsevents ingest``: skipped when already stored, each stored and fused in its own
transaction, which also records the items it completes. A source that cannot be polled
raises :class:`SourceError`; an item that cannot be read, fetched, extracted or stored is one
``error: SOURCE: ITEM: REASON`` line and the poll goes on.

Each poll has a time budget (:class:`~newsevents.watch.budget.Budget`): the requests it
makes are bounded by the time left, and once it is spent no further item is taken; those
left are not recorded, so the next poll takes them up. A poll that takes long prints a
progress line now and then (:mod:`~newsevents.watch.progress`).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial

from sqlalchemy.exc import SQLAlchemyError

from newsevents.errors import InputError
from newsevents.ingest import read_paths
from newsevents.ingest.decode import human_size, read_bytes
from newsevents.ingest.ids import url_id
from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database
from newsevents.store.load import IngestSummary
from newsevents.store.write import ALREADY_STORED, StoreOutcome, is_stored
from newsevents.watch.budget import Budget, BudgetExhausted
from newsevents.watch.entries import MIN_ENTRY_WORDS, EntryFailure, entry_article, outlet_name
from newsevents.watch.errors import SourceError
from newsevents.watch.feeds import Entry, Feed, parse_feed
from newsevents.watch.fetch import FEED_ACCEPT, Fetcher
from newsevents.watch.folders import scan_folder
from newsevents.watch.items import ItemTracker, PendingItem
from newsevents.watch.progress import PROGRESS_EVERY, Progress
from newsevents.watch.robots import RobotsRules
from newsevents.watch.sources import Source, SourceKind
from newsevents.watch.state import ItemState, SourceState, WatchState
from newsevents.watch.store import ingest_poll


@dataclass(frozen=True)
class PollOptions:
    """How sources are read."""

    fetch_pages: bool = True
    """Fetch the page an entry links to (else use the entry's own text)."""
    obey_robots: bool = True
    """Check the host's robots.txt before fetching a feed or page (see
    :mod:`~newsevents.watch.robots`); off only for sites one owns or may crawl anyway."""
    fuse: bool = True
    min_confidence: float = 0.0
    """Events below this confidence are not stored (see :mod:`newsevents.decide`)."""
    min_entry_words: int = MIN_ENTRY_WORDS
    settle: float = 2.0
    """Seconds a file must have been left unchanged before it is read."""
    max_item_attempts: int = 5
    """Polls at which an item that fails for a passing reason is tried, at most."""
    source_budget: float | None = 300.0
    """Seconds one poll of one source may take (None: no limit); see the module docstring."""
    progress_every: float = PROGRESS_EVERY
    """Seconds between two progress lines of a poll that takes long."""


@dataclass(frozen=True)
class _Retry:
    """An item that failed for now: a later poll tries it again."""

    name: str
    reason: str


@dataclass(frozen=True)
class _Known:
    """An item whose article is already stored (found before fetching it)."""

    article_id: str


_Read = Article | InputError | _Retry | _Known


@dataclass(frozen=True)
class _Candidate:
    key: str
    previous: ItemState | None
    read: Callable[[], Iterable[_Read]]
    name: str
    """How error lines name it: the entry's link, the file's path in its folder."""


@dataclass
class PollResult:
    """What one poll of one source did."""

    source: Source
    new_items: int = 0
    retried_items: int = 0
    """Items that had failed for a passing reason before, tried again."""
    not_modified: bool = False
    unsettled: int = 0
    """Files left for the next poll because they were still being written."""
    ingest: IngestSummary = field(default_factory=IngestSummary)
    error: str | None = None
    """Why the source could not be polled; None when it could."""
    retry_after: float | None = None
    etag: str | None = None
    last_modified: str | None = None
    """The validators to send next time (kept only once every entry of the feed is settled)."""
    stopped: bool = False
    """The poll was cut short by a stop request."""
    unrecorded: int = 0
    """Items read whose article was not stored yet when the poll ended (read again later)."""
    cut: str | None = None
    """Why the poll stopped taking items before the end (its time budget was spent)."""
    left: int = 0
    """Items left for the next poll when the poll was cut."""

    @property
    def ok(self) -> bool:
        """True when the source could be polled."""
        return self.error is None

    def line(self) -> str:
        """The one-line summary printed after the poll."""
        if self.error is not None:
            return f"{self.source}: {self.error}"
        if self.not_modified:
            return f"{self.source}: not modified"
        counts = self.ingest
        parts = [f"{self.new_items} new {_plural(self.new_items, 'item')}"]
        if self.retried_items:
            parts.append(f"{self.retried_items} retried")
        parts.append(f"{counts.stored} stored with {counts.events} events{counts.held_back()}")
        skipped = sum(counts.skipped.values())
        if skipped:
            reasons = ", ".join(f"{r}: {n}" for r, n in sorted(counts.skipped.items()))
            parts.append(f"{skipped} skipped ({reasons})")
        if counts.errors:
            parts.append(f"{counts.errors} {_plural(counts.errors, 'error')}")
        if self.unsettled:
            parts.append(f"{self.unsettled} still being written")
        if self.stopped:
            parts.append("stopped")
        if self.cut is not None:
            parts.append(f"{self.left} left for the next poll")
        return f"{self.source}: " + ", ".join(parts)


def _unexpected(exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:200]
    return f"unexpected failure ({type(exc).__name__}: {detail})"


def _guarded(candidate: _Candidate) -> Iterator[_Read]:
    """What ``candidate`` gives, any failure of its reading turned into an InputError (but
    the end of the poll's time budget, which is no fault of the item)."""
    try:
        yield from candidate.read()
    except BudgetExhausted:
        raise
    except Exception as exc:  # one bad entry or file never stops its source
        yield InputError(candidate.name, _unexpected(exc))


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Poller:
    """Polls sources into one database (see the module docstring).

    ``log`` receives one line per item that cannot be read and per note worth a user's
    attention; ``on_result`` is called after each article is stored; setting ``stop`` ends
    a poll after the article in hand.
    """

    def __init__(
        self,
        db: Database,
        fetcher: Fetcher,
        options: PollOptions | None = None,
        *,
        stop: threading.Event | None = None,
        log: Callable[[str], None] = lambda _line: None,
        on_result: Callable[[ArticleResult, StoreOutcome], None] | None = None,
        now: Callable[[], dt.datetime] = _utcnow,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.state = WatchState(db)
        self.fetcher = fetcher
        self.options = options or PollOptions()
        # One set of rules for the life of the poller: robots.txt is fetched once per site
        # (and again when stale), not once per source or per poll.
        self.robots = RobotsRules(fetcher) if self.options.obey_robots else None
        self.stop = stop or threading.Event()
        self.log = log
        self.on_result = on_result
        self.now = now
        self.clock = clock

    def poll(self, source: Source) -> PollResult:
        """Poll ``source`` once. Never raises for a failing source or item (but passes on
        KeyboardInterrupt and database errors); ``PollResult.error`` says why it failed."""
        result = PollResult(source)
        previous = self.state.source(source)
        # The source's row first: the items recorded during the poll refer to it.
        self.state.save_source(replace(previous, last_polled=self.now()))
        budget = Budget(self.options.source_budget, clock=self.clock)
        progress = Progress(
            str(source), self.log, every=self.options.progress_every, clock=self.clock
        )
        try:
            with self.fetcher.within(budget), progress.reporting():
                self._poll(source, previous, result, _Run(budget, progress))
        except SourceError as error:
            result.error, result.retry_after = error.reason, error.retry_after
        except InputError as error:
            result.error = error.reason
        except SQLAlchemyError:
            raise  # the database itself: every source would fail the same way
        except Exception as exc:  # a bug or an odd source must not stop the other sources
            result.error = _unexpected(exc)
        return result

    def _poll(self, source: Source, previous: SourceState, result: PollResult, run: _Run) -> None:
        if source.kind is SourceKind.folder:
            run.progress.doing = "listing the folder"
            self._ingest(source, self._folder_candidates(source, result), result, run)
            return
        run.progress.doing = "reading the feed"
        if source.kind is SourceKind.feed_file:
            feed = parse_feed(self._feed_file(source))
        else:
            if self.robots is not None:
                self.robots.check(source.key)
            response = self.fetcher.get(
                source.key,
                accept=FEED_ACCEPT,
                etag=previous.etag,
                last_modified=previous.last_modified,
            )
            if response.not_modified:
                result.not_modified = True
                result.etag, result.last_modified = previous.etag, previous.last_modified
                return
            content_type = response.headers.get("content-type")
            feed = parse_feed(response.content, url=response.url, content_type=content_type)
            result.etag = response.headers.get("etag")
            result.last_modified = response.headers.get("last-modified")
        if feed.problem:
            self.log(f"note: {source}: read despite a problem: {feed.problem}")
        if feed.unreadable:
            self.log(f"error: {source}: {feed.unreadable} entries could not be read")
        candidates = self._feed_candidates(source, feed, result)
        unsettled = self._ingest(source, candidates, result, run)
        if unsettled or result.stopped or result.cut is not None:
            # Validators are kept only when every entry is settled: otherwise the server
            # would answer 304 next time and the entries to retry would never be seen again.
            result.etag = result.last_modified = None

    def _feed_file(self, source: Source) -> bytes:
        """A feed file's bytes, within the size limit of feeds fetched over HTTP."""
        limit = self.fetcher.settings.max_bytes
        try:
            size = source.path.stat().st_size
        except OSError:
            size = 0  # read_bytes says why it cannot be read
        if size > limit:
            raise SourceError(
                f"feed file too large ({human_size(size)}); the limit is {human_size(limit)} "
                "(--max-page-bytes)"
            )
        return read_bytes(source.path, str(source))

    def _feed_candidates(self, source: Source, feed: Feed, result: PollResult) -> list[_Candidate]:
        # Oldest first, so that fusion meets reports in the order they were published.
        entries = sorted(reversed(feed.entries), key=lambda e: e.published or dt.date.max)
        by_key: dict[str, Entry] = {}
        for entry in entries:
            by_key.setdefault(entry.key, entry)  # an entry listed twice is read once
        unique = list(by_key.values())
        known = self.state.items(source.key, by_key)
        outlet = outlet_name(feed.title, source.key if source.kind is SourceKind.feed_url else None)
        candidates = []
        for entry in unique:
            previous = known.get(entry.key)
            if previous is not None and previous.is_settled():
                continue
            reader = self._entry_reader(entry, outlet)
            candidates.append(_Candidate(entry.key, previous, reader, entry.link or entry.key))
        self._count(candidates, result)
        return candidates

    def _entry_reader(self, entry: Entry, outlet: str | None) -> Callable[[], Iterable[_Read]]:
        def read() -> Iterator[_Read]:
            known = _link_id(entry.link)
            if known is not None:
                with self.db.session() as session:
                    if is_stored(session, known):
                        # Already stored (by another feed, or before a crash): no request.
                        yield _Known(known)
                        return
            made = entry_article(
                entry,
                fetcher=self.fetcher if self.options.fetch_pages else None,
                outlet=outlet or outlet_name(None, entry.link),
                min_words=self.options.min_entry_words,
                robots=self.robots,
            )
            name = entry.link or entry.key
            if isinstance(made, EntryFailure):
                yield _Retry(name, made.reason) if made.retry else InputError(name, made.reason)
                return
            if made.note:
                self.log(f"note: {name}: {made.note}")
            yield made.article

        return read

    def _folder_candidates(self, source: Source, result: PollResult) -> list[_Candidate]:
        scan = scan_folder(source.path, settle=self.options.settle, now=time.time())
        result.unsettled = scan.unsettled
        for error in scan.errors:
            self.log(f"error: {error}")
        known = self.state.items(source.key, (item.key for item in scan.files))
        candidates = []
        for file in scan.files:
            previous = known.get(file.key)
            if previous is not None and previous.is_settled():
                continue
            name = file.path.relative_to(source.path).as_posix()
            reader = partial(read_paths, [str(file.path)])
            candidates.append(_Candidate(file.key, previous, reader, name))
        self._count(candidates, result)
        return candidates

    @staticmethod
    def _count(candidates: list[_Candidate], result: PollResult) -> None:
        result.retried_items = sum(c.previous is not None for c in candidates)
        result.new_items = len(candidates) - result.retried_items

    def _ingest(
        self, source: Source, candidates: list[_Candidate], result: PollResult, run: _Run
    ) -> int:
        """Read, extract and store the candidates; the number of items left to retry."""
        tracker = ItemTracker(
            self.db, source.key, max_attempts=self.options.max_item_attempts, now=self.now
        )
        run.progress.total = len(candidates)

        def on_result(article_result: ArticleResult, outcome: StoreOutcome) -> None:
            tracker.stored(article_result.article.id)
            if self.on_result is not None:
                self.on_result(article_result, outcome)

        def on_error(error: InputError) -> None:
            failed = tracker.failed(error.path, error.reason)
            if failed is None:
                self.log(f"error: {source}: {_item_name(source, error.path)}: {error.reason}")
                return
            # The article's extraction or storing failed: the item is tried again later.
            self.log(f"error: {source}: {failed.name}: {error.reason}; {_then(tracker, failed)}")

        try:
            if candidates:
                ingest_poll(
                    self.db,
                    self._articles(candidates, tracker, result, run),
                    tracker,
                    on_error=on_error,
                    on_result=on_result,
                    summary=result.ingest,
                    fuse=self.options.fuse,
                    min_confidence=self.options.min_confidence,
                )
        finally:
            # Also on Ctrl-C: the items whose articles are stored are remembered.
            result.unrecorded = tracker.finish()
        return result.unrecorded + tracker.retrying

    def _articles(
        self, candidates: list[_Candidate], tracker: ItemTracker, result: PollResult, run: _Run
    ) -> Iterator[Article | InputError]:
        for index, candidate in enumerate(candidates):
            if self.stop.is_set():
                result.stopped = True
                return
            if run.budget.spent():
                result.cut = str(run.budget.exhausted(f"after {index} of {len(candidates)} items"))
                result.left = len(candidates) - index
                return
            item = tracker.open(candidate.key, candidate.previous, candidate.name)
            try:
                for read in _guarded(candidate):
                    yield from self._handle(read, item, tracker, result.ingest)
            except BudgetExhausted as exhausted:
                # Cut in the middle of the item (a slow page): it is not recorded, so the
                # next poll reads it again from the start.
                result.cut = f"{exhausted.reason} ({index} of {len(candidates)} items read)"
                result.left = len(candidates) - index
                return
            tracker.close(item)
            run.progress.done = index + 1

    @staticmethod
    def _handle(
        read: _Read, item: PendingItem, tracker: ItemTracker, counts: IngestSummary
    ) -> Iterator[Article | InputError]:
        """Note what was read from ``item``; pass on what ingest_poll is to see."""
        if isinstance(read, _Known):
            tracker.expect(item, read.article_id)
            tracker.stored(read.article_id)
            counts.read += 1
            counts.skipped[ALREADY_STORED] += 1
        elif isinstance(read, _Retry):
            item.retry = read.reason
            yield InputError(read.name, f"{read.reason}; {_then(tracker, item)}")
        elif isinstance(read, InputError):
            item.errors.append(read.reason)
            yield read
        else:
            tracker.expect(item, read.id)
            yield read


@dataclass(frozen=True)
class _Run:
    """What bounds and reports one poll."""

    budget: Budget
    progress: Progress


def _then(tracker: ItemTracker, item: PendingItem) -> str:
    """What becomes of an item that failed for now."""
    if tracker.gives_up(item):
        return f"given up after {tracker.attempts(item)} attempts"
    return "will try again at the next poll"


def _item_name(source: Source, where: str) -> str:
    """How an error line names an item: a file by its path within the watched folder."""
    prefix = source.key.rstrip("/") + "/"
    if source.kind is SourceKind.folder and where.startswith(prefix):
        return where[len(prefix) :]
    return where


def _link_id(link: str | None) -> str | None:
    """The id of the article stored from ``link``, or None (no link, or one that does not
    parse: it is then fetched, and fails as a bad URL)."""
    if link is None:
        return None
    try:
        return url_id(link)
    except ValueError:
        return None
