"""``GET /api/events``: a page of events, newest first, as JSON, JSON lines, CSV or GeoJSON.

Pages follow the keyset of the last event (``pagination``), so ``next`` visits every match
exactly once. ``total`` is counted on the first page only (a request without ``next``): later
pages answer ``null``, which the contract allows, so that paging never repeats the count; and
counts are remembered for a few seconds (``counts``).

The endpoint is ``async`` and queries the database directly, on the event loop: a page is a
few milliseconds of SQLite work, and handing it to a worker thread and back cost more CPU than
that (measured with ``newsevents bench api``). Requests run in parallel in several server
processes (``newsevents serve --workers``), not threads. Slow work (``POST /api/extract``,
statistics over the whole database) stays in plain functions, which FastAPI runs in threads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from newsevents.api.deps import SessionDep, counts
from newsevents.api.errors import bad_parameter
from newsevents.api.filters import FILTER_PARAMS, FilterDep, check_params
from newsevents.api.pagination import decode_token, encode_token
from newsevents.api.responses import JSONBody, json_bytes, ok
from newsevents.store.query import EventHit, query_event_page, query_event_summaries

router = APIRouter()

FORMATS = ("json", "jsonl", "csv", "geojson")
#: Roles listed as an event's perpetrators and targets (the columns actor1 / actor2 of
#: ``newsevents events --format csv``).
AGENT_ROLES = ("perpetrator", "actor", "claimant")
OBJECT_ROLES = ("target", "victim", "detainee", "recipient")
_MEDIA = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
}


def _participants(roles: Iterable[dict[str, Any]], kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    found: dict[tuple[str, str | None], dict[str, Any]] = {}
    for role in roles:
        if role.get("role") in kinds:
            key = (role["name"], role.get("actor_id"))
            found.setdefault(key, {"name": key[0], "actor_id": key[1]})
    return list(found.values())


def event_summary(row: dict[str, Any]) -> dict[str, Any]:
    """The EventSummary of the contract, from a row of ``query_event_summaries`` (columns
    and roles only: no record is unpacked for a list)."""
    roles = row["roles"]
    return {
        "id": row["id"],
        "incident_id": row["incident_id"],
        "article_id": row["article_id"],
        "event_type": row["event_type"],
        "mode": row["mode"],
        "modality": row["modality"],
        "aggregate": bool(row["aggregate"]),
        "event_date": row["event_date"],
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "country_iso3": row["country_iso3"],
        "admin1": row["admin1"],
        "location": row["location"],
        "fatalities": row["fatalities"],
        "perpetrators": _participants(roles, AGENT_ROLES),
        "targets": _participants(roles, OBJECT_ROLES),
        "title": row["title"],
        "outlet": row["outlet"],
        "url": row["url"],
        "confidence": row["confidence"],
    }


def _jsonl(hits: list[EventHit]) -> bytes:
    from newsevents.cli.output import event_json

    return b"".join(event_json(hit.event) for hit in hits)


def _csv(hits: list[EventHit]) -> bytes:
    from newsevents.cli.events import CSV_COLUMNS, flat_row

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for hit in hits:
        writer.writerow(flat_row(hit))
    return buffer.getvalue().encode("utf-8")


def geojson_feature(summary: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Feature of a summary: [lon, lat], or no geometry when the place is unknown."""
    lat, lon = summary["latitude"], summary["longitude"]
    geometry = None
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [lon, lat]}
    properties = {k: v for k, v in summary.items() if k not in ("latitude", "longitude")}
    return {"type": "Feature", "id": summary["id"], "geometry": geometry, "properties": properties}


@router.get("/api/events", summary="List events", response_class=JSONBody)
async def list_events(
    request: Request,
    session: SessionDep,
    flt: FilterDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Events per page (1..1000).")] = 100,
    next: Annotated[str | None, Query(description="The 'next' token of the previous page.")] = None,
    format: Annotated[str, Query(description="json (default), jsonl, csv or geojson.")] = "json",
) -> Response:
    """Events matching the filters, newest first (undated last), a page at a time."""
    check_params(request, (*FILTER_PARAMS, "limit", "next", "format"))
    if format not in FORMATS:
        raise bad_parameter("format", f"unknown format {format!r}; use {', '.join(FORMATS)}")
    after = decode_token(next, flt) if next else None
    if format in ("json", "geojson"):
        summary_page = query_event_summaries(session, flt, limit, after)
        key = summary_page.next_key
        summaries = [event_summary(row) for row in summary_page.rows]
    else:
        page = query_event_page(session, flt, limit, after)
        key = page.next_key
    token = encode_token(key, flt) if key is not None else None
    if format == "json":
        total = counts(request).count(session, flt) if after is None else None
        return ok({"count": len(summaries), "total": total, "next": token, "events": summaries})
    headers = {"X-Next": token} if token else {}
    if format == "jsonl":
        body = _jsonl(page.hits)
    elif format == "csv":
        body = _csv(page.hits)
    else:
        features = [geojson_feature(summary) for summary in summaries]
        body = json_bytes({"type": "FeatureCollection", "features": features})
    return Response(body, media_type=_MEDIA[format], headers=headers)
