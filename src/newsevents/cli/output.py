"""Writing events as JSON lines or as a readable table, and per-article summaries."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import IO

import orjson
import typer
from rich.console import Console
from rich.table import Table

from newsevents.model import ArticleResult, Event, RoleType

#: Exit status when the reader of standard output goes away (`| head`): 128 + SIGPIPE, what
#: cat, grep or git exit with when the signal ends them.
BROKEN_PIPE_STATUS = 141


@contextlib.contextmanager
def closed_pipe_is_quiet() -> Iterator[None]:
    """Stop quietly, with status 141, when standard output's reader stops reading.

    Python ignores SIGPIPE and raises BrokenPipeError instead, which click turns into a bare
    exit status 1. Standard output is pointed at /dev/null so that Python's final flush does
    not fail again and print a traceback.
    """
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(code=BROKEN_PIPE_STATUS) from None


def event_json(event: Event) -> bytes:
    """One event as a JSON line (bytes, with the trailing newline)."""
    return orjson.dumps(event.model_dump(mode="json")) + b"\n"


def _count(event: Event) -> str:
    parts = []
    for cat in ("killed", "injured", "arrested", "kidnapped"):
        c = getattr(event, cat)
        if c is not None:
            if c.low is not None and c.high is not None and c.low != c.high:
                rng = f"{c.low}-{c.high}"
            else:
                rng = str(c.best if c.best is not None else f">={c.low}")
            parts.append(f"{cat} {rng}")
    return ", ".join(parts)


def _names(event: Event, *roles: RoleType) -> str:
    return "; ".join(dict.fromkeys(r.name for r in event.roles if r.role in roles))


def events_table(results: list[ArticleResult]) -> Table:
    """A rich table with one row per event."""
    table = Table(show_lines=True, title="newsevents")
    for col in (
        "article",
        "type / mode",
        "ACLED",
        "who",
        "whom",
        "where",
        "when",
        "counts",
        "modality",
        "claims",
        "according to",
    ):
        table.add_column(col, overflow="fold")
    for res in results:
        for ev in res.events:
            loc = next((p.text for p in ev.places if p.is_event_location), "")
            when = ""
            if ev.time is not None:
                when = (
                    f"{ev.time.start}"
                    if ev.time.start == ev.time.end
                    else (f"{ev.time.start}..{ev.time.end}")
                )
                when += f" ({ev.time.precision.value})"
            table.add_row(
                res.article.id[:10],
                f"{ev.event_type}/{ev.mode or '-'}",
                ev.acled_sub_event_type or "",
                _names(ev, RoleType.perpetrator, RoleType.actor),
                _names(ev, RoleType.victim, RoleType.target, RoleType.detainee, RoleType.recipient),
                loc,
                when,
                _count(ev),
                ev.modality.value,
                "; ".join(c.claimant for c in ev.claims),
                " > ".join(a.source for a in ev.attribution),
            )
    return table


def write_table(results: list[ArticleResult], out: IO[str]) -> None:
    """Print the events table to ``out``."""
    Console(file=out, width=200).print(events_table(results))


def summary_line(res: ArticleResult) -> str:
    """One line per article for stderr: how many events, or why none."""
    name = res.article.source_path or res.article.id
    if res.events:
        types = ", ".join(sorted({e.event_type for e in res.events}))
        return f"{name}: {len(res.events)} event(s) ({types})"
    return f"{name}: no event: {res.reason}"
