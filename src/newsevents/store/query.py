"""Finding stored events: a validated filter and one query function, for the CLI and the API.

``EventFilter`` checks every value when it is built and raises a ``ValueError`` (pydantic's
``ValidationError``) whose message names the valid values; ``query_events`` returns the
matching events, newest first, each with its incident, article and full record.

``actor`` matches a participant (a role) in three ways: by the knowledge-base actor the name
resolves to (so any alias of it finds the same events; also through the organisation a
participant belongs to), by the stable id an unknown name gets, and by the participant's
normalised name or raw words, case-insensitively. Each way is one range scan of an index of
``roles`` that ends with the event date, so an actor and a date range stay fast however many
events the database holds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    func,
    literal,
    null,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session

from newsevents.model import Event
from newsevents.store.records import load_record
from newsevents.store.rows import day_number
from newsevents.store.schema import NAME_INDEXED, TEXT_INDEXED, articles, events, roles
from newsevents.store.search import (
    MANY_MATCHES,
    MAX_QUERY_WORDS,
    count_matches,
    matches_words,
    query_words,
)

EARTH_RADIUS_KM = 6371.0
_KM_PER_DEGREE = 111.2


class Near(BaseModel):
    """A circle on the map: centre and radius."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    latitude: float = Field(ge=-90, le=90, description="Latitude of the centre (WGS84).")
    longitude: float = Field(ge=-180, le=180, description="Longitude of the centre (WGS84).")
    km: float = Field(gt=0, le=20_000, description="Radius in kilometres.")

    @classmethod
    def parse(cls, value: str) -> Near:
        """``"LAT,LON,KM"`` -> Near; a ValueError says what is wrong."""
        parts = [p.strip() for p in value.split(",")]
        if len(parts) != 3:
            raise ValueError(f"{value!r} is not LAT,LON,KM (for example 12.0,-1.5,50)")
        try:
            lat, lon, km = (float(p) for p in parts)
        except ValueError:
            raise ValueError(f"{value!r}: LAT, LON and KM must be numbers") from None
        if not all(map(math.isfinite, (lat, lon, km))):
            raise ValueError(f"{value!r}: LAT, LON and KM must be finite numbers")
        if not -90 <= lat <= 90 or not -180 <= lon <= 180:
            raise ValueError(f"{value!r}: latitude must be -90..90 and longitude -180..180")
        if not 0 < km <= 20_000:
            raise ValueError(f"{value!r}: KM must be above 0 and at most 20000")
        return cls(latitude=lat, longitude=lon, km=km)


def _valid_countries() -> str:
    return "an ISO 3166-1 alpha-3 code (NGA, PAK, MLI, ...) or an English country name"


