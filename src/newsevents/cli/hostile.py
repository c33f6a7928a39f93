"""``newsevents bench hostile``: ingest a generated corpus of hostile inputs and check that
nothing stops the batch (see :mod:`newsevents.hostile.run`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def bench_hostile_command(
    count: Annotated[int, typer.Option(min=1, help="Inputs in the corpus.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the corpus (same seed, same corpus).")] = 0,
    keep: Annotated[
        Path | None,
        typer.Option(help="Write the corpus and database in DIR and keep them (else a temp dir)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print results as one JSON object.")
    ] = False,
) -> None:
    """Ingest a generated corpus of hostile inputs (bad encodings, special files, malformed
    JSON lines, dates out of range...) with good articles mixed in, and check that every bad
    input is one error line, every good one is stored and nothing stored before is lost.
    Exits 1 when a check fails."""
    from newsevents.hostile.run import run_hostile

    report = run_hostile(count, seed, keep, say=lambda line: typer.echo(line, err=True))
    if as_json:
        typer.echo(json.dumps(report, sort_keys=True))
    else:
        for key, value in report.items():
            if isinstance(value, list):
                typer.echo(f"{key}:")
                for item in value:
                    typer.echo(f"  {item}")
            else:
                typer.echo(f"{key:<32} {value}")
    if not report["ok"]:
        raise typer.Exit(code=1)
