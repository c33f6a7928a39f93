"""``newsevents bench crash``: the crash test from the command line (:mod:`newsevents.crash`)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newsevents.cli.verdict import JsonOption, run_check, say
from newsevents.crash.bench import DEFAULT_PG

#: Where the GVA pool is found when --data is not given.
DEFAULT_DATA = Path("../shared/data")


class Backend(StrEnum):
    """The kinds of database the crash test runs on."""

    sqlite = "sqlite"
    postgresql = "postgresql"


def crash_command(
    db: Annotated[
        Backend, typer.Option("--db", help="The kind of database (fresh ones are made).")
    ] = Backend.sqlite,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Run ingest --workers N (a local Dask cluster)."),
    ] = None,
    kills: Annotated[int, typer.Option(min=0, help="SIGKILLs before the last run.")] = 20,
    limit: Annotated[int, typer.Option(min=1, help="Articles of the GVA pool to ingest.")] = 300,
    data: Annotated[
        Path, typer.Option(help="The shared data folder (holds gva-pool/docs.jsonl).")
    ] = DEFAULT_DATA,
    seed: Annotated[int, typer.Option(help="Seed of the kill moments.")] = 0,
    partition_size: Annotated[
        int, typer.Option(min=1, help="Articles per partition with --workers.")
    ] = 4,
    pg: Annotated[
        str | None,
        typer.Option(
            help="PostgreSQL database whose scratch schemas are used with --db postgresql "
            f"(default: $NEWSEVENTS_TEST_PG, else {DEFAULT_PG})."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Kill ingest with SIGKILL at random moments, run it again after each kill, and compare
    the final database with a clean run: articles, events and incident groups must be equal
    (exit status 1 when they are not)."""
    from newsevents.crash.bench import CrashConfig, crash_bench

    docs = data / "gva-pool" / "docs.jsonl"
    if not docs.is_file():
        typer.echo(f"error: {docs}: not found (give the shared data folder with --data)", err=True)
        raise typer.Exit(code=2)
    config = CrashConfig(
        docs=docs,
        backend=db.value,
        workers=workers,
        kills=kills,
        limit=limit,
        seed=seed,
        partition_size=partition_size,
        pg_url=pg or os.environ.get("NEWSEVENTS_TEST_PG", DEFAULT_PG),
        log=say,
    )
    run_check(lambda: crash_bench(config), passed="identical", as_json=as_json)


__all__ = ["crash_command"]
