"""``newsevents export``: stored incidents as ACLED CSV, PLOVER JSONL, GeoJSON, CSV or Parquet."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, BinaryIO, Literal, get_args

import typer

from newsevents.cli.events import StoredMinConfidenceOption, filter_from_options
from newsevents.cli.filters import (
    ActorOption,
    CountryOption,
    NearOption,
    SinceOption,
    TextOption,
    TypeOption,
    UntilOption,
)
from newsevents.cli.ingest import DbOption
from newsevents.errors import NewsEventsError

#: The ``--format`` names, listed here so that ``--help`` needs no import of the exporters.
Format = Literal["acled-csv", "plover-jsonl", "geojson", "csv", "parquet"]
FORMAT_NAMES: tuple[str, ...] = get_args(Format)


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[BinaryIO]:
    """Standard output, or a file that appears only once it is complete.

    The export goes to a temporary file beside ``path``, renamed over it at the end, so that a
    failed or interrupted export never leaves a truncated file that looks finished.
    """
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.flush()
        return
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as out:
            yield out
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def export_command(
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            help="acled-csv, plover-jsonl, geojson, csv, or parquet (only with -o FILE).",
        ),
    ],
    actor: ActorOption = None,
    event_type: TypeOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    near: NearOption = None,
    text: TextOption = None,
    min_confidence: StoredMinConfidenceOption = 0.0,
    db_url: DbOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write (default: standard output).", dir_okay=False
        ),
    ] = None,
) -> None:
    """Export stored incidents, one record each; an incident is kept when any event matches
    (with --min-confidence, any event at least that confident).

    The columns of every format are documented in docs/export.md.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from newsevents.cli.output import closed_pipe_is_quiet
    from newsevents.export.formats import get_format
    from newsevents.export.read import read_incidents
    from newsevents.store.db import one_line, open_database

    try:
        chosen = get_format(fmt)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from None
    if chosen.binary and output is None:
        raise typer.BadParameter(
            f"{chosen.name} is a binary format; name the file to write with -o FILE",
            param_hint="--output",
        )
    if output is not None and not output.parent.is_dir():
        raise typer.BadParameter(f"no folder {output.parent}", param_hint="--output")
    flt = filter_from_options(
        actor=actor, event_type=event_type, country=country, since=since, until=until,
        near=near, text=text, min_confidence=min_confidence,
    )  # fmt: skip
    try:
        # The reader may stop early (`| head`): stop quietly, as Unix tools do.
        with (
            closed_pipe_is_quiet(),
            open_database(db_url, create=False) as db,
            db.session() as session,
            _output(output) as out,
        ):
            stats = chosen.write(read_incidents(session, flt), out)
    except (NewsEventsError, SQLAlchemyError, OSError) as exc:
        typer.echo(f"error: {one_line(exc)}", err=True)
        raise typer.Exit(code=2) from None
    where = str(output) if output is not None else "standard output"
    typer.echo(f"{stats.written} incident(s) written as {chosen.name} to {where}", err=True)
    if stats.skipped:
        typer.echo(f"{stats.skipped} incident(s) left out: no coordinates", err=True)
