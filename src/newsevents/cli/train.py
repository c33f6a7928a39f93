"""``newsevents train``: retrain a shipped model from the shared gold data."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from newsevents.errors import NewsEventsError


def train_command(
    name: Annotated[str, typer.Argument(help="Model to train (factuality, ...).")],
    data: Annotated[Path, typer.Option(help="The shared gold data folder (../shared/data).")],
    seed: Annotated[int, typer.Option(help="Seed of every random choice.")] = 0,
    out: Annotated[
        Path | None,
        typer.Option(help="Folder to write the model to (default: the shipped model's folder)."),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="Use a seeded sample of N items per split (quick checks only)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the scores as one JSON object.")
    ] = False,
) -> None:
    """Train a model on the shared gold data and print its scores (deterministic given --seed)."""
    from newsevents.train.registry import TrainOptions, default_out, get_trainer

    try:
        trainer = get_trainer(name)
    except NewsEventsError as exc:
        raise typer.BadParameter(str(exc)) from None
    if not data.is_dir():
        raise typer.BadParameter(f"data folder {data} does not exist")
    options = TrainOptions(data=data, out=out or default_out(name), seed=seed, limit=limit)
    started = time.perf_counter()
    try:
        result = trainer.run(options)
    except NewsEventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    seconds = time.perf_counter() - started
    if as_json:
        payload = {"name": result.name, "out": str(result.out), "seconds": round(seconds, 1)}
        typer.echo(json.dumps({**payload, "scores": result.scores}, sort_keys=True))
        return
    typer.echo(f"{result.name}: written to {result.out} ({seconds:.0f} s)")
    for note in result.notes:
        typer.echo(f"  {note}")
    for part, values in result.scores.items():
        cells = "  ".join(
            f"{metric} {value:,.0f}" if metric.startswith("n_") else f"{metric} {value:.3f}"
            for metric, value in values.items()
        )
        typer.echo(f"  {part:<16} {cells}")
