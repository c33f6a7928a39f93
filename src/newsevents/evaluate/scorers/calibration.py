"""Calibration of confidences against binary outcomes: a reliability table and the expected
calibration error (ECE) over equal-width confidence bins.

A confidence ``c`` falls in bin ``floor(c * n_bins)``, with 1.0 in the last bin. The ECE is
the mean over items of ``|accuracy - mean confidence|`` of their bin (Naeini et al. 2015,
Guo et al. 2017): 0 for a perfectly calibrated system.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReliabilityBin:
    """One confidence bin ``[lower, upper)`` (the last one includes 1.0)."""

    lower: float
    upper: float
    count: int
    mean_confidence: float | None  # None for an empty bin
    accuracy: float | None  # share of positive labels; None for an empty bin

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, values rounded to 4 places."""
        return {
            "lower": round(self.lower, 4),
            "upper": round(self.upper, 4),
            "count": self.count,
            "mean_confidence": _round(self.mean_confidence),
            "accuracy": _round(self.accuracy),
        }


@dataclass(frozen=True)
class Calibration:
    """A reliability table and its expected calibration error (0-1)."""

    bins: tuple[ReliabilityBin, ...]
    ece: float
    n: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "n": self.n,
            "ece": round(self.ece, 4),
            "bins": [b.to_dict() for b in self.bins],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def calibration(
    confidences: Sequence[float], labels: Sequence[bool], n_bins: int = 10
) -> Calibration:
    """Reliability table and ECE of ``confidences`` (each in [0, 1]) against ``labels``.

    ``ValueError`` when the sequences differ in length, a confidence is outside [0, 1] or
    ``n_bins`` is below 1. With no items the ECE is 0 and every bin is empty.
    """
    if len(confidences) != len(labels):
        raise ValueError(f"{len(confidences)} confidences but {len(labels)} labels")
    if n_bins < 1:
        raise ValueError(f"n_bins must be at least 1, not {n_bins}")
    members: list[list[tuple[float, bool]]] = [[] for _ in range(n_bins)]
    for confidence, label in zip(confidences, labels, strict=True):
        if not 0.0 <= confidence <= 1.0:
            raise ValueError(f"confidence {confidence} is outside [0, 1]")
        members[min(int(confidence * n_bins), n_bins - 1)].append((confidence, bool(label)))
    n = len(confidences)
    bins = []
    ece = 0.0
    for index, items in enumerate(members):
        mean_confidence = accuracy = None
        if items:
            mean_confidence = sum(c for c, _ in items) / len(items)
            accuracy = sum(1 for _, label in items if label) / len(items)
            ece += len(items) / n * abs(accuracy - mean_confidence)
        lower, upper = index / n_bins, (index + 1) / n_bins
        bins.append(ReliabilityBin(lower, upper, len(items), mean_confidence, accuracy))
    return Calibration(tuple(bins), ece, n)


__all__ = ["Calibration", "ReliabilityBin", "calibration"]