class EventFilter(BaseModel):
    """What to look for; every field is optional and all given ones must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: str | None = Field(default=None, description="A participant's name or alias.")
    type: str | None = Field(default=None, description="PLOVER event type, or TYPE/MODE.")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 country.")
    since: dt.date | None = Field(default=None, description="Events on or after this day.")
    until: dt.date | None = Field(default=None, description="Events on or before this day.")
    near: Near | None = Field(default=None, description="Events within a circle.")
    text: str | None = Field(default=None, description="Words the event's text must hold.")
    min_confidence: float | None = Field(
        default=None, description="Events whose confidence is at least this (0..1)."
    )

    @field_validator("actor")
    @classmethod
    def _actor(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("the actor name is empty")
        return " ".join(value.split()) if value is not None else None

    @field_validator("type")
    @classmethod
    def _type(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from newsevents.ontology.plover import validate_type

        name, _, mode = value.partition("/")
        ptype, pmode = validate_type(name, mode or None)
        return f"{ptype}/{pmode}" if pmode else ptype

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        import pycountry

        try:
            found = pycountry.countries.lookup(value.strip())
        except LookupError:
            raise ValueError(f"unknown country {value!r}; use {_valid_countries()}") from None
        return str(found.alpha_3)

    @field_validator("near", mode="before")
    @classmethod
    def _near(cls, value: Any) -> Any:
        return Near.parse(value) if isinstance(value, str) else value

    @field_validator("text")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        if value is None:
            return None
        words = query_words(value)
        if not words:
            raise ValueError(f"{value!r} has no words to search for")
        if len(words) > MAX_QUERY_WORDS:
            raise ValueError(f"{len(words)} words; search for at most {MAX_QUERY_WORDS}")
        return value

    @field_validator("min_confidence")
    @classmethod
    def _min_confidence(cls, value: float | None) -> float | None:
        if value is None:
            return None
        from newsevents.decide import check_min_confidence

        # 0 keeps every event: no condition at all, so the faster query plans stay open.
        return check_min_confidence(value) or None

    @model_validator(mode="after")
    def _range(self) -> EventFilter:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self


@dataclass(frozen=True)
class EventHit:
    """One stored event found by a query."""

    pk: int
    incident_id: int | None
    columns: dict[str, Any]
    """Its flat ``events`` columns (event_date, latitude, fatalities, ...)."""
    outlet: str | None
    published: dt.date | None
    url: str | None
    record: dict[str, Any]
    """The full canonical Event record, as JSON-ready data."""

    @property
    def event(self) -> Event:
        """The canonical record as an :class:`newsevents.model.Event`."""
        return Event.model_validate(self.record)


def resolve_actor_ids(name: str) -> list[str]:
    """Ids under which events may name ``name``: its knowledge-base actor, else its own id."""
    from newsevents.resolve.actors import load_kb, stable_id_for_unknown

    ids: list[str] = []
    match = load_kb().match(name)
    if match is not None:
        ids.append(match.actor.id)
    ids.append(stable_id_for_unknown(name))
    return list(dict.fromkeys(ids))


def _date_terms(column: Any, flt: EventFilter) -> list[ColumnElement[bool]]:
    terms: list[ColumnElement[bool]] = []
    if flt.since is not None:
        terms.append(column >= flt.since)
    if flt.until is not None:
        terms.append(column <= flt.until)
    return terms


def _day_terms(flt: EventFilter) -> list[ColumnElement[bool]]:
    terms: list[ColumnElement[bool]] = []
    if flt.since is not None:
        terms.append(roles.c.event_day >= day_number(flt.since))
    if flt.until is not None:
        terms.append(roles.c.event_day <= day_number(flt.until))
    return terms


def _actor_roles(flt: EventFilter, ids: Sequence[str]) -> Subquery:
    """The roles that ``flt.actor`` matches within the dates, as (event_pk, event_day).

    One SELECT per way of matching, united: each is a range scan of one index that holds
    all it returns, whereas an OR of the four would look every match up in ``roles``.
    """
    name = func.lower(literal(flt.actor))
    # Each name condition repeats its partial index's condition, so that the index is used;
    # roles left out of those indexes have an actor id, which ``ids`` covers.
    matches: list[ColumnElement[bool]] = [
        and_(func.lower(roles.c.name) == name, NAME_INDEXED),
        and_(func.lower(roles.c.text) == name, TEXT_INDEXED),
    ]
    if ids:
        matches += [roles.c.actor_id.in_(ids), roles.c.affiliation_id.in_(ids)]
    days = _day_terms(flt)
    branches = [select(roles.c.event_pk, roles.c.event_day).where(m, *days) for m in matches]
    return union(*branches).subquery("actor_roles")


def _near_terms(near: Near) -> list[ColumnElement[bool]]:
    """A bounding box (uses the lat/lon index), then the great-circle distance."""
    dlat = near.km / _KM_PER_DEGREE
    terms: list[ColumnElement[bool]] = [
        events.c.latitude.between(near.latitude - dlat, near.latitude + dlat)
    ]
    cos_lat = math.cos(math.radians(near.latitude))
    if cos_lat > 1e-6:
        dlon = near.km / (_KM_PER_DEGREE * cos_lat)
        if near.longitude - dlon >= -180 and near.longitude + dlon <= 180:
            terms.append(events.c.longitude.between(near.longitude - dlon, near.longitude + dlon))
    lat1, lon1 = math.radians(near.latitude), math.radians(near.longitude)
    lat2, lon2 = func.radians(events.c.latitude), func.radians(events.c.longitude)
    half_dlat = func.sin((lat2 - lat1) / 2)
    half_dlon = func.sin((lon2 - lon1) / 2)
    hav = half_dlat * half_dlat + math.cos(lat1) * func.cos(lat2) * half_dlon * half_dlon
    # min(1, hav) would need a dialect-specific function; hav only exceeds 1 by rounding
    # near the antipode, where asin(sqrt) fails: the bounding box keeps such rows out.
    terms.append(2 * EARTH_RADIUS_KM * func.asin(func.sqrt(hav)) <= near.km)
    return terms


def filter_terms(
    flt: EventFilter, dialect: str, actor_ids: Sequence[str] = (), walk_dates: bool = False
) -> list[ColumnElement[bool]]:
    """The WHERE terms on ``events`` for a filter (``walk_dates``: see :func:`matches_words`)."""
    terms = _date_terms(events.c.event_date, flt)
    if flt.type is not None:
        ptype, _, mode = flt.type.partition("/")
        terms.append(events.c.event_type == ptype)
        if mode:
            terms.append(events.c.mode == mode)
    if flt.country is not None:
        terms.append(events.c.country_iso3 == flt.country)
    if flt.actor is not None:
        found = _actor_roles(flt, actor_ids)
        terms.append(events.c.pk.in_(select(found.c.event_pk)))
    if flt.near is not None:
        terms += _near_terms(flt.near)
    if flt.text is not None:
        terms.append(matches_words(dialect, flt.text, walk_dates))
    if flt.min_confidence is not None:
        terms.append(events.c.confidence >= flt.min_confidence)
    return terms


def _only_actor_and_dates(flt: EventFilter) -> bool:
    return flt.actor is not None and not (
        flt.type or flt.country or flt.near or flt.text or flt.min_confidence
    )


def _only_text_and_dates(flt: EventFilter) -> bool:
    return flt.text is not None and not (
        flt.type or flt.country or flt.near or flt.actor or flt.min_confidence
    )


def _walk_dates(session: Session, flt: EventFilter, dialect: str) -> bool:
    """Whether a page of ``flt`` is best read along the date index (a common word alone)."""
    if dialect != "sqlite" or not _only_text_and_dates(flt):
        return False
    assert flt.text is not None
    return count_matches(session, flt.text, cap=MANY_MATCHES) >= MANY_MATCHES


def page_select(
    flt: EventFilter,
    dialect: str,
    actor_ids: Sequence[str] = (),
    limit: int | None = 100,
    offset: int = 0,
) -> Select[Any]:
    """The row ids (``events.pk``) of one page of matching events, newest first.

    Only ids and dates are sorted here, so that thousands of matches cost little; the full
    rows of the page are read afterwards. An actor with dates alone is answered from the
    roles index, which holds the day: not one event row is read beyond the page.
    """
    if _only_actor_and_dates(flt):
        found = _actor_roles(flt, actor_ids)
        stmt = select(found.c.event_pk).order_by(
            found.c.event_day.desc().nulls_last(), found.c.event_pk.desc()
        )
    else:
        stmt = (
            select(events.c.pk)
            .where(and_(True, *filter_terms(flt, dialect, actor_ids)))
            .order_by(events.c.event_date.desc().nulls_last(), events.c.pk.desc())
        )
    stmt = stmt.offset(offset) if offset else stmt
    return stmt.limit(limit) if limit is not None else stmt


def events_select(
    flt: EventFilter,
    dialect: str,
    actor_ids: Sequence[str] = (),
    limit: int | None = 100,
    offset: int = 0,
) -> Select[Any]:
    """The SELECT behind :func:`query_events`: a page of events, newest first, undated last."""
    page = page_select(flt, dialect, actor_ids, limit, offset)
    # SQLite records unpack with their article's text (see store/records.py).
    text = articles.c.text if dialect == "sqlite" else null().label("text")
    return (
        select(events, articles.c.outlet, articles.c.published, articles.c.url, text)
        .join(articles, articles.c.id == events.c.article_id)
        .where(events.c.pk.in_(page))
        .order_by(events.c.event_date.desc().nulls_last(), events.c.pk.desc())
    )


def query_events(
    session: Session,
    flt: EventFilter | None = None,
    limit: int | None = 100,
    offset: int = 0,
    *,
    actor_ids: Callable[[str], Sequence[str]] = resolve_actor_ids,
) -> list[EventHit]:
    """Stored events matching ``flt``, newest first; ``limit`` None returns them all.

    ``actor_ids`` turns the actor name into the ids to match (by default through the actor
    knowledge base, loaded once per process).
    """
    flt = flt or EventFilter()
    ids = actor_ids(flt.actor) if flt.actor is not None else ()
    dialect = session.get_bind().dialect.name
    hits: list[EventHit] = []
    for row in session.execute(events_select(flt, dialect, ids, limit, offset)).mappings():
        values = dict(row)
        record = load_record(values.pop("record"), values.pop("text"))
        hits.append(
            EventHit(
                pk=values.pop("pk"),
                incident_id=values["incident_id"],
                outlet=values.pop("outlet"),
                published=values.pop("published"),
                url=values.pop("url"),
                columns=values,
                record=record,
            )
        )
    return hits


# Keyset pagination (the JSON API's ``next`` tokens): each page starts after the sort key of
# the last event of the previous one, so a page costs the same however deep it is and an
# event stored between two requests neither repeats nor hides one already listed.

#: Where an event sorts in lists: its date (None when undated) and its row id (``events.pk``).
EventKey = tuple[dt.date | None, int]


def _after_key(sort: Any, pk: Any, after: tuple[Any, int]) -> ColumnElement[bool]:
    """Rows that sort after ``after`` in the order (sort desc, nulls last; pk desc)."""
    value, last_pk = after
    if value is None:
        return and_(sort.is_(None), pk < last_pk)
    return or_(sort < value, and_(sort == value, pk < last_pk), sort.is_(None))


def keyset_page_select(
    flt: EventFilter,
    dialect: str,
    actor_ids: Sequence[str] = (),
    limit: int = 100,
    after: EventKey | None = None,
    walk_dates: bool = False,
) -> Select[Any]:
    """Like :func:`page_select`, but the page starts after the event whose key is ``after``."""
    if _only_actor_and_dates(flt):
        found = _actor_roles(flt, actor_ids)
        stmt = select(found.c.event_pk).order_by(
            found.c.event_day.desc().nulls_last(), found.c.event_pk.desc()
        )
        if after is not None:
            # The roles index holds the day as a number: compare in its terms.
            day_key = (day_number(after[0]), after[1])
            stmt = stmt.where(_after_key(found.c.event_day, found.c.event_pk, day_key))
        return stmt.limit(limit)
    terms = filter_terms(flt, dialect, actor_ids, walk_dates)
    if after is not None:
        terms.append(_after_key(events.c.event_date, events.c.pk, after))
    return (
        select(events.c.pk)
        .where(and_(True, *terms))
        .order_by(events.c.event_date.desc().nulls_last(), events.c.pk.desc())
        .limit(limit)
    )


@dataclass(frozen=True)
class EventPage:
    """One page of matching events (see :func:`query_event_page`)."""

    hits: list[EventHit]
    titles: dict[int, str | None]
    """The headline of each hit's article, by ``EventHit.pk``."""
    next_key: EventKey | None
    """The key of the last hit when more events match (the next page starts after it)."""


