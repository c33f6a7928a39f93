"""Extracting and storing a poll's articles, each committed with the items it completes.

This is :func:`newsevents.ingest.batch.ingest_safely` (articles already stored skipped before
extraction, a batch that fails extracted again one article at a time, an article whose
extraction or storing fails reported and skipped), with one difference: each article is
stored in a transaction that also writes the ``watch_items`` rows of the items it completes
(:meth:`~newsevents.watch.items.ItemTracker.record_with`). So a watch killed at any instant
leaves an item recorded exactly when its article is stored: nothing is read twice after a
crash, and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from newsevents.errors import InputError
from newsevents.ingest.batch import article_label, extract_safely, failure_reason
from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database
from newsevents.store.load import (
    EXTRACT_BATCH,
    IngestSummary,
    refresh_statistics,
    save_fusion_state,
    tally,
)
from newsevents.store.write import (
    ALREADY_STORED,
    StoreOutcome,
    is_stored,
    rolling_back,
    write_results,
)
from newsevents.watch.items import ItemTracker


def _database_answers(db: Database) -> bool:
    try:
        with db.session() as session:
            session.execute(text("SELECT 1"))
    except Exception:  # whatever the driver raises, the database is not usable
        return False
    return True


def store_with_items(
    db: Database,
    result: ArticleResult,
    tracker: ItemTracker,
    *,
    fuse: bool,
    on_error: Callable[[InputError], None],
) -> StoreOutcome | None:
    """Store one result and the items it completes in one transaction; None after
    reporting a failure to ``on_error`` (the transaction rolled back).

    A failure while the database itself does not answer is no article's fault and is
    raised, which stops the watch.
    """
    article_id = result.article.id
    try:
        with rolling_back(db), db.write_session() as session, session.begin():
            outcome = write_results(session, [result], fuse=fuse)[0]
            done = tracker.record_with(session.connection(), article_id)
    except IntegrityError:
        # Another process stored the same article between our check and our insert (only
        # possible on PostgreSQL): the item is recorded on its own.
        with db.session() as session:
            if is_stored(session, article_id):
                tracker.stored(article_id)
                return StoreOutcome(article_id, stored=False, reason=ALREADY_STORED)
        if not _database_answers(db):
            raise
        on_error(InputError(article_label(result.article), "storing failed (IntegrityError)"))
        return None
    except Exception as exc:
        if not _database_answers(db):
            raise
        on_error(InputError(article_label(result.article), failure_reason("storing", exc)))
        return None
    tracker.committed(article_id, done)
    return outcome


def ingest_poll(
    db: Database,
    items: Iterable[Article | InputError],
    tracker: ItemTracker,
    *,
    on_error: Callable[[InputError], None],
    on_result: Callable[[ArticleResult, StoreOutcome], None],
    summary: IngestSummary,
    fuse: bool = True,
) -> IngestSummary:
    """Extract and store every article of ``items`` not stored yet (see the module
    docstring), counting in ``summary``; ``on_error`` gets every input or article that
    failed, ``on_result`` every article stored (its items already recorded)."""
    counts = summary

    def failed(error: InputError) -> None:
        counts.errors += 1
        on_error(error)

    def fresh() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                failed(item)
                continue
            counts.read += 1
            with db.session() as session:
                stored = is_stored(session, item.id)
            if stored:
                counts.skipped[ALREADY_STORED] += 1
                continue
            yield item

    try:
        for result in extract_safely(fresh(), batch_size=EXTRACT_BATCH, on_error=failed):
            outcome = store_with_items(db, result, tracker, fuse=fuse, on_error=failed)
            if outcome is None:
                continue
            tally(counts, outcome)
            on_result(result, outcome)
    finally:
        save_fusion_state(db)
    refresh_statistics(db, counts)
    return counts
