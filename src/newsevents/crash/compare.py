"""What two event databases hold, compared: articles, events and incident groups.

Ids that a database hands out (event row ids, incident ids, the places of the fusion order)
differ between runs that store the same articles, and mean nothing to a user; what must be
equal is every article and event (by their stable ids and contents) and the **incident
groups**: the partition of events and articles into incidents, each incident named by the
event ids and article ids it holds. For the groups both databases have, the incidents'
contents (counts, dates, places, perpetrators, the fusion profile) are compared too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from newsevents.store.db import Database
from newsevents.store.records import load_record
from newsevents.store.schema import articles, events, incidents

#: Columns left out of the comparison: row ids, times and places in the fusion order.
_ARTICLE_SKIP = frozenset({"stored_at", "incident_id", "seq"})
_EVENT_SKIP = frozenset({"pk", "incident_id", "record"})
_INCIDENT_SKIP = frozenset({"id", "profile"})

Group = frozenset[str]


@dataclass(frozen=True)
class Snapshot:
    """The contents of one database, without the ids it handed out."""

    articles: dict[str, str]
    """Article id -> its columns as canonical JSON."""
    events: dict[str, str]
    """Event id -> its record and columns as canonical JSON."""
    incidents: dict[Group, str]
    """Incident group (``e:EVENT`` and ``a:ARTICLE`` members) -> its columns as JSON."""


@dataclass(frozen=True)
class Differences:
    """How a database differs from a reference one (all zero: identical)."""

    articles: int
    """Articles missing, extra, or with other contents."""
    events: int
    """Events missing, extra, or with other contents."""
    groups: int
    """Incident groups of either database that the other does not have."""
    incidents: int
    """Incidents of one group in both whose contents differ."""

    @property
    def identical(self) -> bool:
        """No difference at all."""
        return not (self.articles or self.events or self.groups or self.incidents)


def _canonical(value: Mapping[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _profile(value: str | None) -> Any:
    if value is None:
        return None
    profile = json.loads(value)
    profile.pop("incident_id", None)
    return profile


def snapshot(db: Database) -> Snapshot:
    """Read what ``db`` holds (every row of articles, events and incidents)."""
    with db.session() as session:
        texts: dict[str, str] = {}
        article_rows: dict[str, str] = {}
        members: dict[int, set[str]] = {}
        for row in session.execute(select(articles)).mappings():
            texts[row["id"]] = row["text"]
            article_rows[row["id"]] = _canonical(
                {k: v for k, v in row.items() if k not in _ARTICLE_SKIP}
            )
            if row["incident_id"] is not None:
                members.setdefault(row["incident_id"], set()).add(f"a:{row['id']}")
        event_rows: dict[str, str] = {}
        for row in session.execute(select(events)).mappings():
            record = load_record(row["record"], texts.get(row["article_id"]))
            columns = {k: v for k, v in row.items() if k not in _EVENT_SKIP}
            event_rows[row["id"]] = _canonical(columns | {"record": record})
            if row["incident_id"] is not None:
                members.setdefault(row["incident_id"], set()).add(f"e:{row['id']}")
        incident_rows: dict[Group, str] = {}
        for row in session.execute(select(incidents)).mappings():
            columns = {k: v for k, v in row.items() if k not in _INCIDENT_SKIP}
            group = frozenset(members.get(row["id"], {f"incident without members {row['id']}"}))
            incident_rows[group] = _canonical(columns | {"profile": _profile(row["profile"])})
    return Snapshot(article_rows, event_rows, incident_rows)


def _differing(a: Mapping[Any, str], b: Mapping[Any, str]) -> int:
    keys = set(a) | set(b)
    return sum(1 for k in keys if a.get(k) != b.get(k))


def compare(reference: Snapshot, other: Snapshot) -> Differences:
    """How ``other`` differs from ``reference``."""
    groups = set(reference.incidents) ^ set(other.incidents)
    common = set(reference.incidents) & set(other.incidents)
    return Differences(
        articles=_differing(reference.articles, other.articles),
        events=_differing(reference.events, other.events),
        groups=len(groups),
        incidents=sum(1 for g in common if reference.incidents[g] != other.incidents[g]),
    )


__all__ = ["Differences", "Snapshot", "compare", "snapshot"]
