"""``newsevents bench``: throughput, memory and time per stage, against bare spaCy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def bench_command(
    data: Annotated[Path, typer.Option(help="The shared data folder (holds muc4/, hrdsattack/).")],
    limit: Annotated[int | None, typer.Option(help="Use at most N articles.")] = None,
    workers: Annotated[int, typer.Option(help="Processes to use (both cores: 2).")] = 2,
    repeat: Annotated[
        int, typer.Option(min=1, help="Alternate the two passes N times; report medians.")
    ] = 1,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print results as one JSON object.")
    ] = False,
) -> None:
    """Measure end-to-end extraction speed against spaCy's bare nlp.pipe on the same texts."""
    from newsevents.bench import bench_texts, load_bench_texts

    texts = load_bench_texts(data, limit=limit)
    if not texts:
        typer.echo(f"error: no benchmark articles found under {data}", err=True)
        raise typer.Exit(code=2)
    result = bench_texts(texts, workers=workers, repeat=repeat)
    if as_json:
        typer.echo(json.dumps(result, sort_keys=True))
        return
    for key, value in result.items():
        typer.echo(f"{key:<32} {value}")
