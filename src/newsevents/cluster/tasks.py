"""What a worker runs. Each function is imported by name on the worker, so the worker needs
newsevents installed (the same version as the machine that submits the work)."""

from __future__ import annotations

import functools
import resource
import sys
from collections.abc import Sequence

from newsevents.errors import InputError
from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database, open_database
from newsevents.store.write import StoreOutcome, store_article


def extract_partition(articles: Sequence[Article]) -> list[ArticleResult]:
    """Extract the events of ``articles``: the function a single-process ingest uses too
    (:func:`newsevents.extract.article.extract_many`), with the same batch size."""
    from newsevents.ingest.batch import extract_safely
    from newsevents.store.load import EXTRACT_BATCH

    # An article whose extraction fails is reported in the worker's log and left out.
    return list(extract_safely(articles, batch_size=EXTRACT_BATCH, on_error=_log_failure))


def _log_failure(error: InputError) -> None:
    print(f"error: {error}", file=sys.stderr, flush=True)


@functools.cache
def _database(url: str) -> Database:
    # One engine (and connection pool) per worker process and database.
    return open_database(url)


def extract_and_store(
    db_url: str, articles: Sequence[Article]
) -> list[tuple[ArticleResult, StoreOutcome]]:
    """Extract ``articles`` and store each result from this worker, one transaction each and
    without fusion (PostgreSQL, where workers write at the same time). Their place in the
    fusion order is left empty: the process that started the run gives it in input order and
    fuses them in that order (:class:`newsevents.cluster.sinks.WorkerWriteSink`)."""
    db = _database(db_url)
    return [
        (result, store_article(db, result, fuse=False, sequence=False))
        for result in extract_partition(articles)
    ]


def peak_memory_mb() -> float:
    """The largest resident set this worker process has had, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
