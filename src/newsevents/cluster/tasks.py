"""What a worker runs. Each function is imported by name on the worker, so the worker needs
newsevents installed (the same version as the machine that submits the work)."""

from __future__ import annotations

import functools
import resource
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from newsevents.errors import InputError
from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database, open_database
from newsevents.store.write import StoreOutcome

T = TypeVar("T")


@dataclass
class Done(Generic[T]):
    """What a worker hands back for a partition: its results, in input order, and the
    articles left out because their extraction or storing failed, for the process that
    started the run to report and count (a worker's own output is seen by nobody)."""

    results: list[T] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    """``(where, reason)`` of each failure: an :class:`InputError`'s parts (it does not
    pickle whole)."""

    def failed(self, error: InputError) -> None:
        """Note a failure (an ``on_error`` for :mod:`newsevents.ingest.batch`)."""
        self.failures.append((error.path, error.reason))

    def errors(self) -> list[InputError]:
        """The failures as the errors they were."""
        return [InputError(where, reason) for where, reason in self.failures]


def extract_partition(articles: Sequence[Article]) -> Done[ArticleResult]:
    """Extract the events of ``articles``: the function a single-process ingest uses too
    (:func:`newsevents.ingest.batch.extract_safely`), with the same batch size."""
    from newsevents.ingest.batch import extract_safely
    from newsevents.store.load import EXTRACT_BATCH

    done: Done[ArticleResult] = Done()
    done.results = list(extract_safely(articles, batch_size=EXTRACT_BATCH, on_error=done.failed))
    return done


@functools.cache
def _database(url: str) -> Database:
    # One engine (and connection pool) per worker process and database.
    return open_database(url)


def extract_and_store(
    db_url: str, articles: Sequence[Article], min_confidence: float = 0.0
) -> Done[tuple[ArticleResult, StoreOutcome]]:
    """Extract ``articles`` and store each result from this worker, one transaction each and
    without fusion (PostgreSQL, where workers write at the same time), less its events below
    ``min_confidence``. Their place in the fusion order is left empty: the process that
    started the run gives it in input order and fuses them in that order
    (:class:`newsevents.cluster.sinks.WorkerWriteSink`). The results handed back are as
    extracted, so that the events left out can be counted there."""
    from newsevents.decide import confident_result
    from newsevents.ingest.batch import store_safely

    db = _database(db_url)
    extracted = extract_partition(articles)
    done: Done[tuple[ArticleResult, StoreOutcome]] = Done(failures=extracted.failures)
    for result in extracted.results:
        kept, _ = confident_result(result, min_confidence)
        outcome = store_safely(db, kept, fuse=False, sequence=False, on_error=done.failed)
        if outcome is not None:
            done.results.append((result, outcome))
    return done


def peak_memory_mb() -> float:
    """The largest resident set this worker process has had, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
