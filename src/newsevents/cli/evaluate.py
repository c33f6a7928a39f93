"""``newsevents eval``: score the extractor on a public gold dataset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer

from newsevents.errors import NewsEventsError

# Datasets whose runner reads EvalOptions.min_confidence.
_MIN_CONFIDENCE_DATASETS = frozenset({"coder"})


def eval_command(
    dataset: Annotated[str, typer.Argument(help="Dataset name (muc4, hrdsattack, ...).")],
    data: Annotated[Path, typer.Option(help="Folder of the dataset in its own layout.")],
    split: Annotated[
        Literal["train", "dev", "test", "all", "lgl", "tr-news", "geovirus"],
        typer.Option(
            help="Split to read (all: every split, for gvc and gva-pool; every article of "
            "the incidents, for gva-records; lgl, tr-news or geovirus: the corpus, for "
            "geoparsing)."
        ),
    ] = "dev",
    limit: Annotated[int | None, typer.Option(help="Evaluate at most N documents.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print scores as one JSON object.")
    ] = False,
    predictions_out: Annotated[
        Path | None, typer.Option(help="Write predictions in the dataset scorer's format.")
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Drop events below this confidence (coder)."),
    ] = None,
    details: Annotated[
        bool, typer.Option("--details", help="Also print the per-document listing.")
    ] = False,
) -> None:
    """Score extraction on a gold dataset with the metric its authors published."""
    import importlib
    import time

    from newsevents.evaluate import DATASETS, EvalOptions, get_runner

    if dataset not in DATASETS:
        valid = ", ".join(sorted(DATASETS))
        raise typer.BadParameter(f"unknown dataset {dataset!r}; valid datasets: {valid}")
    if not data.exists():
        raise typer.BadParameter(f"data folder {data} does not exist")
    if min_confidence is not None and dataset not in _MIN_CONFIDENCE_DATASETS:
        raise typer.BadParameter(f"--min-confidence is not used by {dataset!r}")
    options = EvalOptions(
        data=data,
        split=split,
        limit=limit,
        predictions_out=predictions_out,
        min_confidence=min_confidence,
    )
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
    if details:
        # A dataset module may format its own listing; the others print their details.
        formatter = getattr(importlib.import_module(DATASETS[dataset]), "format_details", None)
        listing = formatter(report) if formatter else json.dumps(report.details, indent=2)
        typer.echo(listing)
