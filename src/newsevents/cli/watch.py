"""``newsevents watch``: poll feeds and folders, store and fuse what is new, until stopped."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console

from newsevents.cli.actors import ActorFilesOption
from newsevents.cli.extract import MinConfidenceOption
from newsevents.cli.ingest import DbOption, FuseOption, VerboseOption, open_for_ingest
from newsevents.cli.output import summary_line
from newsevents.decide import DEFAULT_MIN_CONFIDENCE
from newsevents.errors import NewsEventsError
from newsevents.model import ArticleResult
from newsevents.store.write import StoreOutcome
from newsevents.watch.fetch import DEFAULT_MAX_PAGE_BYTES, DEFAULT_USER_AGENT


def _duration(value: str, option: str) -> float:
    from newsevents.watch.durations import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def _catch_ctrl_c(stop: threading.Event, console: Console) -> Callable[[], None]:
    """Make the first Ctrl-C a request to stop after the current article, the second one
    immediate; returns the function that restores the previous handler."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGINT)

    def handler(_signum: int, _frame: Any) -> None:
        stop.set()
        signal.signal(signal.SIGINT, previous)
        console.print(
            "stopping after the current article (Ctrl-C again to stop at once)",
            markup=False,
            highlight=False,
        )

    def restore() -> None:
        signal.signal(signal.SIGINT, previous)

    signal.signal(signal.SIGINT, handler)
    return restore


def watch_command(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="RSS/Atom feed URLs (http, https), feed files (a path or file:// URL) "
            "and folders where article files appear.",
            metavar="SOURCE",
            show_default=False,
        ),
    ],
    every: Annotated[
        str, typer.Option(help="Time between two polls of a source: 90s, 15m, 1h30m, 1d.")
    ] = "15m",
    once: Annotated[
        bool, typer.Option("--once", help="Poll every source once, then stop.")
    ] = False,
    db_url: DbOption = None,
    fetch: Annotated[
        bool,
        typer.Option(
            "--fetch/--no-fetch",
            help="Fetch the page each feed entry links to (default), or read only the "
            "entry's own text.",
        ),
    ] = True,
    per_host_interval: Annotated[
        float,
        typer.Option(min=0.0, help="Least seconds between two requests to the same host."),
    ] = 1.0,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds to wait for a server to answer.")
    ] = 30.0,
    retries: Annotated[
        int,
        typer.Option(min=0, help="Further attempts after a timeout, 429 or 5xx, with backoff."),
    ] = 2,
    user_agent: Annotated[
        str, typer.Option(help="User-Agent of the requests; add a contact for the sites.")
    ] = DEFAULT_USER_AGENT,
    max_page_bytes: Annotated[
        int,
        typer.Option(
            min=1024,
            help="Largest feed or page read, in bytes once decompressed; reading stops there "
            "and the item fails.",
        ),
    ] = DEFAULT_MAX_PAGE_BYTES,
    source_budget: Annotated[
        str,
        typer.Option(
            help="Longest one poll of one source may take (90s, 5m); a slower one stops "
            "there and goes on at its next poll.",
        ),
    ] = "5m",
    ignore_robots: Annotated[
        bool,
        typer.Option(
            "--ignore-robots",
            help="Do not consult robots.txt before fetching (only for sites you own or may "
            "crawl anyway).",
        ),
    ] = False,
    actor_files: ActorFilesOption = None,
    fuse: FuseOption = True,
    verbose: VerboseOption = False,
    min_confidence: MinConfidenceOption = DEFAULT_MIN_CONFIDENCE,
) -> None:
    """Poll feeds and folders for new articles, extract, store and fuse them (what was seen
    is remembered in the database across restarts)."""
    from sqlalchemy.exc import SQLAlchemyError

    from newsevents.store.db import one_line
    from newsevents.watch.fetch import Fetcher, FetchSettings
    from newsevents.watch.loop import Watcher, WatchSettings
    from newsevents.watch.poll import Poller, PollOptions
    from newsevents.watch.sources import SourceSpecError, parse_sources

    interval = _duration(every, "--every")
    budget = _duration(source_budget, "--source-budget")
    try:
        watched = parse_sources(sources)
    except SourceSpecError as exc:
        raise typer.BadParameter(str(exc), param_hint="SOURCE") from None
    db = open_for_ingest(db_url, actor_files)

    console = Console(stderr=True)

    def log(line: str) -> None:
        console.print(line, markup=False, highlight=False, soft_wrap=True)

    def on_result(result: ArticleResult, outcome: StoreOutcome) -> None:
        if verbose:
            article = result.article
            name = article.url or article.source_path or article.id
            log(summary_line(result) if outcome.stored else f"{name}: {outcome.reason}")

    settings = FetchSettings(
        connect_timeout=min(10.0, timeout),
        read_timeout=timeout,
        retries=retries,
        per_host_interval=per_host_interval,
        user_agent=user_agent,
        max_bytes=max_page_bytes,
    )
    stop = threading.Event()
    restore = _catch_ctrl_c(stop, console)
    try:
        with db, Fetcher(settings) as fetcher:
            poller = Poller(
                db, fetcher,
                PollOptions(
                    fetch_pages=fetch, fuse=fuse, obey_robots=not ignore_robots,
                    source_budget=budget, min_confidence=min_confidence,
                ),
                stop=stop, log=log, on_result=on_result,
            )  # fmt: skip
            watcher = Watcher(poller, watched, WatchSettings(every=interval, once=once), log=log)
            try:
                summary = watcher.run()
            except KeyboardInterrupt:
                summary = watcher.summary
                summary.interrupted = True
            except (NewsEventsError, SQLAlchemyError) as exc:
                typer.echo(f"error: {one_line(exc)}", err=True)
                raise typer.Exit(code=2) from None
    finally:
        restore()
    for line in summary.lines():
        typer.echo(line)
    typer.echo(f"database: {db.display_url}")
    if summary.interrupted:
        typer.echo(
            "stopped: everything stored so far is kept; run the same command again to go on",
            err=True,
        )
        raise typer.Exit(code=130 if once else 0)
    if summary.failed_polls or summary.ingest.errors:
        raise typer.Exit(code=1)
