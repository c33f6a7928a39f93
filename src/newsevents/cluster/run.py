"""A run over partitions: submit them to the cluster a few at a time, finish them in order.

At most ``in_flight`` partitions are out at once (by default two per worker: one being
extracted, one waiting, so no worker idles while the next is sent), so memory stays bounded
whatever the size of the inputs. Results are taken in input order: the writer waits for the
oldest partition while the workers go on with the others. Storing in input order makes a run
on any number of workers leave the same database (fusion depends on the order articles
arrive in) as a single-process ingest.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any

from newsevents.cluster.partitions import Partition
from newsevents.cluster.sinks import Listeners, OnError, OnResult, Sink, Submit
from newsevents.cluster.tasks import Done
from newsevents.store.load import IngestSummary
from newsevents.store.write import ALREADY_STORED


def run_here(function: Callable[..., Any], *args: Any) -> Future[Any]:
    """A ``submit`` that runs ``function`` in this process at once (no cluster)."""
    future: Future[Any] = Future()
    try:
        future.set_result(function(*args))
    except Exception as exc:  # handed to the caller through the future, as a cluster would
        future.set_exception(exc)
    return future


def run_partitions(
    submit: Submit,
    parts: Iterable[Partition],
    sink: Sink,
    counts: IngestSummary,
    *,
    in_flight: int = 4,
    on_result: OnResult | None = None,
    on_error: OnError | None = None,
    on_failure: Callable[[Partition, BaseException], None] | None = None,
    progressed: Callable[[], None] | None = None,
) -> IngestSummary:
    """Extract every unfinished partition of ``parts`` through ``submit`` and hand each
    result to ``sink``, in order. An article that failed on its worker (the task's
    :class:`~newsevents.cluster.tasks.Done` lists it) or in the sink is counted in
    ``counts.errors`` and reported to ``on_error``, once, here; a partition whose task fails
    is counted in ``counts.errors`` (per article) and reported to ``on_failure``. The run
    goes on either way."""
    tell = Listeners(on_result, on_error)
    # A partition with nothing to extract holds its place in the window too (its future is
    # None), so that the sink finishes every partition in input order.
    window: deque[tuple[Partition, int, Future[Any] | None]] = deque()

    def changed() -> None:
        if progressed is not None:
            progressed()

    def settle() -> None:
        part, n_articles, future = window.popleft()
        if future is None:
            sink.catch_up(part, counts)
            changed()
            return
        try:
            value = future.result()
        except Exception as exc:  # one partition's failure (a bug, a lost worker) is reported
            counts.errors += n_articles
            if on_failure is not None:
                on_failure(part, exc)
        else:
            done: Done[Any] = value
            for error in done.errors():
                counts.errors += 1
                if on_error is not None:
                    on_error(error)
            sink.finish(part, done.results, counts, tell)
            counts.partitions += 1
        changed()

    for part in parts:
        todo = sink.todo(part)
        done = len(part.articles) - len(todo)
        if done:
            counts.skipped[ALREADY_STORED] += done
        while len(window) >= max(1, in_flight):
            settle()
        if not todo:
            counts.partitions_skipped += 1
            window.append((part, 0, None))
            continue
        window.append((part, len(todo), sink.submit(submit, todo)))
    while window:
        settle()
    return counts
