"""Regression floor for the MUC-4 evaluation: a fixed seeded subsample of the dev split must
not score more than one point below the floor recorded in floors.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.evaluate import EvalOptions, get_runner

DATASET = "muc4"
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "muc4"
FLOORS = Path(__file__).with_name("floors.json")
LIMIT = 50
METRICS = ("template_f1", "entity_f1", "incident_type_f1")


@pytest.mark.slow
def test_muc4_dev_subsample_keeps_its_floor() -> None:
    if not DATA.is_dir():
        pytest.skip(f"{DATA} is absent: the MUC-4 dev data lives outside the repository")
    floors = json.loads(FLOORS.read_text(encoding="utf-8")).get(DATASET, {})
    report = get_runner(DATASET)(EvalOptions(data=DATA, split="dev", limit=LIMIT, seed=13))
    assert report.n_docs == LIMIT
    assert report.details["n_docs_dated"] > 0, "the raw texts' datelines were not read"
    for metric in METRICS:
        assert metric in floors, f"no floor recorded for {DATASET}.{metric}"
        assert report.scores[metric] >= floors[metric] - 1.0, (
            f"{DATASET}.{metric} = {report.scores[metric]:.2f}, floor {floors[metric]:.2f}"
        )
