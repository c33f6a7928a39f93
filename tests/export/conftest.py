"""Fixtures for the export tests: the store tests' databases (SQLite and PostgreSQL) and a
small database whose incidents are set by hand.

The database fixtures are those of ``tests/conftest.py``; ``store_factory`` builds the
articles. Incidents are regrouped by hand (:func:`group_incidents`) so that the tests do
not depend on what fusion decides to merge.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from newsevents.model import ArticleResult
from newsevents.store.db import Database
from newsevents.store.rows import event_columns
from newsevents.store.schema import events, incidents
from newsevents.store.write import store_articles

_STORE_TESTS = Path(__file__).resolve().parents[1] / "store"
if str(_STORE_TESTS) not in sys.path:
    sys.path.insert(0, str(_STORE_TESTS))

from store_factory import Story  # noqa: E402

#: Two reports of one attack in Gao that disagree on the perpetrator and the claimant, one
#: attack in Mopti, and an undated, unplaced arrest in Nigeria.
STORIES = [
    Story("gao", perpetrator="Gunmen", claimant="JNIM", outlet="Sahel Wire"),
    Story("gao2", perpetrator="Islamic State fighters", claimant="ISGS", outlet="Mali Daily",
          killed=5),
    Story("mopti", perpetrator="al-Shabab", victim="three farmers", place="Mopti",
          latitude=14.49, longitude=-4.18, day=dt.date(2020, 6, 1), killed=3,
          admin2="Mopti Cercle"),
    Story("raid", perpetrator="Police", verb="arrested", victim="five suspects",
          event_type="COERCE", mode="arrest", place="Kano", latitude=None, longitude=None,
          country="NGA", day=None, killed=None),
]  # fmt: skip

#: Incidents by the event ids they are made of.
GROUPS = [["gao-e0", "gao2-e0"], ["mopti-e0"], ["raid-e0"]]


def group_incidents(
    database: Database, results: Sequence[ArticleResult], groups: Sequence[Sequence[str]]
) -> list[int]:
    """Make one incident of each group of event ids; return the new incident ids.

    Every new incident is a copy of an existing incident row (so that columns added to the
    table later keep valid values) with its first event's columns (place, date, type, counts,
    as ``store/rows.py`` computes them) and the counts of its group. Incidents left without
    events get ``n_events = 0``.
    """
    found = {ev.id: (ev, r.article) for r in results for ev in r.events}
    names = set(incidents.c.keys())
    new_ids = []
    with database.write_session() as session, session.begin():
        template = dict(session.execute(select(incidents).limit(1)).mappings().one())
        start = session.execute(select(func.max(incidents.c.id))).scalar_one() + 1000
        for n, group in enumerate(groups):
            event, article = found[group[0]]
            columns = {k: v for k, v in event_columns(event, article).items() if k in names}
            published = [found[e][1].published for e in group if found[e][1].published]
            row = template | columns | {
                "id": start + n,
                "n_events": len(group),
                "n_sources": len({found[e][1].id for e in group}),
                "first_published": min(published, default=None),
            }  # fmt: skip
            session.execute(insert(incidents).values(**row))
            session.execute(
                update(events).where(events.c.id.in_(group)).values(incident_id=start + n)
            )
            new_ids.append(start + n)
        session.execute(update(incidents).where(incidents.c.id.not_in(new_ids)).values(n_events=0))
    return new_ids


@pytest.fixture
def filled(db: Database) -> Database:
    """The stories stored, grouped into the incidents of ``GROUPS``."""
    results = [s.result() for s in STORIES]
    list(store_articles(db, results))
    group_incidents(db, results, GROUPS)
    return db
