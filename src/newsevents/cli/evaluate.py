"""``newsevents eval``: score the extractor on a public gold dataset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from newsevents.errors import NewsEventsError


def eval_command(
    dataset: Annotated[str, typer.Argument(help="Dataset name (muc4, hrdsattack, ...).")],
    data: Annotated[Path, typer.Option(help="Folder of the dataset in its own layout.")],
    split: Annotated[
        Literal["train", "dev", "test", "all"],
        typer.Option(help="Split to read (all: every split, for gvc and gva-pool)."),
    ] = "dev",
    limit: Annotated[int | None, typer.Option(help="Evaluate at most N documents.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print scores as one JSON object.")
    ] = False,
    predictions_out: Annotated[
        Path | None, typer.Option(help="Write predictions in the dataset scorer's format.")
    ] = None,
) -> None:
    """Score extraction on a gold dataset with the metric its authors published."""
    import time

    from newsevents.evaluate import DATASETS, EvalOptions, get_runner

    if dataset not in DATASETS:
        valid = ", ".join(sorted(DATASETS))
        raise typer.BadParameter(f"unknown dataset {dataset!r}; valid datasets: {valid}")
    if not data.exists():
        raise typer.BadParameter(f"data folder {data} does not exist")
    options = EvalOptions(data=data, split=split, limit=limit, predictions_out=predictions_out)
    started = time.perf_counter()
    try:
        report = get_runner(dataset)(options)
    except NewsEventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    report.seconds = report.seconds or time.perf_counter() - started
    if as_json:
        typer.echo(json.dumps(report.to_dict(), sort_keys=True))
        return
    typer.echo(
        f"{report.dataset} ({report.split}, {report.n_docs} documents, {report.seconds:.1f} s)"
    )
    for name, value in report.scores.items():
        typer.echo(f"  {name:<28} {value:6.2f}")
