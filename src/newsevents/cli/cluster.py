"""``newsevents ingest --workers N | --scheduler ADDRESS | --out DIR`` and ``newsevents load``:
the ingest on a Dask cluster, and storing a results dataset it wrote."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newsevents.cli.extract import MinConfidenceOption
from newsevents.cli.ingest import DbOption, FuseOption, IngestReport, VerboseOption, finish
from newsevents.decide import DEFAULT_MIN_CONFIDENCE
from newsevents.errors import InputError, NewsEventsError
from newsevents.ingest.fields import DEFAULT_FIELDS, FieldKeys

if TYPE_CHECKING:
    from newsevents.cluster.partitions import Partition
    from newsevents.cluster.sinks import Sink
    from newsevents.model import Article
    from newsevents.store.db import Database


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def _sink(
    db: Database | None, out: Path | None, fuse: bool, on_cluster: bool, min_confidence: float
) -> Sink:
    from newsevents.cluster.sinks import DatabaseSink, ParquetSink, WorkerWriteSink

    if out is not None:
        return ParquetSink(out, min_confidence)
    assert db is not None
    # PostgreSQL takes each worker's writes directly; an SQLite file has one writer: us.
    if on_cluster and db.dialect == "postgresql":
        return WorkerWriteSink(db, fuse, min_confidence)
    return DatabaseSink(db, fuse, min_confidence)


def ingest_on_cluster(
    paths: Sequence[str],
    *,
    db_url: str | None,
    out: Path | None,
    published: Any,
    outlet: str | None,
    actor_files: list[Path],
    verbose: bool,
    fuse: bool,
    workers: int | None,
    scheduler: str | None,
    partition_size: int,
    min_confidence: float,
    fields: FieldKeys = DEFAULT_FIELDS,
) -> None:
    """Read ``paths`` in partitions, extract them on a cluster (or here, for ``--out``
    alone), and store the results in the database or write them under ``out``, less the
    events below ``min_confidence``."""
    from contextlib import ExitStack

    from sqlalchemy.exc import SQLAlchemyError

    from newsevents.cluster.partitions import partitions
    from newsevents.cluster.run import run_here, run_partitions
    from newsevents.cluster.sinks import WorkerWriteSink
    from newsevents.ingest import read_paths
    from newsevents.resolve.actors import load_kb, use_actor_files
    from newsevents.store.db import one_line, open_database
    from newsevents.store.load import IngestSummary, refresh_statistics

    if actor_files:
        use_actor_files(actor_files)
    on_cluster = workers is not None or scheduler is not None
    summary = IngestSummary()
    report = IngestReport(verbose)
    with ExitStack() as stack:
        db: Database | None = None
        try:
            if out is None:
                db = stack.enter_context(open_database(db_url))
            elif out.exists() and not out.is_dir():
                raise _fail(f"{out}: exists and is not a folder")
            sink = _sink(db, out, fuse, on_cluster, min_confidence)
            submit: Any = run_here
            in_flight = 1
            if on_cluster:
                from newsevents.cluster.client import dashboard_link, dask_client, worker_count

                report.say("starting the cluster" if scheduler is None else f"joining {scheduler}")
                client = stack.enter_context(dask_client(workers, scheduler, actor_files))
                link = dashboard_link(client)
                n_workers = max(1, worker_count(client))
                report.say(f"{n_workers} workers" + (f"; dashboard: {link}" if link else ""))
                submit = client.submit
                in_flight = 2 * n_workers
            else:
                load_kb()
        except (NewsEventsError, SQLAlchemyError, OSError) as exc:
            raise _fail(one_line(exc)) from None

        def on_failure(part: Partition, exc: BaseException) -> None:
            first, last = part.articles[0], part.articles[-1]
            where = first.source_path or first.id
            report.say(
                f"error: partition {part.number} ({len(part.articles)} articles from {where}"
                f" to {last.source_path or last.id}): {one_line(exc)}"
            )

        def on_read(article: Article) -> None:
            summary.count_read(article.published)

        def on_error(error: InputError) -> None:
            summary.errors += 1
            report.on_error(error)

        parts = partitions(
            read_paths(paths, published=published, outlet=outlet, fields=fields),
            partition_size,
            on_error=on_error,
            on_read=on_read,
        )
        with report.progress:
            try:
                run_partitions(
                    submit,
                    parts,
                    sink,
                    summary,
                    in_flight=in_flight,
                    on_result=report.on_result,
                    # Counted by the run: articles that failed on a worker or in storing.
                    on_error=report.on_error,
                    on_failure=on_failure,
                    progressed=lambda: report.on_progress(summary),
                )
                if isinstance(sink, WorkerWriteSink):
                    report.say("fusing what the workers stored")
                    sink.fuse_after(summary, lambda: report.on_progress(summary))
            except KeyboardInterrupt:
                summary.interrupted = True
            except (NewsEventsError, SQLAlchemyError) as exc:
                report.progress.stop()
                raise _fail(one_line(exc)) from None
        if db is not None:
            refresh_statistics(db, summary)
        where = f"results: {out}" if db is None else f"database: {db.display_url}"
    finish(summary, where)


def load_command(
    folders: Annotated[
        list[Path], typer.Argument(help="Results folders written by newsevents ingest --out.")
    ],
    db_url: DbOption = None,
    fuse: FuseOption = True,
    verbose: VerboseOption = False,
    min_confidence: MinConfidenceOption = DEFAULT_MIN_CONFIDENCE,
) -> None:
    """Store (and fuse) the results a cluster run wrote with --out, in partition order;
    articles already stored are skipped, so a stopped load can be run again."""
    from sqlalchemy.exc import SQLAlchemyError

    from newsevents.cluster.results import read_results
    from newsevents.ingest.batch import store_results
    from newsevents.store.db import one_line, open_database
    from newsevents.store.load import IngestSummary, refresh_statistics

    try:
        db = open_database(db_url)
    except (NewsEventsError, SQLAlchemyError) as exc:
        raise _fail(one_line(exc)) from None
    summary = IngestSummary()
    report = IngestReport(verbose, label="load")

    def results() -> Any:
        for folder in folders:
            for item in read_results(folder):
                if isinstance(item, InputError):
                    summary.errors += 1
                    report.on_error(item)
                    continue
                summary.read += 1
                yield item

    with db, report.progress:
        try:
            store_results(
                db,
                results(),
                summary,
                fuse=fuse,
                on_error=report.on_error,
                on_result=report.on_result,
                progressed=lambda: report.on_progress(summary),
                min_confidence=min_confidence,
            )
        except KeyboardInterrupt:
            summary.interrupted = True
        except (NewsEventsError, SQLAlchemyError) as exc:
            report.progress.stop()
            raise _fail(one_line(exc)) from None
        refresh_statistics(db, summary)
    finish(summary, f"database: {db.display_url}")


def fuse_command(db_url: DbOption = None) -> None:
    """Fuse the articles stored without fusion (ingest --no-fuse, or by the workers of a
    cluster run) into incidents, in the order they were given to storage (input order); a
    stopped pass is finished by the next."""
    from sqlalchemy.exc import SQLAlchemyError

    from newsevents.store.db import one_line, open_database
    from newsevents.store.fuse_later import FuseSummary, count_unfused, fuse_stored

    try:
        db = open_database(db_url)
    except (NewsEventsError, SQLAlchemyError) as exc:
        raise _fail(one_line(exc)) from None
    report = IngestReport(verbose=False, label="fuse")
    summary = FuseSummary()
    with db, report.progress:
        with db.session() as session:
            report.progress.update(report.task, total=count_unfused(session))

        def step(done: FuseSummary) -> None:
            report.progress.update(report.task, completed=done.articles, events=done.events)

        try:
            summary = fuse_stored(db, step)
        except KeyboardInterrupt:
            typer.echo("interrupted: run newsevents fuse again to go on", err=True)
            raise typer.Exit(code=130) from None
        except (NewsEventsError, SQLAlchemyError) as exc:
            report.progress.stop()
            raise _fail(one_line(exc)) from None
    typer.echo(
        f"fused: {summary.articles} articles with {summary.events} events, "
        f"{summary.incidents} incidents formed"
    )
    typer.echo(f"database: {db.display_url}")
