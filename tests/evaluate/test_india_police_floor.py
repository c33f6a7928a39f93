"""IndiaPoliceEvents quality floor: a fixed seeded sample of the dev split must not get worse.

The floor values live in ``tests/evaluate/floors.json`` under ``india-police-events``; the
test fails when a score falls more than one point below its floor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "india-police-events"
FLOORS = Path(__file__).with_name("floors.json")
SAMPLE = 100
SEED = 13

pytestmark = pytest.mark.slow


def test_sentence_labels_stay_above_the_floor() -> None:
    if not DATA.is_dir():
        pytest.skip(f"IndiaPoliceEvents data not found at {DATA} (../shared/data is absent)")
    from newsevents.evaluate import EvalOptions
    from newsevents.evaluate.india_police import run

    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["india-police-events"]
    report = run(EvalOptions(data=DATA, split="dev", limit=SAMPLE, seed=SEED))
    assert report.n_docs == SAMPLE
    for metric, floor in floors.items():
        assert report.scores[metric] >= floor - 1.0, (metric, report.scores[metric], floor)
