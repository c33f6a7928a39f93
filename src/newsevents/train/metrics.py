"""Regression scores: mean absolute error and Pearson's r."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


def mae(predicted: NDArray[np.floating[Any]], gold: NDArray[np.floating[Any]]) -> float:
    """Mean absolute error (0 for no items)."""
    if len(gold) == 0:
        return 0.0
    return float(np.mean(np.abs(np.asarray(predicted, np.float64) - np.asarray(gold, np.float64))))


def pearson(predicted: NDArray[np.floating[Any]], gold: NDArray[np.floating[Any]]) -> float:
    """Pearson's correlation coefficient; 0 when either side is constant or there are < 2 items."""
    x = np.asarray(predicted, np.float64)
    y = np.asarray(gold, np.float64)
    if len(x) < 2 or x.std() == 0 or y.std() == 0:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])
