"""What a worker runs. Each function is imported by name on the worker, so the worker needs
newsevents installed (the same version as the machine that submits the work)."""

from __future__ import annotations

import functools
import resource
from collections.abc import Sequence

from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database, open_database
from newsevents.store.write import StoreOutcome, store_article


def extract_partition(articles: Sequence[Article]) -> list[ArticleResult]:
    """Extract the events of ``articles``: the function a single-process ingest uses too
    (:func:`newsevents.extract.article.extract_many`), with the same batch size."""
    from newsevents.extract.article import extract_many
    from newsevents.store.load import EXTRACT_BATCH

    return list(extract_many(articles, batch_size=EXTRACT_BATCH))


@functools.cache
def _database(url: str) -> Database:
    # One engine (and connection pool) per worker process and database.
    return open_database(url)


def extract_and_store(
    db_url: str, articles: Sequence[Article]
) -> list[tuple[ArticleResult, StoreOutcome]]:
    """Extract ``articles`` and store each result from this worker, one transaction each and
    without fusion (PostgreSQL, where workers write at the same time; what they store is
    fused afterwards by one process, see :mod:`newsevents.store.fuse_later`)."""
    db = _database(db_url)
    return [
        (result, store_article(db, result, fuse=False)) for result in extract_partition(articles)
    ]


def peak_memory_mb() -> float:
    """The largest resident set this worker process has had, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
