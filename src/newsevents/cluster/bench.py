"""The scaling benchmark behind ``newsevents bench cluster``.

The same articles are ingested on local clusters of each size asked for (``--workers 1
--workers 2``), extraction on the workers and results written as a Parquet dataset by this
process (``newsevents ingest --workers N --out DIR``), so the figures are those of the
scale-out path itself; storing in the database is measured by ``newsevents bench store``.
Each run's clock starts once its workers have loaded the pipeline (the start-up is reported
apart): what is compared is throughput, and the ratio of the rates is the scaling.
"""

from __future__ import annotations

import itertools
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsevents.cluster.client import dask_client
from newsevents.cluster.partitions import PARTITION_SIZE, partitions
from newsevents.cluster.run import run_partitions
from newsevents.cluster.sinks import ParquetSink
from newsevents.cluster.tasks import peak_memory_mb
from newsevents.ingest import read_paths
from newsevents.store.load import IngestSummary


def bench_workers(
    paths: Sequence[str],
    workers: int,
    *,
    partition_size: int = PARTITION_SIZE,
    limit: int | None = None,
) -> dict[str, Any]:
    """Ingest ``paths`` (at most ``limit`` articles) on a local cluster of ``workers``."""
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="newsevents-bench-cluster-") as folder,
        dask_client(workers, dashboard_address=None) as client,
    ):
        ready = time.perf_counter()
        counts = IngestSummary()
        items = itertools.islice(read_paths(paths), limit) if limit else read_paths(paths)
        t0 = time.perf_counter()
        run_partitions(
            client.submit,
            partitions(items, partition_size),
            ParquetSink(Path(folder)),
            counts,
            in_flight=2 * workers,
        )
        seconds = time.perf_counter() - t0
        memory = client.run(peak_memory_mb)
    # Every article extracted: with events, or with the reason it has none.
    articles = counts.stored + sum(counts.skipped.values())
    return {
        "workers": workers,
        "startup_seconds": round(ready - started, 1),
        "seconds": round(seconds, 1),
        "articles": articles,
        "articles_with_events": counts.stored,
        "events": counts.events,
        "failed": counts.errors,
        "articles_per_second": round(articles / seconds, 2) if seconds else None,
        "events_per_second": round(counts.events / seconds, 2) if seconds else None,
        "worker_peak_rss_mb": sorted(round(mb) for mb in memory.values()),
    }


def bench_cluster(
    paths: Sequence[str],
    worker_counts: Sequence[int] = (1, 2),
    *,
    partition_size: int = PARTITION_SIZE,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """:func:`bench_workers` for each count; the scaling is each rate over the first's."""
    say = progress or (lambda _message: None)
    runs = []
    for n in worker_counts:
        say(f"{n} worker{'s' if n > 1 else ''}")
        runs.append(bench_workers(paths, n, partition_size=partition_size, limit=limit))
    base = runs[0]["articles_per_second"] if runs else None
    for run in runs:
        rate = run["articles_per_second"]
        run["scaling"] = round(rate / base, 2) if rate and base else None
    return {"partition_size": partition_size, "runs": runs}