def _page_of(
    session: Session,
    flt: EventFilter | None,
    limit: int,
    after: EventKey | None,
    actor_ids: Callable[[str], Sequence[str]],
) -> tuple[str, Select[Any]]:
    """The dialect, and the pks of a page plus one row (which tells whether another page
    follows, without counting)."""
    flt = flt or EventFilter()
    ids = actor_ids(flt.actor) if flt.actor is not None else ()
    dialect = session.get_bind().dialect.name
    walk = _walk_dates(session, flt, dialect)
    return dialect, keyset_page_select(flt, dialect, ids, limit + 1, after, walk)


def query_event_page(
    session: Session,
    flt: EventFilter | None = None,
    limit: int = 100,
    after: EventKey | None = None,
    *,
    actor_ids: Callable[[str], Sequence[str]] = resolve_actor_ids,
) -> EventPage:
    """A page of events matching ``flt``, newest first, starting after the key ``after``.

    Paging with the returned ``next_key`` visits every matching event exactly once, in the
    order of :func:`query_events`.
    """
    dialect, page = _page_of(session, flt, limit, after, actor_ids)
    text = articles.c.text if dialect == "sqlite" else null().label("text")
    stmt = (
        select(
            events, articles.c.outlet, articles.c.published, articles.c.url, articles.c.title,
            text,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(events.c.pk.in_(page))
        .order_by(events.c.event_date.desc().nulls_last(), events.c.pk.desc())
    )  # fmt: skip
    hits: list[EventHit] = []
    titles: dict[int, str | None] = {}
    for row in session.execute(stmt).mappings():
        values = dict(row)
        record = load_record(values.pop("record"), values.pop("text"))
        pk = values.pop("pk")
        titles[pk] = values.pop("title")
        hits.append(
            EventHit(
                pk=pk,
                incident_id=values["incident_id"],
                outlet=values.pop("outlet"),
                published=values.pop("published"),
                url=values.pop("url"),
                columns=values,
                record=record,
            )
        )
    more = len(hits) > limit
    hits = hits[:limit]
    last = hits[-1] if more else None
    next_key = (last.columns["event_date"], last.pk) if last is not None else None
    return EventPage(hits=hits, titles=titles, next_key=next_key)


@dataclass(frozen=True)
class SummaryPage:
    """One page of matching events as flat rows (see :func:`query_event_summaries`)."""

    rows: list[dict[str, Any]]
    """The ``events`` columns but the record, plus the article's ``outlet``, ``url`` and
    ``title``, and ``roles``: the event's (role, name, actor_id) rows in order."""
    next_key: EventKey | None


def query_event_summaries(
    session: Session,
    flt: EventFilter | None = None,
    limit: int = 100,
    after: EventKey | None = None,
    *,
    actor_ids: Callable[[str], Sequence[str]] = resolve_actor_ids,
) -> SummaryPage:
    """A page as :func:`query_event_page` finds it, read from columns and the roles table
    only: lists need no record, and unpacking one is most of the cost of a page."""
    _, page = _page_of(session, flt, limit, after, actor_ids)
    columns = [c for c in events.c if c.name != "record"]
    stmt = (
        select(*columns, articles.c.outlet, articles.c.url, articles.c.title)
        .join(articles, articles.c.id == events.c.article_id)
        .where(events.c.pk.in_(page))
        .order_by(events.c.event_date.desc().nulls_last(), events.c.pk.desc())
    )
    rows = [dict(row) for row in session.execute(stmt).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    by_pk: dict[int, list[dict[str, Any]]] = {row["pk"]: [] for row in rows}
    if by_pk:
        parts = (
            select(roles.c.event_pk, roles.c.role, roles.c.name, roles.c.actor_id)
            .where(roles.c.event_pk.in_(list(by_pk)))
            .order_by(roles.c.event_pk, roles.c.ordinal)
        )
        for pk, role, name, actor in session.execute(parts).tuples():
            by_pk[pk].append({"role": role, "name": name, "actor_id": actor})
    for row in rows:
        row["roles"] = by_pk[row["pk"]]
    last = rows[-1] if more else None
    next_key = (last["event_date"], last["pk"]) if last is not None else None
    return SummaryPage(rows=rows, next_key=next_key)


def count_events(
    session: Session,
    flt: EventFilter | None = None,
    *,
    actor_ids: Callable[[str], Sequence[str]] = resolve_actor_ids,
) -> int:
    """How many stored events match ``flt``."""
    flt = flt or EventFilter()
    ids = actor_ids(flt.actor) if flt.actor is not None else ()
    dialect = session.get_bind().dialect.name
    if _only_actor_and_dates(flt):
        found = _actor_roles(flt, ids)
        stmt = select(func.count()).select_from(found)
    elif dialect == "sqlite" and flt.text is not None and flt == EventFilter(text=flt.text):
        # Words alone: every event has one document in the index, so count there.
        return count_matches(session, flt.text)
    else:
        stmt = (
            select(func.count())
            .select_from(events)
            .where(and_(True, *filter_terms(flt, dialect, ids)))
        )
    return int(session.execute(stmt).scalar_one())
