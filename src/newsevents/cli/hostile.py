"""``newsevents bench hostile``: ingest a generated corpus of hostile inputs and check that
nothing stops the batch (see :mod:`newsevents.hostile.run`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsevents.cli.verdict import JsonOption, run_check, say


def bench_hostile_command(
    count: Annotated[int, typer.Option(min=1, help="Inputs in the corpus.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the corpus (same seed, same corpus).")] = 0,
    keep: Annotated[
        Path | None,
        typer.Option(help="Write the corpus and database in DIR and keep them (else a temp dir)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest a generated corpus of hostile inputs (bad encodings, special files, malformed
    JSON lines, dates out of range...) with good articles mixed in, and check that every bad
    input is one error line, every good one is stored and nothing stored before is lost.
    Exits 1 when a check fails."""
    from newsevents.hostile.run import run_hostile

    run_check(lambda: run_hostile(count, seed, keep, say=say), passed="ok", as_json=as_json)
