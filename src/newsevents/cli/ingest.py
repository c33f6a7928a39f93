"""``newsevents ingest``: extract events from articles and store them in the database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsevents.cli.actors import ActorFilesOption
from newsevents.cli.extract import FieldOption, MinConfidenceOption, _parse_date, parse_fields
from newsevents.cli.output import summary_line
from newsevents.cluster.partitions import PARTITION_SIZE
from newsevents.decide import DEFAULT_MIN_CONFIDENCE
from newsevents.errors import InputError, NewsEventsError

if TYPE_CHECKING:
    from newsevents.model import ArticleResult
    from newsevents.store.db import Database
    from newsevents.store.load import IngestSummary
    from newsevents.store.write import StoreOutcome

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: an SQLite file or sqlite:///PATH, or postgresql://USER@HOST/DB. "
        "Default: $NEWSEVENTS_DB, else newsevents.db.",
    ),
]


#: ``--fuse/--no-fuse`` of the commands that store articles.
FuseOption = Annotated[
    bool,
    typer.Option(
        "--fuse/--no-fuse",
        help="Fuse events into the incidents already stored (default), or store each "
        "event as an incident of its own (faster bulk loads).",
    ),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Print a line per article.")]


def open_for_ingest(db_url: str | None, actor_files: list[Path] | None) -> Database:
    """The database to store in, with the actor knowledge base (and ``--actors`` files)
    loaded first; a usage error (exit status 2) when either cannot be opened."""
    from newsevents.resolve.actors import load_kb, use_actor_files
    from newsevents.store.db import open_database

    if actor_files:
        use_actor_files(actor_files)
    try:
        load_kb()
        return open_database(db_url)
    except NewsEventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None


def _progress(console: Console, label: str = "ingest") -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.fields[read]} articles read, {task.fields[events]} events stored"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        # Only on a terminal: piped or captured output gets the summary alone.
        disable=not console.is_terminal,
    )


class IngestReport:
    """The progress bar of an ingest and the lines it prints as it goes (errors; with
    ``--verbose``, a line per article)."""

    def __init__(self, verbose: bool, label: str = "ingest") -> None:
        self.verbose = verbose
        self.progress = _progress(Console(stderr=True), label)
        self.task = self.progress.add_task(label, total=None, read=0, events=0)

    def say(self, line: str) -> None:
        """Print a line above the progress bar."""
        self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def on_error(self, error: InputError) -> None:
        """An input that could not be read, or an article whose extraction or storing
        failed."""
        self.say(f"error: {error}")

    def on_warning(self, name: str, reason: str) -> None:
        """An input read, but not all of it as given (a date out of range)."""
        self.say(f"warning: {name}: {reason}")

    def on_progress(self, counts: IngestSummary) -> None:
        """The counts changed."""
        self.progress.update(self.task, read=counts.read, events=counts.events)

    def on_result(self, result: ArticleResult, outcome: StoreOutcome) -> None:
        """An article was stored (or skipped)."""
        if self.verbose:
            self.say(
                summary_line(result)
                if outcome.stored
                else f"{result.article.source_path or result.article.id}: {outcome.reason}"
            )


def finish(summary: IngestSummary, where: str) -> None:
    """Print the summary and where the results went; exit 130 when interrupted, 1 when an
    input could not be read."""
    for line in summary.lines():
        typer.echo(line)
    typer.echo(where)
    if summary.interrupted:
        typer.echo(
            "interrupted: everything stored so far is kept; run the same command again to "
            "go on (articles already stored are skipped)",
            err=True,
        )
        raise typer.Exit(code=130)
    if summary.errors:
        raise typer.Exit(code=1)


def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    db_url: DbOption = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for inputs without one.")
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Publishing outlet for inputs without one.")
    ] = None,
    actor_files: ActorFilesOption = None,
    verbose: VerboseOption = False,
    fuse: FuseOption = True,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Extract on a local Dask cluster of N worker processes (one per core).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Extract on the Dask cluster at ADDRESS (tcp://HOST:8786)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the results as a Parquet dataset in DIR (one file per partition) "
            "instead of the database; store them later with newsevents load DIR.",
        ),
    ] = None,
    partition_size: Annotated[
        int, typer.Option(min=1, help="Articles per partition sent to a worker.")
    ] = PARTITION_SIZE,
    min_confidence: MinConfidenceOption = DEFAULT_MIN_CONFIDENCE,
    field: FieldOption = None,
) -> None:
    """Extract events from news articles, store them and fuse them into incidents (articles
    already stored are skipped). With --workers or --scheduler the extraction runs on a Dask
    cluster; a stopped run started again with the same command skips finished partitions."""
    if workers is not None and scheduler is not None:
        typer.echo("error: give --workers or --scheduler, not both", err=True)
        raise typer.Exit(code=2)
    fields = parse_fields(field)
    if workers is not None or scheduler is not None or out is not None:
        from newsevents.cli.cluster import ingest_on_cluster

        ingest_on_cluster(
            paths,
            db_url=None if out is not None else db_url,
            out=out,
            published=_parse_date(published),
            outlet=outlet,
            actor_files=actor_files or [],
            verbose=verbose,
            fuse=fuse,
            workers=workers,
            scheduler=scheduler,
            partition_size=partition_size,
            min_confidence=min_confidence,
            fields=fields,
        )
        return
    from sqlalchemy.exc import SQLAlchemyError

    from newsevents.ingest import read_paths
    from newsevents.ingest.batch import ingest_safely
    from newsevents.ingest.notices import warnings_to
    from newsevents.store.db import one_line
    from newsevents.store.load import IngestSummary

    pub = _parse_date(published)
    db = open_for_ingest(db_url, actor_files)

    summary = IngestSummary()
    report = IngestReport(verbose)
    with db, report.progress, warnings_to(report.on_warning):
        try:
            ingest_safely(
                db,
                read_paths(paths, published=pub, outlet=outlet, fields=fields),
                on_error=report.on_error,
                on_result=report.on_result,
                on_progress=report.on_progress,
                summary=summary,
                fuse=fuse,
                min_confidence=min_confidence,
            )
        except KeyboardInterrupt:
            summary.interrupted = True
        except (NewsEventsError, SQLAlchemyError) as exc:
            report.progress.stop()
            typer.echo(f"error: {one_line(exc)}", err=True)
            raise typer.Exit(code=2) from None
    finish(summary, f"database: {db.display_url}")
