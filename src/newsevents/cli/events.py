"""``newsevents events``: find stored events by actor, type, country, dates, place or words."""

from __future__ import annotations

import csv
import io
import sys
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

import typer

from newsevents.cli.extract import min_confidence_value
from newsevents.cli.filters import (
    ActorOption,
    CountryOption,
    NearOption,
    SinceOption,
    TextOption,
    TypeOption,
    UntilOption,
    parse_option_date,
)
from newsevents.cli.ingest import DbOption
from newsevents.errors import NewsEventsError

if TYPE_CHECKING:
    from newsevents.model import Event
    from newsevents.store.query import EventFilter, EventHit

Format = Literal["table", "jsonl", "csv"]
FORMATS: tuple[str, ...] = get_args(Format)
#: Events a table shows when --limit is not given; jsonl and csv write every match.
TABLE_LIMIT = 100
_AGENTS = ("perpetrator", "actor", "claimant")
_OBJECTS = ("target", "victim", "detainee", "recipient")
#: Columns of ``--format csv``; the first ones are those analysis tools detect by name.
CSV_COLUMNS = (
    "event_date", "latitude", "longitude", "country_iso3", "admin1", "fatalities", "source",
    "notes", "event_id", "incident_id", "article_id", "event_date_end", "date_precision",
    "event_type", "mode", "acled_event_type", "acled_sub_event_type", "cameo_code", "modality",
    "actor1", "actor1_ids", "actor2", "actor2_ids", "claimed_by", "location", "geo_precision",
    "fatalities_low", "fatalities_high", "injured", "arrested", "kidnapped", "confidence", "url",
)  # fmt: skip


#: ``--min-confidence`` of the commands that read stored events: what was stored was cut at
#: ingest already, so the default keeps it all.
StoredMinConfidenceOption = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        metavar="FLOAT",
        callback=min_confidence_value,
        help="Only events whose stored confidence (0..1) is at least this; 0 keeps every "
        "stored event.",
    ),
]


