"""Fitting a standardised ridge regression into a one-layer head."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class LinearFit:
    """Standardisation and weights of a fitted linear model: ``((x - mean) / scale) @ w + b``."""

    mean: NDArray[np.float32]
    scale: NDArray[np.float32]
    weights: NDArray[np.float32]
    bias: NDArray[np.float32]

    def predict(self, features: NDArray[np.floating[Any]]) -> NDArray[np.float32]:
        """Outputs, shape ``(n, k)``, computed in float32 exactly as the shipped head does."""
        standard = (np.asarray(features, np.float32) - self.mean) / self.scale
        result: NDArray[np.float32] = (standard @ self.weights + self.bias).astype(np.float32)
        return result


def standardiser(
    features: NDArray[np.floating[Any]],
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Column means and scales of the training features (a constant column gets scale 1)."""
    matrix = np.asarray(features, np.float64)
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale[scale < 1e-6] = 1.0
    return mean.astype(np.float32), scale.astype(np.float32)


def fit_ridge(
    features: NDArray[np.floating[Any]], targets: NDArray[np.floating[Any]], alpha: float
) -> LinearFit:
    """Ridge regression of ``targets`` (n,) or (n, k) on standardised ``features``.

    Solved in closed form (Cholesky), so the same data always gives the same weights.
    """
    from sklearn.linear_model import Ridge  # type: ignore[import-untyped]  # no type information

    mean, scale = standardiser(features)
    standard = (np.asarray(features, np.float32) - mean) / scale
    y = np.asarray(targets, np.float64)
    model = Ridge(alpha=alpha, solver="cholesky").fit(standard.astype(np.float64), y)
    weights = np.asarray(model.coef_, np.float64).reshape(-1, standard.shape[1]).T
    bias = np.atleast_1d(np.asarray(model.intercept_, np.float64))
    return LinearFit(mean, scale, weights.astype(np.float32), bias.astype(np.float32))
