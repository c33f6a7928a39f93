"""run_partitions: a bounded window, results taken in input order, failures reported."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any

import pytest

from newsevents.cluster.partitions import Partition, partitions
from newsevents.cluster.run import run_here, run_partitions
from newsevents.cluster.sinks import Listeners, Submit
from newsevents.cluster.tasks import Done
from newsevents.errors import InputError
from newsevents.model import Article
from newsevents.store.load import IngestSummary


def _parts(n: int, size: int = 2) -> list[Partition]:
    arts = [Article(id=f"a{i}", text=f"text {i}") for i in range(n)]
    return list(partitions(arts, size))


class Recorder:
    """A sink that records what it is given; partitions in ``finished`` are done already."""

    def __init__(self, finished: Sequence[int] = ()) -> None:
        self.finished = set(finished)
        self.taken: list[tuple[int, Any]] = []
        self.turns: list[int] = []
        """Every partition handed back, finished or caught up, in the order of hand-back."""

    def todo(self, part: Partition) -> list[Article]:
        return [] if part.number in self.finished else list(part.articles)

    def submit(self, submit: Submit, articles: Sequence[Article]) -> Future[Any]:
        future: Future[Any] = submit(lambda arts: Done([a.id for a in arts]), list(articles))
        return future

    def finish(self, part: Partition, value: Any, counts: IngestSummary, tell: Listeners) -> None:
        self.taken.append((part.number, value))
        self.turns.append(part.number)

    def catch_up(self, part: Partition, counts: IngestSummary) -> None:
        self.turns.append(part.number)


class LateCluster:
    """A submit whose futures complete in reverse order, counting those outstanding."""

    def __init__(self) -> None:
        self.outstanding: list[tuple[Future[Any], Any, tuple[Any, ...]]] = []
        self.most = 0

    def submit(self, function: Any, *args: Any) -> Future[Any]:
        future: Future[Any] = _OnDemand(self)
        self.outstanding.append((future, function, args))
        self.most = max(self.most, len(self.outstanding))
        return future

    def complete_all(self) -> None:
        for future, function, args in reversed(self.outstanding):
            future.set_result(function(*args))
        self.outstanding.clear()


class _OnDemand(Future[Any]):
    """A future that makes its cluster finish everything when someone waits on it."""

    def __init__(self, cluster: LateCluster) -> None:
        super().__init__()
        self.cluster = cluster

    def result(self, timeout: float | None = None) -> Any:
        if not self.done():
            self.cluster.complete_all()
        return super().result(timeout)


def test_results_are_taken_in_input_order_whatever_order_they_complete_in() -> None:
    cluster, sink, counts = LateCluster(), Recorder(), IngestSummary()
    run_partitions(cluster.submit, _parts(9), sink, counts, in_flight=3)
    assert [n for n, _ in sink.taken] == [0, 1, 2, 3, 4]
    assert sink.taken[0][1] == ["a0", "a1"]
    assert counts.partitions == 5


@pytest.mark.parametrize("in_flight", [1, 2, 4])
def test_no_more_than_in_flight_partitions_are_out(in_flight: int) -> None:
    cluster, sink = LateCluster(), Recorder()
    run_partitions(cluster.submit, _parts(20), sink, IngestSummary(), in_flight=in_flight)
    assert cluster.most == in_flight
    assert len(sink.taken) == 10


def test_finished_partitions_are_skipped_and_counted() -> None:
    sink, counts = Recorder(finished=[0, 2]), IngestSummary()
    run_partitions(run_here, _parts(8), sink, counts)
    assert [n for n, _ in sink.taken] == [1, 3]
    assert sink.turns == [0, 1, 2, 3]  # finished ones too, in their turn
    assert counts.partitions == 2
    assert counts.partitions_skipped == 2
    assert counts.skipped["already stored"] == 4


def test_a_failing_partition_is_reported_and_the_run_goes_on() -> None:
    failures: list[tuple[int, str]] = []

    def flaky(function: Any, articles: list[Article]) -> Future[Any]:
        if articles[0].id == "a2":
            return run_here(lambda: 1 / 0)
        return run_here(function, articles)

    sink, counts = Recorder(), IngestSummary()
    run_partitions(
        flaky, _parts(6), sink, counts, on_failure=lambda p, e: failures.append((p.number, str(e)))
    )
    assert [n for n, _ in sink.taken] == [0, 2]
    assert failures == [(1, "division by zero")]
    assert counts.errors == 2


def test_run_here_hands_exceptions_over_in_the_future() -> None:
    future = run_here(lambda: [][1])
    with pytest.raises(IndexError):
        future.result()


def test_articles_that_failed_on_a_worker_are_reported_once_and_counted() -> None:
    def extract(articles: list[Article]) -> Done[str]:
        done: Done[str] = Done()
        for article in articles:
            if article.id in {"a1", "a4"}:
                done.failed(InputError(f"in/{article.id}.txt (article {article.id})", "boom"))
            else:
                done.results.append(article.id)
        return done

    class Extracting(Recorder):
        def submit(self, submit: Submit, articles: Sequence[Article]) -> Future[Any]:
            future: Future[Any] = submit(extract, list(articles))
            return future

    errors: list[str] = []
    sink, counts = Extracting(), IngestSummary()
    run_partitions(run_here, _parts(6), sink, counts, on_error=lambda e: errors.append(str(e)))
    assert sink.taken == [(0, ["a0"]), (1, ["a2", "a3"]), (2, ["a5"])]
    assert errors == ["in/a1.txt (article a1): boom", "in/a4.txt (article a4): boom"]
    assert counts.errors == 2 and counts.partitions == 3
