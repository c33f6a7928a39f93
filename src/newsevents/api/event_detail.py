"""``GET /api/events/{id}``: one event with its article, evidence spans and incident."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from newsevents.api.deps import SessionDep
from newsevents.api.errors import ApiError
from newsevents.api.filters import check_params
from newsevents.api.responses import JSONBody, ok
from newsevents.model import Event, Span
from newsevents.store.records import load_event
from newsevents.store.rows import evidence_spans
from newsevents.store.schema import articles, events, incidents

router = APIRouter()

_INCIDENT_COLUMNS = (
    "id", "n_events", "n_sources", "event_type", "event_date", "location", "fatalities",
    "fatalities_low", "fatalities_high",
)  # fmt: skip


def _count_label(field: str, event: Event) -> str:
    count = getattr(event, field)
    if count.low is not None and count.high is not None and count.low != count.high:
        return f"{field}: {count.low}-{count.high}"
    figure = count.best if count.best is not None else count.low
    return f"{field}: {figure if figure is not None else '?'}"


def evidence_label(event: Event, field: str, item: int) -> str:
    """What a span supports, in words: ``perpetrator: Hamas``, ``place: Gao``, ..."""
    if field == "roles":
        role = event.roles[item]
        return f"{role.role.value}: {role.name}"
    if field == "places":
        place = event.places[item]
        where = "event place" if place.is_event_location else "place"
        return f"{where}: {place.name or place.text}"
    if field == "instruments":
        return f"weapon: {event.instruments[item].category}"
    if field == "attribution":
        return f"source: {event.attribution[item].source}"
    if field == "claims":
        claim = event.claims[item]
        return f"{claim.stance.value}: {claim.claimant}"
    if field == "time" and event.time is not None:
        start, end = event.time.start, event.time.end
        return f"time: {start}" if start == end else f"time: {start} to {end}"
    if field in ("killed", "injured", "arrested", "kidnapped"):
        return _count_label(field, event)
    if field == "modality_cues":
        return f"modality: {event.modality.value}"
    return {"triggers": "trigger", "sentences": "sentence"}.get(field, field)


def _evidence(event: Event) -> list[dict[str, Any]]:
    spans: list[tuple[str, int, Span]] = list(evidence_spans(event))
    return [
        {
            "field": field,
            "item": item,
            "start": span.start,
            "end": span.end,
            "text": span.text,
            "label": evidence_label(event, field, item),
        }
        for field, item, span in spans
    ]


def _incident(session: Session, incident_id: int | None) -> dict[str, Any] | None:
    if incident_id is None:
        return None
    row = session.execute(select(incidents).where(incidents.c.id == incident_id)).mappings().first()
    if row is None:
        return None
    found = {name: row[name] for name in _INCIDENT_COLUMNS}
    # Its articles: those of its events, and those that joined it without an event.
    stmt = (
        select(
            articles.c.id, articles.c.title, articles.c.url, articles.c.outlet,
            articles.c.published, events.c.id.label("event_id"),
        )
        .select_from(articles.outerjoin(events, events.c.article_id == articles.c.id))
        .where(or_(events.c.incident_id == incident_id, articles.c.incident_id == incident_id))
        .order_by(articles.c.published.asc().nulls_last(), articles.c.id, events.c.pk)
    )  # fmt: skip
    listed: dict[str, dict[str, Any]] = {}
    for r in session.execute(stmt).mappings():
        article = listed.setdefault(
            r["id"],
            {
                "id": r["id"], "title": r["title"], "url": r["url"], "outlet": r["outlet"],
                "published": r["published"], "event_ids": [],
            },
        )  # fmt: skip
        if r["event_id"] is not None:
            article["event_ids"].append(r["event_id"])
    # The outer join also lists the other events of an article that joined by its main
    # event; keep only this incident's events.
    member_ids = set(
        session.execute(select(events.c.id).where(events.c.incident_id == incident_id)).scalars()
    )
    for article in listed.values():
        article["event_ids"] = [e for e in article["event_ids"] if e in member_ids]
    found["articles"] = list(listed.values())
    return found


@router.get("/api/events/{event_id}", summary="One event", response_class=JSONBody)
async def get_event(event_id: str, request: Request, session: SessionDep) -> JSONBody:
    """An event's canonical record, its article's text, its evidence spans and incident."""
    check_params(request, ())
    stmt = (
        select(
            events.c.record, events.c.incident_id, articles.c.id, articles.c.title,
            articles.c.url, articles.c.outlet, articles.c.published, articles.c.text,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(events.c.id == event_id)
    )  # fmt: skip
    row = session.execute(stmt).mappings().first()
    if row is None:
        raise ApiError(
            404, f"no event with id {event_id!r}; list events with /api/events to find ids"
        )
    event = load_event(row["record"], row["text"])
    return ok(
        {
            "event": event.model_dump(mode="json"),
            "article": {
                "id": row["id"], "title": row["title"], "url": row["url"],
                "outlet": row["outlet"], "published": row["published"], "text": row["text"],
            },
            "evidence": _evidence(event),
            "incident": _incident(session, row["incident_id"]),
        }
    )  # fmt: skip
