"""`newsevents bench api`: the parts, and a short run over a real server process."""

from __future__ import annotations

from pathlib import Path

from api_factory import STORIES

from newsevents.api.bench import (
    RequestMix,
    Sample,
    fill_database,
    run_load,
    running_server,
    summarise,
)


def test_summary_counts_errors_and_percentiles() -> None:
    samples = [Sample("a", float(ms), ms != 100) for ms in range(1, 101)]
    result = summarise(samples, wall=1.0, rate=100)
    assert result["requests"] == 100 and result["errors"] == 1
    assert result["achieved_rate"] == 100.0
    assert result["p50_ms"] == 50.5 and result["p99_ms"] == 99.0 and result["max_ms"] == 100
    assert result["by_kind"]["a"]["requests"] == 100


def test_the_mix_follows_next_tokens_with_their_filters() -> None:
    mix = RequestMix(["Hamas"], ["ASSAULT"], limit=10, seed=1)
    kinds = {mix.draw()[0] for _ in range(200)}
    assert {"actor", "type+country", "date range", "near", "text"} <= kinds
    mix.remember({"limit": "10", "country": "NGA"}, {"next": "TOKEN"})
    while True:
        kind, params = mix.draw()
        if kind == "next page":
            break
    assert params == {"limit": "10", "country": "NGA", "next": "TOKEN"}


def test_a_short_run_against_a_served_database(tmp_path: Path) -> None:
    db_path = str(tmp_path / "bench.db")
    filled = fill_database(db_path, [s.result() for s in STORIES], 200)
    assert filled["actors"] and filled["types"]
    import httpx

    mix = RequestMix(filled["actors"], filled["types"], limit=20)
    with running_server(db_path, tmp_path / "server.log") as base, httpx.Client() as client:

        def send() -> Sample:
            kind, params = mix.draw()
            response = client.get(f"{base}/api/events", params=params)
            mix.remember(params, response.json())
            return Sample(kind, 0.0, response.status_code == 200)

        samples, wall = run_load(send, rate=20, seconds=1)
    result = summarise(samples, wall, 20)
    assert result["requests"] == 20 and result["errors"] == 0
