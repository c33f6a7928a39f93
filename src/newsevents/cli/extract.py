"""``newsevents extract``: read articles, extract events, write JSON lines or a table."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from newsevents.cli.actors import ActorFilesOption
from newsevents.cli.output import event_json, summary_line, write_table
from newsevents.errors import DataFileError, InputError
from newsevents.model import ArticleResult


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


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
) -> None:
    """Extract coded events, each field with its evidence spans, from news articles."""
    from newsevents.extract.article import extract_article
    from newsevents.ingest import read_paths
    from newsevents.resolve.actors import load_kb, use_actor_files

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
    failed = 0
    results: list[ArticleResult] = []
    sink: BinaryIO = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115
    try:
        for item in read_paths(paths, published=pub, outlet=outlet):
            if isinstance(item, InputError):
                failed += 1
                typer.echo(f"error: {item}", err=True)
                continue
            res = extract_article(item)
            typer.echo(summary_line(res), err=True)
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
