"""Extracting and storing a poll's articles, each committed with the items it completes.

This is :func:`newsevents.ingest.batch.ingest_safely` (articles already stored skipped before
extraction, a batch that fails extracted again one article at a time, an article whose
extraction or storing fails reported and skipped), where each article's transaction also
writes the ``watch_items`` rows of the items it completes
(:meth:`~newsevents.watch.items.ItemTracker.record_with`). So a watch killed at any instant
leaves an item recorded exactly when its article is stored: nothing is read twice after a
crash, and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Connection

from newsevents.errors import InputError
from newsevents.ingest.batch import ingest_safely
from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database
from newsevents.store.load import IngestSummary
from newsevents.store.write import AlsoWrite, StoreOutcome
from newsevents.watch.items import ItemTracker


def item_rows(tracker: ItemTracker) -> AlsoWrite:
    """What each article's transaction writes besides it: the items it completes, noted as
    recorded once that transaction is committed."""

    def write(conn: Connection, article_id: str) -> Callable[[], None]:
        done = tracker.record_with(conn, article_id)
        return lambda: tracker.committed(article_id, done)

    return write


def ingest_poll(
    db: Database,
    items: Iterable[Article | InputError],
    tracker: ItemTracker,
    *,
    on_error: Callable[[InputError], None],
    on_result: Callable[[ArticleResult, StoreOutcome], None],
    summary: IngestSummary,
    fuse: bool = True,
    min_confidence: float = 0.0,
) -> IngestSummary:
    """Extract and store every article of ``items`` not stored yet (see the module
    docstring), less the events below ``min_confidence``, counting in ``summary``;
    ``on_error`` gets every input or article that failed, ``on_result`` every article
    stored (its items already recorded)."""
    return ingest_safely(
        db,
        items,
        on_error=on_error,
        on_result=on_result,
        summary=summary,
        fuse=fuse,
        also=item_rows(tracker),
        min_confidence=min_confidence,
    )
