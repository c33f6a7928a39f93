"""The database benchmark on a small scale: figures present and plausible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_factory import Story, results
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.store.bench import PoolActor, Synthesiser, bench_store
from newsevents.store.db import Database

TEMPLATES = results(
    Story("t1", claimant="JNIM"),
    Story("t2", perpetrator="Police", verb="arrested", event_type="COERCE", mode="arrest",
          extra_events=["seized"]),
)  # fmt: skip
POOL = [PoolActor(f"group_{i}", f"Armed Group {i}", "armed_group") for i in range(50)]


def test_synthesis_varies_ids_dates_places_and_actors() -> None:
    synth = Synthesiser(TEMPLATES, POOL, seed=1)
    articles = list(synth.articles(40))
    events = [ev for res in articles for ev in res.events]
    assert len(events) == 40
    assert len({ev.id for ev in events}) == 40
    assert len({res.article.id for res in articles}) == len(articles)
    assert len({ev.time.start for ev in events if ev.time}) > 10
    perpetrators = {r.actor_id for ev in events for r in ev.roles if r.role.value == "perpetrator"}
    assert len(perpetrators) > 5 and perpetrators <= {a.id for a in POOL}
    again = [ev for res in Synthesiser(TEMPLATES, POOL, seed=1).articles(40) for ev in res.events]
    assert again == events  # reproducible from the seed


def test_bench_store_reports_rates_queries_and_size(sqlite_db: Database) -> None:
    ids = {a.name: [a.id] for a in POOL}
    result = bench_store(
        sqlite_db, TEMPLATES, 2000, pool=POOL, repeat=2, actor_ids=lambda n: ids.get(n, [])
    )
    assert result["events"] == 2000
    single, batched = result["insert"].values()
    assert single["events"] == 100 and batched["events"] == 1900
    assert single["events_per_second"] > 0 and batched["events_per_second"] > 0
    assert batched["events_per_cpu_second"] >= batched["events_per_second"] * 0.5
    queries = result["queries"]
    assert queries["actor (typical) + 1 year"]["found"] > 0
    assert queries["actor (most common) + 1 year"]["found"] > 0
    assert all(q["median_ms"] >= 0 for q in queries.values())
    assert 0 < result["bytes_per_event"] < 4000


def test_bench_command_needs_data_or_a_subcommand(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench"])
    assert result.exit_code == 2 and "--data" in result.stderr and "bench store" in result.stderr
    result = CliRunner().invoke(app, ["bench", "--data", str(tmp_path)])
    assert result.exit_code == 2 and "no benchmark articles found" in result.stderr


@pytest.mark.slow
def test_bench_store_command_varies_the_given_samples(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Gunmen killed four soldiers near Gao on Sunday, the army said.\n", encoding="utf-8"
    )
    db = tmp_path / "bench.db"
    args = ["bench", "store", "--events", "300", "--samples", str(story), "--db", str(db)]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["events"] == 300 and figures["size_bytes"] > 0
    assert set(figures["queries"]) >= {"type + country + 1 year", "near 100 km"}
