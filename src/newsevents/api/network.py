"""``GET /api/network``: who acts on whom in the matching events, as nodes and edges.

A node is an actor: its knowledge-base id, or ``name:`` + its name for a participant the
knowledge base does not know. An ``event`` edge joins an event's perpetrator, actor or
claimant to its target, victim, detainee or recipient, weighted by the events that have both;
a ``parent`` edge joins a wing or branch (or a participant's organisation) to its parent.
Only the ``limit`` actors in the most events are nodes, and only edges between nodes are kept.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import String, and_, func, literal, select

from newsevents.api.actors import kb_actor
from newsevents.api.deps import SessionDep
from newsevents.api.events import AGENT_ROLES, OBJECT_ROLES
from newsevents.api.filters import FILTER_PARAMS, FilterDep, check_params
from newsevents.api.responses import JSONBody, ok
from newsevents.resolve.actors import load_kb
from newsevents.store.query import filter_terms, resolve_actor_ids
from newsevents.store.schema import events, roles

router = APIRouter()


def _key(table: Any) -> Any:
    return func.coalesce(table.c.actor_id, literal("name:", String) + table.c.name)


def _parent(node_id: str, affiliation: str | None) -> str | None:
    """The nearest parent organisation in the knowledge base, else the stated affiliation."""
    if kb_actor(node_id) is not None:
        parents = load_kb().parents(node_id)
        if parents:
            return parents[0].id
    return affiliation if affiliation and affiliation != node_id else None


@router.get("/api/network", summary="Actor network", response_class=JSONBody)
def get_network(
    request: Request,
    session: SessionDep,
    flt: FilterDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most N actors (nodes).")] = 100,
) -> JSONBody:
    """The actors of the matching events and who acted on whom, most active actors first."""
    check_params(request, (*FILTER_PARAMS, "limit"))
    dialect = session.get_bind().dialect.name
    ids = resolve_actor_ids(flt.actor) if flt.actor is not None else ()
    matched = select(events.c.pk).where(and_(True, *filter_terms(flt, dialect, ids)))
    key = _key(roles).label("key")
    n_events = func.count(func.distinct(roles.c.event_pk)).label("n_events")
    node_rows = session.execute(
        select(
            key, func.min(roles.c.name).label("name"), func.min(roles.c.kind).label("kind"),
            func.max(roles.c.affiliation_id).label("affiliation"), n_events,
        )
        .where(roles.c.event_pk.in_(matched))
        .group_by(key)
        .order_by(n_events.desc(), key)
        .limit(limit)
    ).mappings().all()  # fmt: skip
    nodes: list[dict[str, Any]] = []
    for row in node_rows:
        known = kb_actor(row["key"])
        nodes.append(
            {
                "id": row["key"],
                "name": known.name if known else row["name"],
                "kind": known.kind.value if known else row["kind"],
                "n_events": int(row["n_events"]),
                "parent": _parent(row["key"], row["affiliation"]),
            }
        )
    node_ids = [n["id"] for n in nodes]
    agent, target = roles.alias("agent"), roles.alias("target")
    agent_key, target_key = _key(agent), _key(target)
    weight = func.count(func.distinct(agent.c.event_pk))
    edge_rows = session.execute(
        select(agent_key, target_key, weight)
        .join(target, target.c.event_pk == agent.c.event_pk)
        .where(
            agent.c.event_pk.in_(matched),
            agent.c.role.in_(AGENT_ROLES),
            target.c.role.in_(OBJECT_ROLES),
            agent_key.in_(node_ids),
            target_key.in_(node_ids),
        )
        .group_by(agent_key, target_key)
    ).all()  # fmt: skip
    edges = [
        {"source": s, "target": t, "kind": "event", "events": int(n)}
        for s, t, n in edge_rows
        if s != t
    ]
    present = set(node_ids)
    edges += [
        {"source": n["id"], "target": n["parent"], "kind": "parent", "events": n["n_events"]}
        for n in nodes
        if n["parent"] in present
    ]
    edges.sort(key=lambda e: (-e["events"], e["source"], e["target"]))
    return ok({"nodes": nodes, "edges": edges})
