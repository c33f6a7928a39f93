"""``GET /api/actors`` and ``GET /api/actors/{id}``: stored actors, with the knowledge base.

The list is the ``actors`` table (every resolved actor a stored event names) with the number
of events naming each; ``q`` matches stored names and, through the knowledge base, any alias
(``q=IS`` finds the Islamic State). The detail adds the knowledge base's aliases, parent
organisation, wings and branches and other relations, and the events by month.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from newsevents.api.deps import SessionDep
from newsevents.api.errors import ApiError
from newsevents.api.filters import check_params
from newsevents.api.responses import JSONBody, ok
from newsevents.ontology.actors import PARENT_RELATIONS, Actor
from newsevents.resolve.actors import load_kb
from newsevents.store.rows import EPOCH
from newsevents.store.schema import actors, roles

router = APIRouter()

#: Most knowledge-base ids an alias search passes to SQL (a short ``q`` matches many).
_MAX_ALIAS_IDS = 500


@functools.cache
def _alias_index() -> tuple[tuple[str, str], ...]:
    """(lower-case name or alias, actor id) for every knowledge-base actor, built once."""
    return tuple((name.lower(), a.id) for a in load_kb() for name in a.names)


@functools.cache
def _children() -> dict[str, tuple[Actor, ...]]:
    """The wings and branches of each organisation (the reverse of ``wing_of``/``branch_of``)."""
    found: dict[str, list[Actor]] = {}
    for actor in load_kb():
        for rel in actor.relations:
            if rel.type in PARENT_RELATIONS:
                found.setdefault(rel.target, []).append(actor)
    return {k: tuple(sorted(v, key=lambda a: a.name)) for k, v in found.items()}


def kb_actor(actor_id: str) -> Actor | None:
    """The knowledge-base actor with this id, or None."""
    kb = load_kb()
    return kb.get(actor_id) if actor_id in kb else None


def alias_ids(q: str) -> list[str]:
    """Knowledge-base ids whose name or alias contains ``q`` (any case), the exact match first."""
    match = load_kb().match(q)
    needle = q.lower()
    ids = [match.actor.id] if match is not None else []
    ids += [actor_id for name, actor_id in _alias_index() if needle in name]
    return list(dict.fromkeys(ids))[:_MAX_ALIAS_IDS]


def _counts() -> Any:
    # Events naming each actor id (as participant or as the participant's organisation).
    named = (
        select(roles.c.actor_id.label("id"), roles.c.event_pk)
        .where(roles.c.actor_id.isnot(None))
        .union(
            select(roles.c.affiliation_id.label("id"), roles.c.event_pk).where(
                roles.c.affiliation_id.isnot(None)
            )
        )
        .subquery()
    )
    return (
        select(named.c.id, func.count().label("n_events")).group_by(named.c.id).subquery("counts")
    )


def _summary(row: Any) -> dict[str, Any]:
    known = kb_actor(row["id"])
    return {
        "id": row["id"],
        "name": known.name if known else row["name"],
        "kind": known.kind.value if known else row["kind"],
        "country": known.country if known else None,
        "n_events": int(row["n_events"] or 0),
    }


@router.get("/api/actors", summary="Search actors", response_class=JSONBody)
def list_actors(
    request: Request,
    session: SessionDep,
    q: Annotated[str | None, Query(description="Part of a name or alias, any case.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most N actors.")] = 50,
) -> JSONBody:
    """Stored actors whose name or alias holds ``q``, most events first."""
    check_params(request, ("q", "limit"))
    counts = _counts()
    n_events = func.coalesce(counts.c.n_events, 0)
    stmt = select(actors.c.id, actors.c.name, actors.c.kind, n_events.label("n_events"))
    stmt = stmt.outerjoin(counts, counts.c.id == actors.c.id)
    if q is not None and q.strip():
        needle = q.strip()
        stmt = stmt.where(
            or_(
                func.lower(actors.c.name).contains(needle.lower(), autoescape=True),
                actors.c.id.in_(alias_ids(needle)),
            )
        )
    stmt = stmt.order_by(n_events.desc(), actors.c.name, actors.c.id).limit(limit)
    rows = session.execute(stmt).mappings().all()
    return ok({"actors": [_summary(row) for row in rows]})


def _by_month(session: Session, actor_id: str) -> tuple[int, list[dict[str, Any]]]:
    named = or_(roles.c.actor_id == actor_id, roles.c.affiliation_id == actor_id)
    rows = session.execute(select(roles.c.event_pk, roles.c.event_day).where(named))
    days: dict[int, int | None] = {pk: day for pk, day in rows}
    months: Counter[str] = Counter()
    for day in days.values():
        if day is not None:
            months[(EPOCH + dt.timedelta(days=day)).strftime("%Y-%m")] += 1
    return len(days), [{"month": m, "count": months[m]} for m in sorted(months)]


def _ref(actor: Actor) -> dict[str, str]:
    return {"id": actor.id, "name": actor.name}


@router.get("/api/actors/{actor_id}", summary="One actor", response_class=JSONBody)
def get_actor(actor_id: str, request: Request, session: SessionDep) -> JSONBody:
    """An actor from the knowledge base and the database: names, parent, wings, relations,
    and the events naming it (as participant or organisation) by month."""
    check_params(request, ())
    stored = session.execute(select(actors).where(actors.c.id == actor_id)).mappings().first()
    known = kb_actor(actor_id)
    if stored is None and known is None:
        raise ApiError(404, f"no actor with id {actor_id!r}; search actors with /api/actors?q=NAME")
    n_events, by_month = _by_month(session, actor_id)
    kb = load_kb()
    parents = kb.parents(actor_id) if known else []
    if known is not None:
        relations = [
            {"type": r.type, "target": r.target, "name": kb.get(r.target).name,
             "since": r.since}
            for r in known.relations
        ]  # fmt: skip
    else:
        relations = []
    actor: dict[str, Any] = {
        "id": actor_id,
        "name": known.name if known else stored["name"] if stored else actor_id,
        "kind": known.kind.value if known else stored["kind"] if stored else "unknown",
        "country": known.country if known else None,
        "aliases": list(known.aliases + known.exact_aliases) if known else [],
        "parent": _ref(parents[0]) if parents else None,
        "children": [_ref(c) for c in _children().get(actor_id, ())],
        "relations": relations,
        "n_events": n_events,
        "events_by_month": by_month,
    }
    return ok({"actor": actor})
