"""Quality floors: fixed seeded dev subsamples whose scores may not fall.

``tests/evaluate/floors.json`` records, per dataset, the folder under the shared data
directory, the subsample size and the floor of each metric. The test suite fails when a
fresh run scores more than one point below a floor; ``python -m newsevents.evaluate.floors
--raise`` re-measures and raises floors that improved (it never lowers one).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from newsevents.evaluate import EvalOptions, get_runner

#: How far below its floor a score may fall before the floor test fails (points).
TOLERANCE = 1.0
SEED = 13


@dataclass(frozen=True)
class FloorSpec:
    """One dataset's subsample and floors."""

    dataset: str
    folder: str
    limit: int
    floors: dict[str, float]


def load_specs(path: Path) -> list[FloorSpec]:
    """Read the floors file."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [
        FloorSpec(name, entry["folder"], int(entry["limit"]), dict(entry["floors"]))
        for name, entry in sorted(raw.items())
    ]


def measure(spec: FloorSpec, shared_data: Path) -> dict[str, float]:
    """Scores of the spec's seeded dev subsample."""
    options = EvalOptions(data=shared_data / spec.folder, split="dev", limit=spec.limit, seed=SEED)
    report = get_runner(spec.dataset)(options)
    if report.n_docs != spec.limit:
        raise ValueError(f"{spec.dataset}: evaluated {report.n_docs} documents, not {spec.limit}")
    return report.scores


def shortfalls(spec: FloorSpec, scores: dict[str, float]) -> list[str]:
    """Metrics more than TOLERANCE below their floor, described for a failure message."""
    out = []
    for metric, floor in spec.floors.items():
        value = scores.get(metric)
        if value is None or value < floor - TOLERANCE:
            out.append(f"{spec.dataset}.{metric} = {value}, floor {floor}")
    return out


def raise_floors(path: Path, shared_data: Path) -> dict[str, dict[str, tuple[float, float]]]:
    """Re-measure every subsample and raise the floors that improved; returns old/new pairs."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    changes: dict[str, dict[str, tuple[float, float]]] = {}
    for spec in load_specs(path):
        scores = measure(spec, shared_data)
        for problem in shortfalls(spec, scores):
            # Raising never hides a regression: say it, and leave the floor where it is.
            print(f"below floor: {problem}")
        for metric, floor in spec.floors.items():
            new = round(scores[metric], 2)
            if new > floor:
                raw[spec.dataset]["floors"][metric] = new
                changes.setdefault(spec.dataset, {})[metric] = (floor, new)
    path.write_text(json.dumps(raw, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return changes


def main() -> None:
    """``python -m newsevents.evaluate.floors --raise [--floors F] [--data D]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raise", dest="raise_", action="store_true", help="raise floors")
    parser.add_argument("--floors", type=Path, default=Path("tests/evaluate/floors.json"))
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    if args.raise_:
        for dataset, metrics in raise_floors(args.floors, args.data).items():
            for metric, (old, new) in metrics.items():
                print(f"{dataset}.{metric}: {old} -> {new}")
        return
    for spec in load_specs(args.floors):
        scores = measure(spec, args.data)
        problems = shortfalls(spec, scores)
        status = "; ".join(problems) if problems else "ok"
        print(f"{spec.dataset}: {status}")


if __name__ == "__main__":
    main()
