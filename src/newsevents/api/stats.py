"""``GET /api/stats``: counts of matching events by type, by country and over time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import ColumnElement, and_, func, select

from newsevents.api.deps import SessionDep, counts
from newsevents.api.errors import bad_parameter
from newsevents.api.filters import FILTER_PARAMS, FilterDep, check_params
from newsevents.api.responses import JSONBody, ok
from newsevents.store.query import filter_terms, resolve_actor_ids
from newsevents.store.schema import events

router = APIRouter()

BUCKETS = ("day", "week", "month")


def bucket_start(day: dt.date, bucket: str) -> dt.date:
    """The first day of the bucket holding ``day`` (weeks start on Monday)."""
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _grouped(session: Any, column: Any, where: ColumnElement[bool]) -> list[tuple[Any, int]]:
    stmt = select(column, func.count()).where(where, column.isnot(None)).group_by(column)
    return [(value, int(n)) for value, n in session.execute(stmt)]


@router.get("/api/stats", summary="Event counts", response_class=JSONBody)
def get_stats(
    request: Request,
    session: SessionDep,
    flt: FilterDep,
    bucket: Annotated[str, Query(description="Timeline bucket: day, week or month.")] = "month",
) -> JSONBody:
    """How many events match, by PLOVER type, by country and per day, week or month.

    Undated events count in ``total`` and ``by_type`` but not in the timeline; events with
    no known country are left out of ``by_country``.
    """
    check_params(request, (*FILTER_PARAMS, "bucket"))
    if bucket not in BUCKETS:
        raise bad_parameter("bucket", f"unknown bucket {bucket!r}; use {', '.join(BUCKETS)}")
    dialect = session.get_bind().dialect.name
    ids = resolve_actor_ids(flt.actor) if flt.actor is not None else ()
    where = and_(True, *filter_terms(flt, dialect, ids))
    by_type = dict(sorted(_grouped(session, events.c.event_type, where), key=lambda x: -x[1]))
    by_country = dict(sorted(_grouped(session, events.c.country_iso3, where), key=lambda x: -x[1]))
    # Grouped by day in SQL (portable), into weeks or months here: at most a few thousand
    # distinct days, and no dialect-specific date functions.
    timeline: Counter[dt.date] = Counter()
    for day, n in _grouped(session, events.c.event_date, where):
        timeline[bucket_start(day, bucket)] += n
    return ok(
        {
            "total": counts(request).count(session, flt),
            "by_type": by_type,
            "by_country": by_country,
            "timeline": [{"period": p, "count": timeline[p]} for p in sorted(timeline)],
        }
    )
