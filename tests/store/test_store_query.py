"""query_events: every filter, alone and together, on both databases; clear filter errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from pydantic import ValidationError
from sqlalchemy import text
from store_factory import Story

from newsevents.store.db import Database
from newsevents.store.query import EventFilter, Near, events_select, query_events
from newsevents.store.write import store_articles

STORIES = [
    # Gao (Mali), Mopti (Mali, ~330 km from Gao), Maiduguri (Nigeria).
    Story("gao", perpetrator="Gunmen", victim="four soldiers", day=dt.date(2021, 3, 7)),
    Story("mopti", perpetrator="al-Shabab", perpetrator_id="al_shabaab", victim="three farmers",
          place="Mopti", latitude=14.49, longitude=-4.18, day=dt.date(2020, 6, 1), killed=3),
    Story("borno", perpetrator="Hamas commander", affiliation=("Hamas", "hamas"),
          victim="two traders", place="Maiduguri", latitude=11.85, longitude=13.16,
          country="NGA", day=dt.date(2019, 1, 15), mode="explosives"),
    Story("raid", perpetrator="Police", verb="arrested", victim="five suspects",
          event_type="COERCE", mode="arrest", place="Kano", latitude=12.0, longitude=8.52,
          country="NGA", day=None, killed=None),
]  # fmt: skip


def _no_kb(name: str) -> Sequence[str]:
    return []


@pytest.fixture
def filled(db: Database) -> Database:
    list(store_articles(db, [s.result() for s in STORIES]))
    return db


def _find(
    db: Database, resolver=_no_kb, limit: int | None = 100, offset: int = 0, **kw
) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        hits = query_events(session, EventFilter(**kw), limit, offset, actor_ids=resolver)
    return [h.columns["article_id"] for h in hits]


def test_no_filter_lists_everything_newest_first_undated_last(filled: Database) -> None:
    assert _find(filled) == ["gao", "mopti", "borno", "raid"]
    assert _find(filled, limit=2) == ["gao", "mopti"]
    assert _find(filled, limit=2, offset=2) == ["borno", "raid"]


def test_hits_carry_record_incident_and_article(filled: Database) -> None:
    with filled.session() as session:
        (hit,) = query_events(session, EventFilter(text="farmers"), actor_ids=_no_kb)
    assert hit.event == STORIES[1].result().events[0]
    assert hit.incident_id is not None and hit.outlet == "Sahel Wire"
    assert hit.url == "https://example.org/mopti" and hit.published == dt.date(2020, 6, 2)
    assert hit.columns["event_date"] == dt.date(2020, 6, 1) and hit.columns["fatalities"] == 3


def test_actor_by_name_or_words_any_case(filled: Database) -> None:
    assert _find(filled, actor="gunmen") == ["gao"]
    assert _find(filled, actor="SOLDIERS") == ["gao"]  # the normalised name
    assert _find(filled, actor="four  soldiers") == ["gao"]  # the words as written
    assert _find(filled, actor="soldier") == []  # names match whole, not in part


def test_actor_through_the_knowledge_base(filled: Database) -> None:
    """Aliases find the actor's events through its id, as does its organisation."""
    assert _find(filled, resolver=lambda name: ["al_shabaab"], actor="Shabaab") == ["mopti"]
    # With the real knowledge base: another alias of al-Shabaab, and Hamas as organisation.
    from newsevents.store.query import resolve_actor_ids

    assert _find(filled, resolver=resolve_actor_ids, actor="Harakat al-Shabaab al-Mujahideen") == [
        "mopti"
    ]
    assert _find(filled, resolver=resolve_actor_ids, actor="Hamas") == ["borno"]


def test_actor_and_dates(filled: Database) -> None:
    assert _find(filled, actor="Gunmen", since=dt.date(2021, 1, 1)) == ["gao"]
    assert _find(filled, actor="Gunmen", until=dt.date(2020, 12, 31)) == []
    assert _find(filled, actor="Police") == ["raid"]
    assert _find(filled, actor="Police", since=dt.date(2000, 1, 1)) == []  # undated


def test_type_mode_country_and_dates(filled: Database) -> None:
    assert _find(filled, type="assault") == ["gao", "mopti", "borno"]
    assert _find(filled, type="ASSAULT/explosives") == ["borno"]
    assert _find(filled, type="COERCE") == ["raid"]
    assert _find(filled, country="NGA") == ["borno", "raid"]
    assert _find(filled, country="Mali", since=dt.date(2020, 6, 1)) == ["gao", "mopti"]
    assert _find(filled, since=dt.date(2019, 1, 15), until=dt.date(2020, 6, 1)) == [
        "mopti",
        "borno",
    ]


def test_near_uses_great_circle_distance(filled: Database) -> None:
    # Gao to Mopti is about 485 km.
    assert _find(filled, near="16.27,-0.04,10") == ["gao"]
    assert _find(filled, near="16.27,-0.04,400") == ["gao"]
    assert _find(filled, near="16.27,-0.04,500") == ["gao", "mopti"]
    assert _find(filled, near=Near(latitude=11.85, longitude=13.16, km=5)) == ["borno"]


def test_words_and_everything_together(filled: Database) -> None:
    assert _find(filled, text="farmers near Mopti") == ["mopti"]
    assert _find(filled, text="traders", country="NGA", type="ASSAULT") == ["borno"]
    assert _find(filled, text="traders", country="MLI") == []


def test_actor_and_date_query_uses_a_roles_index(sqlite_db: Database) -> None:
    list(store_articles(sqlite_db, [s.result() for s in STORIES]))
    flt = EventFilter(actor="Gunmen", since=dt.date(2021, 1, 1), until=dt.date(2021, 12, 31))
    stmt = events_select(flt, "sqlite", ["some_id"])
    compiled = stmt.compile(sqlite_db.engine, compile_kwargs={"literal_binds": True})
    with sqlite_db.engine.connect() as conn:
        plan = " ".join(r[-1] for r in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    for index in ("ix_roles_name_day", "ix_roles_text_day", "ix_roles_actor_day"):
        assert index in plan, plan


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"type": "BOMBING"}, "type", "COERCE, ASSAULT"),
        ({"type": "ASSAULT/lasers"}, "type", "its modes are"),
        ({"country": "Atlantis"}, "country", "ISO 3166-1 alpha-3"),
        ({"near": "12,13"}, "near", "LAT,LON,KM"),
        ({"near": "95,13,10"}, "near", "latitude must be -90..90"),
        ({"near": "12,13,0"}, "near", "KM must be above 0"),
        ({"text": "!!"}, "text", "no words"),
        ({"actor": "  "}, "actor", "empty"),
        ({"since": "2021-02-01", "until": "2021-01-01"}, None, "is after until"),
    ],
)
def test_bad_filter_values_say_what_is_valid(
    values: dict[str, str], field: str | None, words: str
) -> None:
    with pytest.raises(ValidationError) as info:
        EventFilter(**values)  # type: ignore[arg-type]
    error = info.value.errors()[0]
    assert (error["loc"][0] if error["loc"] else None) == field
    assert words in error["msg"]


def test_filter_values_are_normalised() -> None:
    flt = EventFilter(type="coerce/Arrest", country="nigeria", actor=" al  Shabaab ")
    assert (flt.type, flt.country, flt.actor) == ("COERCE/arrest", "NGA", "al Shabaab")
    assert EventFilter(country="ng").country == "NGA"
