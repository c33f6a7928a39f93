"""Pure scorers for geoparsing: toponym span matching and geocoding error metrics.

Geocoding metrics follow Gritta et al. ("What's missing in geographical parsing?", 2018;
"A Pragmatic Guide to Geoparsing Evaluation", 2019): errors are great-circle distances in
km between the predicted and gold coordinates of a toponym; a toponym that was recognised
but not resolved gets the largest possible error, half the Earth's circumference
(20,039 km). Accuracy@161 km is the share of errors within 161 km (100 miles), the median
error is the plain median, and the AUC is the area under the curve of the sorted
``log(error + 1)`` values, normalised by ``log(20039)`` (trapezoidal rule, so a perfect
geocoder scores 0 and lower is better).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Mean Earth radius in km (the value geopy's great_circle uses).
EARTH_RADIUS_KM = 6371.009
#: Largest possible great-circle error (half the circumference), given to unresolved toponyms.
MAX_ERROR_KM = 20039.0
#: The usual threshold of "correct" geocoding: 100 miles.
ACCURACY_KM = 161.0

SpanT = tuple[int, int]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 (fractions 0-1) with the counts behind them."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        """tp / predicted (0 when nothing was predicted)."""
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        """tp / gold (0 when there is no gold)."""
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points (haversine formula)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlam = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _overlaps(a: SpanT, b: SpanT) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_spans(gold: Sequence[SpanT], pred: Sequence[SpanT]) -> dict[int, int]:
    """One-to-one alignment gold index -> predicted index: exact matches first, then overlaps.

    Overlaps are taken greedily in gold order, each gold span taking the first free
    predicted span that overlaps it.
    """
    out: dict[int, int] = {}
    used: set[int] = set()
    pred_index: dict[SpanT, list[int]] = {}
    for j, p in enumerate(pred):
        pred_index.setdefault(p, []).append(j)
    for i, g in enumerate(gold):
        free = [j for j in pred_index.get(g, []) if j not in used]
        if free:
            out[i] = free[0]
            used.add(free[0])
    for i, g in enumerate(gold):
        if i in out:
            continue
        for j, p in enumerate(pred):
            if j not in used and _overlaps(g, p):
                out[i] = j
                used.add(j)
                break
    return out


def exact_prf(gold: Sequence[SpanT], pred: Sequence[SpanT]) -> PRF:
    """Span P/R/F1 where a prediction counts only when its offsets equal a gold span's."""
    gold_set, pred_set = set(gold), set(pred)
    return PRF(len(gold_set & pred_set), len(pred_set), len(gold_set))


def overlap_prf(gold: Sequence[SpanT], pred: Sequence[SpanT]) -> PRF:
    """Span P/R/F1 where a prediction counts when it overlaps a gold span (one-to-one)."""
    gold_u, pred_u = sorted(set(gold)), sorted(set(pred))
    return PRF(len(match_spans(gold_u, pred_u)), len(pred_u), len(gold_u))


def accuracy_at(errors: Sequence[float], km: float = ACCURACY_KM) -> float:
    """Share (0-1) of errors within ``km``; 0 for no errors."""
    return sum(1 for e in errors if e <= km) / len(errors) if errors else 0.0


def median_error(errors: Sequence[float]) -> float:
    """Median of the errors in km (mean of the two middle values for an even count)."""
    if not errors:
        return 0.0
    ordered = sorted(errors)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def error_auc(errors: Sequence[float]) -> float:
    """Gritta et al.'s AUC of the sorted log errors (0 best, about 1 worst)."""
    if not errors:
        return 0.0
    logs = sorted(math.log(e + 1) for e in errors)
    if len(logs) == 1:
        return logs[0] / math.log(MAX_ERROR_KM)
    area = sum((a + b) / 2 for a, b in itertools.pairwise(logs))
    return area / (math.log(MAX_ERROR_KM) * (len(logs) - 1))
