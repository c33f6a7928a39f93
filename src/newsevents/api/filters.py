"""Query parameters -> :class:`newsevents.store.query.EventFilter`, with 400s that name them.

The parameters mean what the options of ``newsevents events`` mean (``actor``, ``type``,
``country``, ``since``, ``until``, ``near``, ``text``, ``min_confidence``); the filter's own
validation gives the valid values. Parameters an endpoint does not know are refused too: a
misspelt ``contry=MLI`` would otherwise silently list every event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import ValidationError

from newsevents.api.errors import bad_parameter
from newsevents.store.query import EventFilter

#: The filter parameters, as named in the query string.
FILTER_PARAMS = ("actor", "type", "country", "since", "until", "near", "text", "min_confidence")


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise bad_parameter(name, f"{value!r} is not a date; use YYYY-MM-DD") from None


def _number(value: str | None, name: str) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise bad_parameter(name, f"{value!r} is not a number") from None


def _blank(value: str | None) -> str | None:
    # An empty form field (``?country=``) means "no filter", as the web page sends it.
    return value if value is not None and value.strip() else None


def check_params(request: Request, allowed: Iterable[str]) -> None:
    """Refuse query parameters outside ``allowed`` (400 naming them and the valid ones)."""
    known = set(allowed)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise bad_parameter(
            unknown[0], f"unknown parameter; valid parameters: {', '.join(sorted(known))}"
        )


async def event_filter(
    actor: Annotated[
        str | None, Query(description="A participant: canonical name, alias or words.")
    ] = None,
    type: Annotated[
        str | None, Query(description="PLOVER event type (ASSAULT, COERCE, ...) or TYPE/MODE.")
    ] = None,
    country: Annotated[
        str | None, Query(description="Country of the event place: ISO3 code or name.")
    ] = None,
    since: Annotated[str | None, Query(description="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="Events on or before YYYY-MM-DD.")] = None,
    near: Annotated[
        str | None, Query(description="LAT,LON,KM: events within KM kilometres of a point.")
    ] = None,
    text: Annotated[
        str | None, Query(description="Words the event's sentences or names hold (all).")
    ] = None,
    min_confidence: Annotated[
        str | None,
        Query(
            description="Events whose confidence is at least this (0..1). Events were cut "
            "when they were stored, so the default, 0, lists every stored event.",
        ),
    ] = None,
) -> EventFilter:
    """The filter of a request; a bad value is a 400 naming the parameter.

    ``async`` although it awaits nothing: FastAPI runs a plain function dependency in a
    worker thread, and the hop there and back costs more than building the filter.
    """
    try:
        return EventFilter(
            actor=_blank(actor),
            type=_blank(type),
            country=_blank(country),
            since=_date(since, "since"),
            until=_date(until, "until"),
            near=_blank(near),
            text=_blank(text),
            min_confidence=_number(min_confidence, "min_confidence"),
        )
    except ValidationError as exc:
        problem = exc.errors()[0]
        loc = problem.get("loc") or ()
        name = str(loc[0]) if loc else "since/until"
        message = str(problem.get("msg", "invalid value")).removeprefix("Value error, ")
        raise bad_parameter(name, message) from None


#: The filter, as an endpoint parameter.
FilterDep = Annotated[EventFilter, Depends(event_filter)]
