"""Merging reports into an incident: sources kept, counts as low / best / high, conflicting
claims side by side, the most precise date and place."""

from __future__ import annotations

import datetime as dt

from newsevents.fuse.profile import (
    CountRange,
    DateRange,
    EventProfile,
    PlacePoint,
    SourceRef,
)
from newsevents.fuse.reconcile import merge, new_incident, summarise
from newsevents.model import Precision


def _report(article: str, event: str = "", **fields: object) -> EventProfile:
    source = SourceRef(article_id=article, event_id=event or f"{article}:e")
    return EventProfile.model_validate({"source": source, "event_type": "ASSAULT", **fields})


def test_n_sources_counts_articles_and_keeps_every_event() -> None:
    incident = new_incident(_report("a1", "a1:e1"))
    incident = merge(incident, _report("a1", "a1:e2"))
    incident = merge(incident, _report("a2", "a2:e1"))
    assert incident.n_sources == 2
    assert [s.event_id for s in incident.sources] == ["a1:e1", "a1:e2", "a2:e1"]
    assert incident.article_ids == ["a1", "a2"]


def test_counts_keep_low_best_high_across_sources() -> None:
    incident = new_incident(_report("a1", counts={"killed": CountRange(low=2, best=2, high=2)}))
    incident = merge(incident, _report("a2", counts={"killed": CountRange(low=3, best=4, high=5)}))
    incident = merge(incident, _report("a3", counts={"killed": CountRange(best=4)}))
    killed = incident.counts["killed"]
    assert (killed.low, killed.best, killed.high) == (2, 4, 5)
    assert set(killed.reports) == {"a1", "a2", "a3"}


def test_best_is_a_reported_figure_even_with_two_sources() -> None:
    summary = summarise({"a1": CountRange(best=2), "a2": CountRange(best=5)})
    assert (summary.low, summary.best, summary.high) == (2, 2, 5)


def test_one_article_counts_once_with_its_largest_figure() -> None:
    incident = new_incident(_report("a1", "a1:e1", counts={"killed": CountRange(best=1)}))
    incident = merge(incident, _report("a1", "a1:e2", counts={"killed": CountRange(best=3)}))
    killed = incident.counts["killed"]
    assert list(killed.reports) == ["a1"]
    assert (killed.low, killed.best, killed.high) == (3, 3, 3)


def test_conflicting_perpetrators_and_claims_stay_side_by_side() -> None:
    incident = new_incident(_report("a1", perpetrators=["john doe"], claims=["claimed:X"]))
    incident = merge(incident, _report("a2", perpetrators=["richard roe"], claims=["denied:X"]))
    incident = merge(incident, _report("a3", perpetrators=["john doe"]))
    sides = {p.value: p.article_ids for p in incident.perpetrators}
    assert sides == {"john doe": ["a1", "a3"], "richard roe": ["a2"]}
    assert {c.value for c in incident.claims} == {"claimed:X", "denied:X"}


def test_the_most_precise_date_and_place_win() -> None:
    week = DateRange(
        start=dt.date(2016, 6, 1), end=dt.date(2016, 6, 7), precision=Precision.week, written=False
    )
    day = DateRange(
        start=dt.date(2016, 6, 5), end=dt.date(2016, 6, 5), precision=Precision.day, written=True
    )
    state = PlacePoint(name="Indiana", latitude=40.0, longitude=-86.0, precision="region")
    town = PlacePoint(name="Kokomo", latitude=40.49, longitude=-86.13, precision="exact place")
    incident = new_incident(_report("a1", date=week, place=state))
    incident = merge(incident, _report("a2", date=day, place=town))
    assert incident.date == day
    assert incident.place == town
    assert [p.name for p in incident.places] == ["Indiana", "Kokomo"]


def test_merge_leaves_its_input_unchanged() -> None:
    incident = new_incident(_report("a1", perpetrators=["john doe"]))
    merge(incident, _report("a2", perpetrators=["john doe"]))
    assert incident.n_sources == 1
    assert incident.perpetrators[0].article_ids == ["a1"]


def test_profiles_round_trip_as_json() -> None:
    incident = new_incident(_report("a1", counts={"killed": CountRange(best=1)}))
    assert type(incident).model_validate_json(incident.model_dump_json()) == incident
