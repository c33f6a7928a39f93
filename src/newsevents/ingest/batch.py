"""One bad article never stops a batch: extraction and storing that report it and go on.

:func:`extract_safely` runs a batch of articles through
:func:`newsevents.extract.article.extract_many`; when the batch raises, it extracts its
articles again one at a time, so that only the article that fails is lost, reported as an
``InputError`` naming its file and id. :func:`store_safely` stores one result in its own
transaction; a failure rolls that transaction back, is reported, and the next article is
stored. :func:`store_results` stores a stream of results so, counting what each did, and
:func:`ingest_safely` is ``newsevents ingest`` on one process, built from them. ``watch``
(its items recorded in each article's transaction), ``load``, the cluster runs and the
evaluations all store through these.

Events below a minimum confidence are left out before an article is stored
(:func:`keep_confident_results`, counted in ``IngestSummary.below_confidence``); these
functions keep every event unless given ``min_confidence``: the commands pass theirs
(:data:`newsevents.decide.DEFAULT_MIN_CONFIDENCE` by default).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from newsevents.decide import confident_result
from newsevents.errors import InputError
from newsevents.model import Article, ArticleResult

if TYPE_CHECKING:
    from newsevents.store.db import Database
    from newsevents.store.load import IngestSummary
    from newsevents.store.write import AlsoWrite, StoreOutcome

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
    db: Database,
    result: ArticleResult,
    *,
    fuse: bool,
    on_error: OnError,
    sequence: bool = True,
    also: AlsoWrite | None = None,
) -> StoreOutcome | None:
    """Store one result (:func:`newsevents.store.write.store_article`, its own transaction,
    with what ``also`` writes); None after reporting a failure to ``on_error``, the
    transaction rolled back.

    A failure while the database itself does not answer (gone, disk full) is no article's
    fault and is raised, which stops the run.
    """
    from newsevents.store.write import store_article

    try:
        return store_article(db, result, fuse=fuse, sequence=sequence, also=also)
    except Exception as exc:
        if not _database_answers(db):
            raise
        on_error(InputError(article_label(result.article), failure_reason("storing", exc)))
        return None


def counting(
    counts: IngestSummary, on_error: OnError | None, progressed: Callable[[], None] | None = None
) -> OnError:
    """``on_error`` (if any) that also counts the error in ``counts.errors`` (then calls
    ``progressed``)."""

    def failed(error: InputError) -> None:
        counts.errors += 1
        if on_error is not None:
            on_error(error)
        if progressed is not None:
            progressed()

    return failed


def keep_confident_results(
    results: Iterable[ArticleResult], min_confidence: float, counts: IngestSummary
) -> Iterator[ArticleResult]:
    """``results`` with only the events whose confidence is at least ``min_confidence``
    (:func:`newsevents.decide.confident_result`), those left out counted in
    ``counts.below_confidence``."""
    counts.min_confidence = min_confidence
    for result in results:
        kept, held = confident_result(result, min_confidence)
        counts.below_confidence += held
        yield kept


def store_results(
    db: Database,
    results: Iterable[ArticleResult],
    counts: IngestSummary,
    *,
    fuse: bool,
    on_error: OnError | None,
    on_result: Callable[[ArticleResult, StoreOutcome], None] | None = None,
    progressed: Callable[[], None] | None = None,
    also: AlsoWrite | None = None,
    min_confidence: float = 0.0,
) -> None:
    """Store extracted articles one transaction each (:func:`store_safely`; fused unless
    ``fuse`` is False), in order, counting what each did in ``counts``: an article that
    fails is counted in ``errors``, passed to ``on_error``, and the others are stored.
    Events below ``min_confidence`` are left out first (:func:`keep_confident_results`)."""
    from newsevents.store.load import tally

    failed = counting(counts, on_error, progressed)
    for result in keep_confident_results(results, min_confidence, counts):
        outcome = store_safely(db, result, fuse=fuse, on_error=failed, also=also)
        if outcome is None:
            continue
        tally(counts, outcome)
        if on_result is not None:
            on_result(result, outcome)
        if progressed is not None:
            progressed()


def ingest_safely(
    db: Database,
    items: Iterable[Article | InputError],
    *,
    on_error: OnError | None,
    on_result: Callable[[ArticleResult, StoreOutcome], None] | None = None,
    on_progress: Callable[[IngestSummary], None] | None = None,
    summary: IngestSummary | None = None,
    fuse: bool = True,
    also: AlsoWrite | None = None,
    min_confidence: float = 0.0,
) -> IngestSummary:
    """Extract and store every article of ``items`` that is not stored yet; return the counts.

    Articles already stored are skipped before extraction. ``on_error`` gets each unreadable
    input and each article whose extraction or storing fails (counted in ``errors``; the
    batch goes on), ``on_result`` each article stored, and ``on_progress`` the counts
    whenever they change. Pass ``summary`` to keep the counts when the run is interrupted
    (``KeyboardInterrupt`` propagates; the article being stored then is rolled back).
    ``fuse=False`` stores each event as its own incident; ``also`` writes more rows in each
    article's transaction (see :func:`newsevents.store.write.store_article`). Events below
    ``min_confidence`` are not stored (counted in ``below_confidence``).
    """
    from newsevents.store.load import EXTRACT_BATCH, IngestSummary, refresh_statistics
    from newsevents.store.write import ALREADY_STORED, is_stored

    counts = summary if summary is not None else IngestSummary()

    def progressed() -> None:
        if on_progress is not None:
            on_progress(counts)

    failed = counting(counts, on_error, progressed)

    def fresh() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                failed(item)
                continue
            counts.count_read(item.published)
            with db.session() as session:
                stored = is_stored(session, item.id)
            if stored:
                counts.skipped[ALREADY_STORED] += 1
                progressed()
                continue
            yield item

    # What fusion learns is committed with each article (store/fuse.py), so a run stopped
    # at any point leaves nothing to save.
    extracted = extract_safely(fresh(), batch_size=EXTRACT_BATCH, on_error=failed)
    store_results(
        db,
        extracted,
        counts,
        fuse=fuse,
        on_error=on_error,
        on_result=on_result,
        progressed=progressed,
        also=also,
        min_confidence=min_confidence,
    )
    refresh_statistics(db, counts)
    return counts
