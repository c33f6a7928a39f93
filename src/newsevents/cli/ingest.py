"""``newsevents ingest``: extract events from articles and store them in the database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsevents.cli.actors import ActorFilesOption
from newsevents.cli.extract import _parse_date
from newsevents.cli.output import summary_line
from newsevents.errors import InputError, NewsEventsError
from newsevents.model import ArticleResult

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: an SQLite file or sqlite:///PATH, or postgresql://USER@HOST/DB. "
        "Default: $NEWSEVENTS_DB, else newsevents.db.",
    ),
]


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("ingest"),
        BarColumn(),
        TextColumn("{task.fields[read]} articles read, {task.fields[events]} events stored"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        # Only on a terminal: piped or captured output gets the summary alone.
        disable=not console.is_terminal,
    )


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
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Print a line per article.")
    ] = False,
    fuse: Annotated[
        bool,
        typer.Option(
            "--fuse/--no-fuse",
            help="Fuse events into the incidents already stored (default), or store each "
            "event as an incident of its own (faster bulk loads).",
        ),
    ] = True,
) -> None:
    """Extract events from news articles, store them and fuse them into incidents (articles
    already stored are skipped)."""
    from sqlalchemy.exc import SQLAlchemyError

    from newsevents.ingest import read_paths
    from newsevents.resolve.actors import load_kb, use_actor_files
    from newsevents.store.db import one_line, open_database
    from newsevents.store.load import IngestSummary, ingest_items
    from newsevents.store.write import StoreOutcome

    pub = _parse_date(published)
    if actor_files:
        use_actor_files(actor_files)
    try:
        load_kb()
        db = open_database(db_url)
    except NewsEventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None

    console = Console(stderr=True)
    summary = IngestSummary()
    with db, _progress(console) as progress:
        task = progress.add_task("ingest", total=None, read=0, events=0)

        def on_error(error: InputError) -> None:
            progress.console.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)

        def on_progress(counts: IngestSummary) -> None:
            progress.update(task, read=counts.read, events=counts.events)

        def on_result(result: ArticleResult, outcome: StoreOutcome) -> None:
            if verbose:
                line = (
                    summary_line(result)
                    if outcome.stored
                    else (f"{result.article.source_path or result.article.id}: {outcome.reason}")
                )
                progress.console.print(line, markup=False, highlight=False, soft_wrap=True)

        try:
            ingest_items(
                db,
                read_paths(paths, published=pub, outlet=outlet),
                on_error=on_error,
                on_result=on_result,
                on_progress=on_progress,
                summary=summary,
                fuse=fuse,
            )
        except KeyboardInterrupt:
            summary.interrupted = True
        except (NewsEventsError, SQLAlchemyError) as exc:
            progress.stop()
            typer.echo(f"error: {one_line(exc)}", err=True)
            raise typer.Exit(code=2) from None
    for line in summary.lines():
        typer.echo(line)
    typer.echo(f"database: {db.display_url}")
    if summary.interrupted:
        typer.echo(
            "interrupted: everything stored so far is kept; run the same command again to "
            "go on (articles already stored are skipped)",
            err=True,
        )
        raise typer.Exit(code=130)
    if summary.errors:
        raise typer.Exit(code=1)
