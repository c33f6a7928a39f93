"""One bad article never stops a batch: extraction and storing that report it and go on.

:func:`extract_safely` runs a batch of articles through
:func:`newsevents.extract.article.extract_many`; when the batch raises, it extracts its
articles again one at a time, so that only the article that fails is lost, reported as an
``InputError`` naming its file and id. :func:`store_safely` stores one result in its own
transaction; a failure rolls that transaction back, is reported, and the next article is
stored. :func:`ingest_safely` is ``newsevents ingest`` on one process, built from the two.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from newsevents.errors import InputError
from newsevents.model import Article, ArticleResult

if TYPE_CHECKING:
    from newsevents.store.db import Database
    from newsevents.store.load import IngestSummary
    from newsevents.store.write import StoreOutcome

OnError = Callable[[InputError], None]


def article_label(article: Article) -> str:
    """How an error names an article: the file it came from and its id."""
    return f"{article.source_path or '<text>'} (article {article.id})"


def failure_reason(stage: str, exc: BaseException) -> str:
    """One line saying which stage failed and with what (``extraction failed (KeyError: x)``)."""
    detail = " ".join(str(exc).split())[:200]
    found = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"{stage} failed ({found})"


def extract_safely(
    articles: Iterable[Article], *, batch_size: int, on_error: OnError
) -> Iterator[ArticleResult]:
    """The results of :func:`~newsevents.extract.article.extract_many`, in order, less those
    of articles whose extraction raises: each of those is passed to ``on_error`` instead.

    Batches parse together as ``extract_many`` does; only a batch that raises is done again
    one article at a time (a bug on one odd article then costs only that article).
    """
    from newsevents.extract.article import extract_article, extract_many

    pending = iter(articles)
    while batch := list(itertools.islice(pending, batch_size)):
        try:
            results = list(extract_many(batch, batch_size=batch_size))
        except Exception:  # a bug on one odd article: find it below
            results = None
        if results is not None:
            yield from results
            continue
        for article in batch:
            try:
                result = extract_article(article)
            except Exception as exc:  # reported; the batch goes on without it
                on_error(InputError(article_label(article), failure_reason("extraction", exc)))
                continue
            yield result


def _database_answers(db: Database) -> bool:
    from sqlalchemy import text

    try:
        with db.session() as session:
            session.execute(text("SELECT 1"))
    except Exception:  # whatever the driver raises, the database is not usable
        return False
    return True


def store_safely(
    db: Database, result: ArticleResult, *, fuse: bool, on_error: OnError
) -> StoreOutcome | None:
    """Store one result (:func:`newsevents.store.write.store_article`, its own transaction);
    None after reporting a failure to ``on_error``, the transaction rolled back.

    A failure while the database itself does not answer (gone, disk full) is no article's
    fault and is raised, which stops the run.
    """
    from newsevents.store.write import store_article

    try:
        return store_article(db, result, fuse=fuse)
    except Exception as exc:
        if not _database_answers(db):
            raise
        on_error(InputError(article_label(result.article), failure_reason("storing", exc)))
        return None


def ingest_safely(
    db: Database,
    items: Iterable[Article | InputError],
    *,
    on_error: OnError,
    on_result: Callable[[ArticleResult, StoreOutcome], None] | None = None,
    on_progress: Callable[[IngestSummary], None] | None = None,
    summary: IngestSummary | None = None,
    fuse: bool = True,
) -> IngestSummary:
    """Extract and store every article of ``items`` not stored yet, as
    :func:`newsevents.store.load.ingest_items` does, but an article whose extraction or
    storing fails is one ``on_error`` call (counted in ``errors``) and the batch goes on."""
    from newsevents.store.load import EXTRACT_BATCH, IngestSummary, refresh_statistics, tally
    from newsevents.store.write import ALREADY_STORED, is_stored

    counts = summary if summary is not None else IngestSummary()

    def progressed() -> None:
        if on_progress is not None:
            on_progress(counts)

    def failed(error: InputError) -> None:
        counts.errors += 1
        on_error(error)
        progressed()

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
                progressed()
                continue
            yield item

    # What fusion learns is committed with each article (store/fuse.py), so a run stopped
    # at any point leaves nothing to save.
    for result in extract_safely(fresh(), batch_size=EXTRACT_BATCH, on_error=failed):
        outcome = store_safely(db, result, fuse=fuse, on_error=failed)
        if outcome is None:
            continue
        tally(counts, outcome)
        if on_result is not None:
            on_result(result, outcome)
        progressed()
    refresh_statistics(db, counts)
    return counts