def build_filter(**values: Any) -> EventFilter:
    """An EventFilter from option values; a bad value is a usage error naming its option."""
    from pydantic import ValidationError

    from newsevents.store.query import EventFilter

    try:
        return EventFilter(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = error.get("loc") or ()
        option = f"--{loc[0]}" if loc else "--since/--until"
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        raise typer.BadParameter(message, param_hint=option) from None


def filter_from_options(
    *,
    actor: str | None,
    event_type: str | None,
    country: str | None,
    since: str | None,
    until: str | None,
    near: str | None,
    text: str | None,
    min_confidence: float = 0.0,
) -> EventFilter:
    """The EventFilter of the shared filter options (``cli/filters.py``) and
    ``--min-confidence``, as typed."""
    return build_filter(
        actor=actor,
        type=event_type,
        country=country,
        since=parse_option_date(since, "--since"),
        until=parse_option_date(until, "--until"),
        near=near,
        text=text,
        min_confidence=min_confidence,
    )


def _names(event: Event, roles: tuple[str, ...]) -> str:
    return "; ".join(dict.fromkeys(r.name for r in event.roles if r.role.value in roles))


def _ids(event: Event, roles: tuple[str, ...]) -> str:
    ids = (r.actor_id for r in event.roles if r.role.value in roles and r.actor_id)
    return "; ".join(dict.fromkeys(ids))


def flat_row(hit: EventHit) -> dict[str, Any]:
    """One event as a flat row (the ``--format csv`` columns)."""
    from newsevents.store.rows import event_location

    ev = hit.event
    place = event_location(ev)
    time = ev.time
    killed = ev.killed
    return {
        "event_date": time.start.isoformat() if time else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "country_iso3": place.country_iso3 if place else None,
        "admin1": place.admin1 if place else None,
        "fatalities": hit.columns.get("fatalities"),
        "source": hit.outlet,
        "notes": ev.sentences[0].text if ev.sentences else None,
        "event_id": ev.id,
        "incident_id": hit.incident_id,
        "article_id": ev.article_id,
        "event_date_end": time.end.isoformat() if time else None,
        "date_precision": time.precision.value if time else None,
        "event_type": ev.event_type,
        "mode": ev.mode,
        "acled_event_type": ev.acled_event_type,
        "acled_sub_event_type": ev.acled_sub_event_type,
        "cameo_code": ev.cameo_code,
        "modality": ev.modality.value,
        "actor1": _names(ev, _AGENTS),
        "actor1_ids": _ids(ev, _AGENTS),
        "actor2": _names(ev, _OBJECTS),
        "actor2_ids": _ids(ev, _OBJECTS),
        "claimed_by": "; ".join(c.claimant for c in ev.claims),
        "location": (place.name or place.text) if place else None,
        "geo_precision": place.precision if place else None,
        "fatalities_low": killed.low if killed else None,
        "fatalities_high": killed.high if killed else None,
        "injured": ev.injured.best if ev.injured else None,
        "arrested": ev.arrested.best if ev.arrested else None,
        "kidnapped": ev.kidnapped.best if ev.kidnapped else None,
        "confidence": ev.confidence,
        "url": hit.url,
    }


def _write_csv(hits: list[EventHit]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for hit in hits:
        writer.writerow(flat_row(hit))
    sys.stdout.write(buffer.getvalue())


def _write_table(hits: list[EventHit], more: bool, limit: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=True, title=f"{len(hits)} event(s)")
    for column in ("date", "type / mode", "who", "whom", "where", "killed", "modality",
                   "source", "incident", "event"):  # fmt: skip
        table.add_column(column, overflow="fold")
    for hit in hits:
        row = flat_row(hit)
        where = ", ".join(str(v) for v in (row["location"], row["country_iso3"]) if v)
        table.add_row(
            row["event_date"] or "",
            f"{row['event_type']}/{row['mode'] or '-'}",
            row["actor1"],
            row["actor2"],
            where,
            "" if row["fatalities"] is None else str(row["fatalities"]),
            row["modality"],
            row["source"] or "",
            str(hit.incident_id or ""),
            row["event_id"],
        )
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(table)
    if more:
        console.print(f"more events match; showing the first {limit} (use --limit N, 0 for all)")


def _limit_for(fmt: str, limit: int | None) -> int:
    """The --limit in force: the first 100 events for a table to read, all for a file."""
    if limit is not None:
        return limit
    return TABLE_LIMIT if fmt == "table" else 0


def events_command(
    actor: ActorOption = None,
    event_type: TypeOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    near: NearOption = None,
    text: TextOption = None,
    min_confidence: StoredMinConfidenceOption = 0.0,
    db_url: DbOption = None,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            help="table to read, jsonl (canonical records) or csv (flat rows).",
        ),
    ] = "table",
    limit: Annotated[
        int | None,
        typer.Option(
            min=0,
            show_default=False,
            help="At most N events; 0 for all. Default: 100 for table, all for jsonl and csv.",
        ),
    ] = None,
) -> None:
    """Find stored events, newest first, by actor, type, country, dates, place or words."""
    from sqlalchemy.exc import SQLAlchemyError

    from newsevents.cli.output import closed_pipe_is_quiet, event_json
    from newsevents.store.db import one_line, open_database
    from newsevents.store.query import query_events

    limit = _limit_for(fmt, limit)
    flt = filter_from_options(
        actor=actor, event_type=event_type, country=country, since=since, until=until,
        near=near, text=text, min_confidence=min_confidence,
    )  # fmt: skip
    try:
        with open_database(db_url, create=False) as db, db.session() as session:
            hits = query_events(session, flt, limit=limit + 1 if limit else None)
    except (NewsEventsError, SQLAlchemyError) as exc:
        typer.echo(f"error: {one_line(exc)}", err=True)
        raise typer.Exit(code=2) from None
    more = bool(limit) and len(hits) > limit
    hits = hits[:limit] if limit else hits
    with closed_pipe_is_quiet():
        if fmt == "jsonl":
            for hit in hits:
                sys.stdout.buffer.write(event_json(hit.event))
        elif fmt == "csv":
            _write_csv(hits)
        elif hits:
            _write_table(hits, more, limit)
    if not hits:
        typer.echo("no stored event matches", err=True)
    elif more and fmt != "table":
        # Never stop silently: a file cut at --limit must say so where the user looks.
        typer.echo(
            f"more events match; wrote the first {limit} (use --limit N, 0 for all)", err=True
        )
