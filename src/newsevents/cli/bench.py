"""``newsevents bench``: throughput, memory and time per stage, against bare spaCy.

``newsevents bench store``: insert rate, query time and size of the event database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newsevents.cli.bench_length import bench_length_command
from newsevents.cli.crash import crash_command
from newsevents.cli.fuzz_api import bench_fuzz_api_command
from newsevents.cli.hostile import bench_hostile_command
from newsevents.cluster.partitions import PARTITION_SIZE

if TYPE_CHECKING:
    from newsevents.model import ArticleResult

bench_app = typer.Typer(
    help="Measure extraction speed (--data DIR) or the event database (store).",
    add_completion=False,
    invoke_without_command=True,
)


def _print(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result, sort_keys=True))
        return
    for key, value in result.items():
        typer.echo(f"{key:<32} {value}")


@bench_app.callback()
def bench_command(
    ctx: typer.Context,
    data: Annotated[
        Path | None, typer.Option(help="The shared data folder (holds muc4/, hrdsattack/).")
    ] = None,
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
    if ctx.invoked_subcommand is not None:
        return
    if data is None:
        raise typer.BadParameter(
            "give the shared data folder (--data DIR), or run `newsevents bench store`",
            param_hint="--data",
        )
    from newsevents.bench import bench_texts, load_bench_texts

    texts = load_bench_texts(data, limit=limit)
    if not texts:
        typer.echo(f"error: no benchmark articles found under {data}", err=True)
        raise typer.Exit(code=2)
    _print(bench_texts(texts, workers=workers, repeat=repeat), as_json)


def _templates(samples: list[str] | None) -> list[ArticleResult]:
    """The extracted sample articles the synthetic events vary; exit 2 when none has one."""
    from newsevents.errors import InputError
    from newsevents.extract.article import extract_article
    from newsevents.ingest import read_paths

    templates = []
    for item in read_paths(samples or ["samples"]):
        if isinstance(item, InputError):
            typer.echo(f"error: {item}", err=True)
            continue
        templates.append(extract_article(item))
    if not any(t.events for t in templates):
        typer.echo("error: the samples gave no event to vary (use --samples PATH)", err=True)
        raise typer.Exit(code=2)
    return templates


@bench_app.command("store")
def bench_store_command(
    events: Annotated[int, typer.Option(min=1, help="Events to synthesise and store.")] = 100_000,
    db_url: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database to fill (it should be empty). Default: a new SQLite file in a "
            "temporary folder, removed afterwards.",
        ),
    ] = None,
    samples: Annotated[
        list[str] | None,
        typer.Option(help="Articles whose extracted events are varied (default: samples/)."),
    ] = None,
    batch: Annotated[
        int, typer.Option(min=1, help="Articles per transaction in the bulk part.")
    ] = 5000,
    seed: Annotated[int, typer.Option(help="Seed of the synthesis.")] = 0,
    fuse: Annotated[
        bool,
        typer.Option(
            "--fuse/--no-fuse",
            help="Fuse the synthetic events into incidents (off by default: they vary a few "
            "texts; fusion is timed on real articles by `newsevents eval gvc`).",
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print results as one JSON object.")
    ] = False,
) -> None:
    """Store N synthetic events (varied real ones) and time inserts, queries and file size."""
    import tempfile

    from newsevents.errors import NewsEventsError
    from newsevents.store.bench import bench_store
    from newsevents.store.db import open_database

    templates = _templates(samples)
    with tempfile.TemporaryDirectory(prefix="newsevents-bench-") as tmp:
        url = db_url or str(Path(tmp) / "bench.db")
        try:
            with open_database(url) as db:
                result = bench_store(db, templates, events, batch_size=batch, seed=seed, fuse=fuse)
        except NewsEventsError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(code=2) from None
    _print(result, as_json)


@bench_app.command("api")
def bench_api_command(
    events: Annotated[int, typer.Option(min=1, help="Synthetic events to store.")] = 100_000,
    rate: Annotated[float, typer.Option(min=1, help="Requests per second to send.")] = 200,
    seconds: Annotated[float, typer.Option(min=1, help="Seconds to send them for.")] = 30,
    limit: Annotated[
        int, typer.Option(min=1, max=1000, help="Events per page (the web page's list: 50).")
    ] = 50,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Server processes (newsevents serve --workers); default one per core.",
        ),
    ] = None,
    samples: Annotated[
        list[str] | None,
        typer.Option(help="Articles whose extracted events are varied (default: samples/)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the synthesis and of the request mix.")] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print results as one JSON object.")
    ] = False,
) -> None:
    """Serve N synthetic events and measure /api/events at a fixed request rate."""
    from newsevents.api.bench import bench_api

    templates = _templates(samples)

    def say(message: str) -> None:
        typer.echo(message, err=True)

    try:
        result = bench_api(
            templates,
            events,
            rate=rate,
            seconds=seconds,
            limit=limit,
            workers=workers or os.cpu_count() or 1,
            seed=seed,
            progress=say,
        )
    except RuntimeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    _print(result, as_json)


@bench_app.command("cluster")
def bench_cluster_command(
    paths: Annotated[list[str], typer.Argument(help="Articles: files or directories.")],
    workers: Annotated[
        list[int] | None,
        typer.Option(min=1, help="Worker processes; repeat to compare (default: 1 and 2)."),
    ] = None,
    partition_size: Annotated[
        int, typer.Option(min=1, help="Articles per partition.")
    ] = PARTITION_SIZE,
    limit: Annotated[int | None, typer.Option(min=1, help="Use at most N articles.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print results as one JSON object.")
    ] = False,
) -> None:
    """Ingest the same articles on local Dask clusters of each size: throughput, scaling,
    memory per worker."""
    from newsevents.cluster.bench import bench_cluster

    result = bench_cluster(
        paths,
        workers or [1, 2],
        partition_size=partition_size,
        limit=limit,
        progress=lambda message: typer.echo(message, err=True),
    )
    _print(result, as_json)


bench_app.command("hostile")(bench_hostile_command)
bench_app.command("length")(bench_length_command)
bench_app.command("fuzz-api")(bench_fuzz_api_command)


bench_app.command("crash")(crash_command)
