"""Quality floors on seeded dev subsamples of the shared gold data (see floors.json).

Each dataset's subsample must not score more than one point below its recorded floor.
Floors only go up: ``python -m newsevents.evaluate.floors --raise`` records improvements.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.evaluate.floors import FloorSpec, load_specs, measure, shortfalls

FLOORS = Path(__file__).with_name("floors.json")
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
SPECS = load_specs(FLOORS)


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=[s.dataset for s in SPECS])
def test_quality_floor(spec: FloorSpec) -> None:
    folder = SHARED_DATA / spec.folder
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the gold data lives outside the repository")
    problems = shortfalls(spec, measure(spec, SHARED_DATA))
    assert not problems, "quality fell below its floor: " + "; ".join(problems)


def test_quality_floors_cover_every_dataset() -> None:
    from newsevents.evaluate import DATASETS

    covered = {s.dataset for s in SPECS}
    missing = {"muc4", "hrdsattack", "case2021", "india-police-events"} - covered
    assert not missing, f"datasets with targets but no floor: {sorted(missing)}"
    assert covered <= set(DATASETS)
    assert all(s.floors for s in SPECS)


def test_quality_floor_shortfall_detects_a_drop() -> None:
    spec = FloorSpec("x", "x", 1, {"f1": 50.0})
    assert shortfalls(spec, {"f1": 49.5}) == []
    assert shortfalls(spec, {"f1": 48.9}) == ["x.f1 = 48.9, floor 50.0"]
    assert shortfalls(spec, {}) == ["x.f1 = None, floor 50.0"]
