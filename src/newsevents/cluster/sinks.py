"""Where a cluster run's results go, and how a restarted run knows what is finished.

- :class:`DatabaseSink`: the process that started the run stores each partition's results,
  one article per transaction, fused into the incidents already stored: the single writer an
  SQLite file needs. Partitions are written in input order (see :mod:`newsevents.cluster.run`),
  so the database ends up as a single-process ingest of the same inputs leaves it.
- :class:`WorkerWriteSink`: each worker stores what it extracts, without fusion (PostgreSQL,
  which takes writes from many connections at once); the starting process takes the
  partitions in input order, gives their articles their places in the fusion order and fuses
  them (:mod:`newsevents.store.fuse_later`), so the incidents do not depend on which worker
  stored first, and a run killed at any instant and started again ends as a clean run.
- :class:`ParquetSink`: one results file per partition (:mod:`newsevents.cluster.results`),
  for ``newsevents load`` to store later.

A restarted run asks the sink which articles of a partition are still to do: those not in the
database yet, or all of them when the partition's results file does not exist; a partition with
nothing left to extract is still handed to the sink in its turn (:meth:`Sink.catch_up`), to
finish what a stopped run left of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from newsevents.cluster.partitions import Partition
from newsevents.cluster.results import part_name, write_part
from newsevents.cluster.tasks import extract_and_store, extract_partition
from newsevents.decide import confident_result
from newsevents.errors import InputError
from newsevents.ingest.batch import keep_confident_results, store_results
from newsevents.model import Article, ArticleResult
from newsevents.store.db import Database
from newsevents.store.fuse_later import FuseSummary, fuse_stored
from newsevents.store.load import IngestSummary, reason_key, tally
from newsevents.store.write import StoreOutcome, set_sequence, stored_ids

#: ``submit(function, *args)``: a Dask client's ``submit``, or a call run here and now.
Submit = Callable[..., Any]
OnResult = Callable[[ArticleResult, StoreOutcome], None]
OnError = Callable[[InputError], None]


@dataclass(frozen=True)
class Listeners:
    """Who hears of each article a sink stored (or wrote) and of each that failed there."""

    on_result: OnResult | None = None
    on_error: OnError | None = None


def extract_on(submit: Submit, articles: Sequence[Article]) -> Future[Any]:
    """Send the extraction of ``articles`` (and nothing else) to the cluster."""
    future: Future[Any] = submit(extract_partition, list(articles))
    return future


class Sink(Protocol):
    """What a cluster run does with each partition."""

    def todo(self, part: Partition) -> list[Article]:
        """The articles of ``part`` still to extract (none: the partition is finished)."""
        ...

    def submit(self, submit: Submit, articles: Sequence[Article]) -> Future[Any]:
        """Send the work on ``articles`` to the cluster."""
        ...

    def finish(self, part: Partition, value: Any, counts: IngestSummary, tell: Listeners) -> None:
        """Take the results the work on ``part`` returned: write them, count them (an
        article that fails here is counted in ``errors`` and told to ``tell.on_error``)."""
        ...

    def catch_up(self, part: Partition, counts: IngestSummary) -> None:
        """Finish, in its turn, a partition a stopped run extracted whole."""
        ...


class DatabaseSink:
    """Results stored (and fused) by this process, partition after partition; events below
    ``min_confidence`` are left out (counted in ``IngestSummary.below_confidence``)."""

    def __init__(self, db: Database, fuse: bool = True, min_confidence: float = 0.0) -> None:
        self.db = db
        self.fuse = fuse
        self.min_confidence = min_confidence

    def todo(self, part: Partition) -> list[Article]:
        """The articles of ``part`` that are not in the database."""
        with self.db.session() as session:
            present = stored_ids(session, (a.id for a in part.articles))
        return [a for a in part.articles if a.id not in present]

    def submit(self, submit: Submit, articles: Sequence[Article]) -> Future[Any]:
        """Extraction only, on a worker."""
        return extract_on(submit, articles)

    def finish(self, part: Partition, value: Any, counts: IngestSummary, tell: Listeners) -> None:
        """Store the partition's results, one article per transaction (one that fails is
        reported and left out)."""
        store_results(
            self.db, value, counts, fuse=self.fuse, on_error=tell.on_error,
            on_result=tell.on_result, min_confidence=self.min_confidence,
        )  # fmt: skip

    def catch_up(self, part: Partition, counts: IngestSummary) -> None:
        """Nothing: each article was stored and fused in one transaction."""


class WorkerWriteSink(DatabaseSink):
    """Results stored by the workers themselves, concurrently (PostgreSQL), without fusion:
    fused afterwards by :meth:`fuse_after`, one process walking what was stored in order, so
    that no two workers decide on the same incident at once."""

    def submit(self, submit: Submit, articles: Sequence[Article]) -> Future[Any]:
        """Extraction and storage, on a worker."""
        url = self.db.url.render_as_string(hide_password=False)
        future: Future[Any] = submit(extract_and_store, url, list(articles), self.min_confidence)
        return future

    def finish(self, part: Partition, value: Any, counts: IngestSummary, tell: Listeners) -> None:
        """Count what the worker stored, then order and fuse the partition."""
        counts.min_confidence = self.min_confidence
        for extracted, outcome in value:
            # The worker stored the same cut of the result; it is made again here to count it.
            result, held = confident_result(extracted, self.min_confidence)
            counts.below_confidence += held
            # Its single-event incidents are not those fusion forms.
            tally(counts, replace(outcome, incidents=0) if self.fuse else outcome)
            if tell.on_result is not None:
                tell.on_result(result, outcome)
        self.catch_up(part, counts)

    def catch_up(self, part: Partition, counts: IngestSummary) -> None:
        """Give the partition's stored articles their places in the fusion order, in input
        order, and fuse those not fused yet, in that order (also those a stopped run stored
        and left)."""
        ids = [a.id for a in part.articles]
        set_sequence(self.db, ids)
        if self.fuse:
            counts.incidents += fuse_stored(self.db, only=ids).incidents

    def fuse_after(self, counts: IngestSummary, progressed: Callable[[], None] | None) -> None:
        """Fuse what is left unfused in the database (articles an earlier run stored without
        fusion), in fusion order."""
        if not self.fuse:
            return

        def step(done: FuseSummary) -> None:
            if progressed is not None:
                progressed()

        counts.incidents += fuse_stored(self.db, step).incidents


class ParquetSink:
    """Results written as a Parquet dataset, one file per partition, without the events below
    ``min_confidence``."""

    def __init__(self, folder: Path, min_confidence: float = 0.0) -> None:
        self.folder = folder
        self.min_confidence = min_confidence

    def todo(self, part: Partition) -> list[Article]:
        """All of ``part``'s articles, unless its results file exists."""
        if (self.folder / part_name(part.number, part.key)).exists():
            return []
        return list(part.articles)

    def submit(self, submit: Submit, articles: Sequence[Article]) -> Future[Any]:
        """Extraction only, on a worker."""
        return extract_on(submit, articles)

    def catch_up(self, part: Partition, counts: IngestSummary) -> None:
        """Nothing: a results file that exists is whole."""

    def finish(self, part: Partition, value: Any, counts: IngestSummary, tell: Listeners) -> None:
        """Write the partition's results file."""
        results = list(keep_confident_results(value, self.min_confidence, counts))
        write_part(self.folder, part.number, part.key, results)
        for result in results:
            n = len(result.events)
            if n:
                counts.stored += 1
                counts.events += n
            else:
                counts.skipped[reason_key(result.reason)] += 1
            if tell.on_result is not None:
                tell.on_result(result, StoreOutcome(result.article.id, True, n, 0, result.reason))
