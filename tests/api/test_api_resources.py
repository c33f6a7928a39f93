"""GET /api/actors, /api/actors/{id}, /api/stats and /api/network."""

from __future__ import annotations

from typing import Any

import pytest
from api_factory import assert_error


def test_actors_are_listed_with_their_event_counts(client: Any) -> None:
    body = client.get("/api/actors").json()
    assert body["ok"] is True
    by_id = {a["id"]: a for a in body["actors"]}
    assert by_id["al_shabaab"]["n_events"] == 1
    assert by_id["al_shabaab"].keys() == {"id", "name", "kind", "country", "n_events"}
    # Hamas is named as the commander's organisation.
    assert by_id["hamas"]["n_events"] == 1


def test_actor_search_matches_names_and_aliases(client: Any) -> None:
    found = client.get("/api/actors", params={"q": "SHAB"}).json()["actors"]
    assert [a["id"] for a in found] == ["al_shabaab"]
    # An alias from the knowledge base that is not the stored name.
    from newsevents.resolve.actors import load_kb

    alias = next(a for a in load_kb().get("al_shabaab").aliases if "shab" not in a.lower())
    found = client.get("/api/actors", params={"q": alias}).json()["actors"]
    assert "al_shabaab" in [a["id"] for a in found]
    assert client.get("/api/actors", params={"q": "zzzz-nobody"}).json()["actors"] == []
    assert len(client.get("/api/actors", params={"limit": 1}).json()["actors"]) == 1


def test_actor_detail_joins_knowledge_base_and_database(client: Any) -> None:
    actor = client.get("/api/actors/al_shabaab").json()["actor"]
    assert actor.keys() == {
        "id", "name", "kind", "country", "aliases", "parent", "children", "relations",
        "n_events", "events_by_month",
    }  # fmt: skip
    assert actor["n_events"] == 1
    assert actor["events_by_month"] == [{"month": "2020-06", "count": 1}]
    assert actor["aliases"]


def test_actor_detail_gives_parent_and_children() -> None:
    from newsevents.api.actors import _children
    from newsevents.resolve.actors import load_kb

    kb = load_kb()
    child = next(a for a in kb if kb.parents(a.id))
    parent = kb.parents(child.id)[0]
    assert child.id in [c.id for c in _children()[parent.id]]


def test_unknown_actor_is_404(client: Any) -> None:
    assert_error(client.get("/api/actors/no_such_actor"), 404, "no_such_actor")
    assert_error(client.get("/api/actors", params={"limit": 0}), 400, "limit")


def test_stats_count_by_type_country_and_month(client: Any) -> None:
    body = client.get("/api/stats").json()
    assert body == {
        "ok": True,
        "total": 6,
        "by_type": {"ASSAULT": 4, "COERCE": 2},
        "by_country": {"MLI": 3, "NGA": 2},
        "timeline": [
            {"period": "2019-01-01", "count": 2},
            {"period": "2020-06-01", "count": 1},
            {"period": "2021-03-01", "count": 2},
        ],
    }


@pytest.mark.parametrize(
    ("bucket", "periods"),
    [
        ("day", ["2019-01-15", "2020-06-01", "2021-03-07"]),
        ("week", ["2019-01-14", "2020-06-01", "2021-03-01"]),
        ("month", ["2019-01-01", "2020-06-01", "2021-03-01"]),
    ],
)
def test_stats_buckets_start_on_their_first_day(
    client: Any, bucket: str, periods: list[str]
) -> None:
    body = client.get("/api/stats", params={"bucket": bucket}).json()
    assert [t["period"] for t in body["timeline"]] == periods


def test_stats_take_the_filters(client: Any) -> None:
    body = client.get("/api/stats", params={"country": "NGA"}).json()
    assert body["total"] == 2 and body["by_type"] == {"ASSAULT": 1, "COERCE": 1}


def test_stats_errors_name_the_parameter(client: Any) -> None:
    assert_error(client.get("/api/stats", params={"bucket": "year"}), 400, "bucket", "month")
    assert_error(client.get("/api/stats", params={"type": "NOPE"}), 400, "type")


def test_network_joins_perpetrators_to_targets(client: Any) -> None:
    body = client.get("/api/network").json()
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["al_shabaab"]["n_events"] == 1
    assert nodes["al_shabaab"].keys() == {"id", "name", "kind", "n_events", "parent"}
    assert nodes["name:soldiers"]["n_events"] == 2
    edge = {"source": "al_shabaab", "target": "name:three farmers", "kind": "event", "events": 1}
    assert edge in body["edges"]
    # The commander's organisation is its parent.
    assert nodes["name:Hamas commander"]["parent"] == "hamas"
    for edge in body["edges"]:
        assert edge["source"] in nodes and edge["target"] in nodes


def test_network_takes_filters_and_a_node_limit(client: Any) -> None:
    body = client.get("/api/network", params={"country": "MLI", "limit": 2}).json()
    assert len(body["nodes"]) == 2
    assert_error(client.get("/api/network", params={"limit": "x"}), 400, "limit")
    assert_error(client.get("/api/network", params={"near": "1,2"}), 400, "near")
