"""``newsevents extract``: read articles, extract events, write JSON lines or a table."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from newsevents.cli.actors import ActorFilesOption
from newsevents.cli.output import event_json, summary_line, write_table
from newsevents.decide import (
    DEFAULT_MIN_CONFIDENCE,
    check_min_confidence,
    confident_result,
    held_back_note,
)
from newsevents.errors import DataFileError, InputError, NewsEventsError
from newsevents.ingest.fields import FieldKeys
from newsevents.limits import date_in_range, date_out_of_range_reason
from newsevents.model import Article, ArticleResult


def _parse_date(value: str | None) -> dt.date | None:
    """The ``--published`` date; one outside the accepted years is dropped with a warning."""
    if value is None:
        return None
    try:
        found = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None
    if not date_in_range(found):
        typer.echo(f"warning: --published: {date_out_of_range_reason(found)}", err=True)
        return None
    return found


def min_confidence_value(value: float) -> float:
    """The ``--min-confidence`` callback: a number from 0 to 1, else a usage error."""
    try:
        return check_min_confidence(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--min-confidence") from None


#: ``--min-confidence`` of the commands that extract events (default
#: :data:`~newsevents.decide.DEFAULT_MIN_CONFIDENCE`).
FieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        help="Read a field of JSON records from another key: NAME=KEY (NAME one of text, "
        "title, url, id, outlet, published, tags; KEY dotted for nested objects, e.g. "
        "text=sample.text); repeat for several.",
    ),
]


def parse_fields(values: list[str] | None) -> FieldKeys:
    """The ``--field`` options as the keys JSON records are read with (exit 2 when bad)."""
    from newsevents.ingest.fields import parse_field_options

    try:
        return parse_field_options(values or [])
    except NewsEventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None


MinConfidenceOption = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        metavar="FLOAT",
        callback=min_confidence_value,
        help="Keep only the events whose confidence (0..1, the probability that the record "
        "is a real, correctly typed incident) is at least this; higher favours precision, "
        "lower recall; 0 keeps every event.",
    ),
]


def _warn(name: str, reason: str) -> None:
    typer.echo(f"warning: {name}: {reason}", err=True)


def extract_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD for inputs without one.")
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Publishing outlet for inputs without one.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl (default) or table.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    actor_files: ActorFilesOption = None,
    min_confidence: MinConfidenceOption = DEFAULT_MIN_CONFIDENCE,
    field: FieldOption = None,
) -> None:
    """Extract coded events, each field with its evidence spans, from news articles."""
    from newsevents.ingest import read_paths
    from newsevents.ingest.batch import extract_safely
    from newsevents.ingest.notices import warnings_to
    from newsevents.resolve.actors import load_kb, use_actor_files
    from newsevents.store.load import EXTRACT_BATCH

    if actor_files:
        use_actor_files(actor_files)
    try:
        load_kb()
    except DataFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None

    if fmt not in ("jsonl", "table"):
        raise typer.BadParameter(f"unknown format {fmt!r}; valid formats: jsonl, table")
    pub = _parse_date(published)
    fields = parse_fields(field)
    failed = 0

    def report(error: InputError) -> None:
        nonlocal failed
        failed += 1
        typer.echo(f"error: {error}", err=True)

    def articles() -> Iterator[Article]:
        for item in read_paths(paths, published=pub, outlet=outlet, fields=fields):
            if isinstance(item, InputError):
                report(item)
            else:
                yield item

    results: list[ArticleResult] = []
    sink: BinaryIO = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115
    try:
        with warnings_to(_warn):
            for found in extract_safely(articles(), batch_size=EXTRACT_BATCH, on_error=report):
                res, held = confident_result(found, min_confidence)
                # With no event left, the reason says how many were left out.
                note = f" ({held_back_note(held, min_confidence)})" if held and res.events else ""
                typer.echo(summary_line(res) + note, err=True)
                if fmt == "jsonl":
                    for ev in res.events:
                        sink.write(event_json(ev))
                    sink.flush()
                else:
                    results.append(res)
        if fmt == "table":
            import io

            buf = io.StringIO()
            write_table(results, buf)
            sink.write(buf.getvalue().encode())
    finally:
        if output:
            sink.close()
    if failed:
        raise typer.Exit(code=1)
