"""Turning extracted records into table rows: pure functions, no database needed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from newsevents.model import Article, ArticleResult, Count, Event, PlaceMention, Span


def article_row(result: ArticleResult, n_events: int) -> dict[str, Any]:
    """The ``articles`` row of an extraction result."""
    a = result.article
    return {
        "id": a.id,
        "url": a.url,
        "outlet": a.outlet,
        "published": a.published,
        "title": a.title,
        "language": a.language,
        "tags": a.tags,
        "source_path": a.source_path,
        "text": a.text,
        "n_events": n_events,
        "reason": result.reason,
        "stored_at": dt.datetime.now(dt.UTC),
        # Set by fusion, in the same transaction (store/fuse.py).
        "incident_id": None,
        # Set by the writer: the order of fusion (store/write.py).
        "seq": None,
    }


def event_location(event: Event) -> PlaceMention | None:
    """The place where the event happened, a resolved one first."""
    located = [p for p in event.places if p.is_event_location]
    return next((p for p in located if p.latitude is not None), located[0] if located else None)


def best(count: Count | None) -> int | None:
    """The single figure of a count: the best estimate, else the lowest."""
    if count is None:
        return None
    return count.best if count.best is not None else count.low


def event_columns(event: Event, article: Article) -> dict[str, Any]:
    """The flat view of an event: its ``events`` columns (but ``pk`` and ``record``) and the
    further columns an incident takes from it (ACLED types, counts, date range, place)."""
    place = event_location(event)
    time = event.time
    killed = event.killed
    return {
        "id": event.id,
        "article_id": article.id,
        "incident_id": None,
        "event_type": event.event_type,
        "mode": event.mode,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "cameo_code": event.cameo_code,
        "modality": event.modality.value,
        "aggregate": event.aggregate,
        "event_date": time.start if time else None,
        "event_date_end": time.end if time else None,
        "date_precision": time.precision.value if time else None,
        "location": (place.name or place.text) if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "country_iso3": place.country_iso3 if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "geo_precision": place.precision if place else None,
        "fatalities": best(killed),
        "fatalities_low": killed.low if killed else None,
        "fatalities_high": killed.high if killed else None,
        "injured": best(event.injured),
        "arrested": best(event.arrested),
        "kidnapped": best(event.kidnapped),
        "confidence": event.confidence,
    }


EPOCH = dt.date(1970, 1, 1)


def day_number(date: dt.date | None) -> int | None:
    """Days since 1970-01-01 (``roles.event_day``)."""
    return None if date is None else (date - EPOCH).days


def role_rows(event: Event, pk: int, day: int | None) -> list[dict[str, Any]]:
    """The ``roles`` rows of an event (``day``: its date as :func:`day_number`)."""
    return [
        {
            "event_pk": pk, "ordinal": i, "role": r.role.value, "text": r.text, "name": r.name,
            "actor_id": r.actor_id, "kind": r.kind.value, "affiliation": r.affiliation,
            "affiliation_id": r.affiliation_id, "according_to": r.according_to,
            "country_iso3": r.country_iso3, "confidence": r.confidence, "event_day": day,
        }
        for i, r in enumerate(event.roles)
    ]  # fmt: skip


def claim_rows(event: Event, pk: int) -> list[dict[str, Any]]:
    """The ``claims`` rows of an event."""
    return [
        {
            "event_pk": pk, "ordinal": i, "claimant": c.claimant,
            "claimant_text": c.claimant_text, "actor_id": c.actor_id,
            "stance": c.stance.value, "cue": c.cue, "confidence": c.confidence,
        }
        for i, c in enumerate(event.claims)
    ]  # fmt: skip


def evidence_spans(event: Event) -> Iterator[tuple[str, int, Span]]:
    """Every evidence span of an event as ``(field, item, span)``.

    ``item`` is the position in a list of spans (triggers, sentences, modality cues) or of
    records (roles, places, ...), and 0 for a single record (time, counts).
    """
    for field in ("triggers", "sentences", "modality_cues"):
        spans: list[Span] = getattr(event, field)
        for i, span in enumerate(spans):
            yield field, i, span
    for field in ("roles", "places", "instruments", "attribution", "claims"):
        records: list[Any] = getattr(event, field)
        for i, record in enumerate(records):
            for span in record.spans:
                yield field, i, span
    for field in ("time", "killed", "injured", "arrested", "kidnapped"):
        single = getattr(event, field)
        if single is not None:
            for span in single.spans:
                yield field, 0, span


def actor_rows(event: Event) -> Iterator[dict[str, Any]]:
    """``actors`` rows for every resolved actor the event names (duplicates possible)."""
    for r in event.roles:
        if r.actor_id:
            yield {"id": r.actor_id, "name": r.name, "kind": r.kind.value}
        if r.affiliation_id and r.affiliation:
            yield {"id": r.affiliation_id, "name": r.affiliation, "kind": "unknown"}
    for c in event.claims:
        if c.actor_id:
            yield {"id": c.actor_id, "name": c.claimant, "kind": "unknown"}
    for a in event.attribution:
        if a.actor_id:
            yield {"id": a.actor_id, "name": a.source, "kind": "unknown"}
