"""``newsevents bench length``: extraction time and peak memory against article length."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from newsevents.bench_length import DEFAULT_SIZES


def bench_length_command(
    sizes: Annotated[
        str,
        typer.Option(help="Text lengths, comma-separated (k = 1,000 characters, m = 1,000,000)."),
    ] = DEFAULT_SIZES,
    data: Annotated[
        Path, typer.Option(help="The shared data folder (holds hrdsattack/, muc4/).")
    ] = Path("../shared/data"),
    as_json: Annotated[
        bool, typer.Option("--json", help="Print results as one JSON object.")
    ] = False,
) -> None:
    """Time extraction and peak memory of texts of each length, each in a fresh process."""
    from newsevents.bench_length import bench_length, format_table, parse_sizes

    try:
        lengths = parse_sizes(sizes)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--sizes") from None
    try:
        result = bench_length(data, lengths)
    except FileNotFoundError as exc:
        typer.echo(f"skipped: {exc}", err=True)
        raise typer.Exit(code=0) from None
    if as_json:
        typer.echo(json.dumps(result, sort_keys=True))
        return
    typer.echo(format_table(result))
    if result["linearity"]:
        typer.echo(f"linearity (longest against next longest): {result['linearity']}")
