"""Keeping track of the items of one poll until their articles are stored.

Extraction works in batches, so an item's article is stored a little after the item was
read. :class:`ItemTracker` records an item in ``watch_items`` once everything read from it
is in the database (or once it is known that nothing can be read from it): in the very
transaction that stores its last article (:meth:`ItemTracker.record_with`), so that a crash
at any instant leaves both or neither, else in a transaction of its own. An item whose
article was not stored yet when a watch stops is not recorded, and is read again next time
(its article, if stored meanwhile, is then skipped as already stored). An item whose article
fails in extraction or storing is recorded as failed for now (:meth:`ItemTracker.failed`):
tried again at later polls, and given up after the most attempts allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from newsevents.store.db import Database
from newsevents.store.write import stored_ids
from newsevents.watch.state import ABANDONED, FAILED, STORED, UNREADABLE, ItemState, WatchState


@dataclass
class PendingItem:
    """An item being read, and what has become of it so far."""

    key: str
    previous: ItemState | None
    name: str = ""
    """How error lines name it."""
    article_ids: list[str] = field(default_factory=list)
    stored: set[str] = field(default_factory=set)
    """Its articles settled: stored, or failed (then also in ``failed``)."""
    failed: set[str] = field(default_factory=set)
    """Its articles whose extraction or storing failed."""
    errors: list[str] = field(default_factory=list)
    retry: str | None = None
    """Why it failed for now (a later poll tries again)."""
    closed: bool = False
    """Everything that will be read from it has been."""
    recorded: bool = False

    @property
    def complete(self) -> bool:
        """Read, and every article read from it stored."""
        return self.closed and self.stored.issuperset(self.article_ids)


class ItemTracker:
    """Records the items of one source as they complete (see the module docstring)."""

    def __init__(
        self,
        db: Database,
        source: str,
        *,
        max_attempts: int,
        now: Callable[[], dt.datetime],
    ) -> None:
        self._state = WatchState(db)
        self._db = db
        self._source = source
        self._max_attempts = max_attempts
        self._now = now
        self._by_article: dict[str, list[PendingItem]] = {}
        self._pending: list[PendingItem] = []
        self.retrying = 0
        """Items recorded as failed for now (to be tried again at a later poll)."""

    def open(self, key: str, previous: ItemState | None, name: str = "") -> PendingItem:
        """Start reading an item."""
        item = PendingItem(key, previous, name or key)
        self._pending.append(item)
        return item

    def expect(self, item: PendingItem, article_id: str) -> None:
        """Note that ``item`` gave the article ``article_id``, to be stored."""
        item.article_ids.append(article_id)
        self._by_article.setdefault(article_id, []).append(item)

    def stored(self, article_id: str) -> None:
        """Note that ``article_id`` is in the database; record the items now complete."""
        for item in self._by_article.get(article_id, ()):
            item.stored.add(article_id)
            self._record_if_complete(item)

    def failed(self, label: str, reason: str) -> PendingItem | None:
        """Note that extracting or storing an article failed; the item it came from, or None
        when ``label`` names no article of this poll.

        ``label`` is how the failure names the article, ending in ``(article ID)`` (see
        :func:`newsevents.ingest.batch.article_label`). The item is then complete, recorded
        as failed for now (a later poll tries it again) unless it has other articles still
        to be stored.
        """
        for article_id, items in self._by_article.items():
            if not label.endswith(f"(article {article_id})"):
                continue
            for item in items:
                if item.retry is None:
                    item.retry = reason
                # Settled for this poll: nothing more will come of this article.
                item.stored.add(article_id)
                item.failed.add(article_id)
                self._record_if_complete(item)
            return items[0] if items else None
        return None

    def record_with(self, conn: Connection, article_id: str) -> list[PendingItem]:
        """Write, in ``conn``'s transaction (the one storing ``article_id``), the items that
        storing it completes; pass them to :meth:`committed` once it is committed."""
        done = []
        for item in self._by_article.get(article_id, ()):
            if item.recorded or not item.closed:
                continue
            if not item.stored.union([article_id]).issuperset(item.article_ids):
                continue
            outcome = self.outcome(item)
            self._state.write_item(conn, self._source, item.key, outcome, now=self._now())
            done.append(item)
        return done

    def committed(self, article_id: str, done: list[PendingItem]) -> None:
        """Note that ``article_id`` and the items :meth:`record_with` wrote are committed."""
        for item in done:
            item.stored.add(article_id)
            self._mark_recorded(item, self.outcome(item))
        self.stored(article_id)

    def close(self, item: PendingItem) -> None:
        """Note that everything has been read from ``item``."""
        item.closed = True
        self._record_if_complete(item)

    def finish(self) -> int:
        """Record the items complete by now; the number left unrecorded (to read again)."""
        waiting = [item for item in self._pending if item.closed and not item.recorded]
        missing = {a for item in waiting for a in item.article_ids if a not in item.stored}
        if missing:
            # Articles skipped before extraction as already stored never reach on_result.
            with self._db.session() as session:
                for article_id in stored_ids(session, missing):
                    self.stored(article_id)
        for item in waiting:
            self._record_if_complete(item)
        return sum(not item.recorded for item in self._pending)

    def _record_if_complete(self, item: PendingItem) -> None:
        if item.recorded or not item.complete:
            return
        outcome = self.outcome(item)
        self._state.record_item(self._source, item.key, outcome, now=self._now())
        self._mark_recorded(item, outcome)

    def _mark_recorded(self, item: PendingItem, outcome: ItemState) -> None:
        item.recorded = True
        self.retrying += outcome.status == FAILED

    def attempts(self, item: PendingItem) -> int:
        """The attempts at ``item`` once this one is counted."""
        return (item.previous.attempts if item.previous else 0) + 1

    def gives_up(self, item: PendingItem) -> bool:
        """Whether this is the last attempt at an item that fails for a passing reason."""
        return self.attempts(item) >= self._max_attempts

    def outcome(self, item: PendingItem) -> ItemState:
        """The state to record for a complete item."""
        attempts = self.attempts(item)
        errors = "; ".join(item.errors) or None
        stored = [a for a in item.article_ids if a not in item.failed]
        if stored and not item.failed:
            return ItemState(STORED, attempts, stored[0], errors)
        if item.retry is not None:
            status = ABANDONED if self.gives_up(item) else FAILED
            return ItemState(status, attempts, None, item.retry)
        return ItemState(UNREADABLE, attempts, None, errors or "nothing could be read from it")
