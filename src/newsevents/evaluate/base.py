"""Shared types of the evaluation adapters."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsevents.errors import InputError


@dataclass(frozen=True)
class EvalOptions:
    """What ``newsevents eval`` was asked to do."""

    data: Path
    split: str = "dev"
    limit: int | None = None
    predictions_out: Path | None = None
    seed: int = 13
    # Drop system events below this confidence before scoring (datasets that support it).
    min_confidence: float | None = None


@dataclass
class EvalReport:
    """Scores of one run: flat metric names to values (percentages 0-100), plus context."""

    dataset: str
    split: str
    n_docs: int
    scores: dict[str, float]
    details: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "dataset": self.dataset,
            "split": self.split,
            "n_docs": self.n_docs,
            "scores": {k: round(v, 2) for k, v in self.scores.items()},
            "details": self.details,
            "seconds": round(self.seconds, 2),
        }


Runner = Callable[[EvalOptions], EvalReport]


def read_jsonl_objects(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON-lines gold file; a bad line is an InputError naming it."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(str(path), f"line {number}: not JSON ({exc.msg})") from exc
            if not isinstance(item, dict):
                raise InputError(str(path), f"line {number}: expected a JSON object")
            yield item
