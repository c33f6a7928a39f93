"""Shared types of the evaluation adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class EvalOptions:
    """What ``newsevents eval`` was asked to do."""

    data: Path
    split: str = "dev"
    limit: int | None = None
    predictions_out: Path | None = None
    seed: int = 13


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
