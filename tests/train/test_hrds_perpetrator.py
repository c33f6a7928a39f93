"""Training the HRDsAttack perpetrator-type head: fitting, cross-validation, the registry."""

from __future__ import annotations

import numpy as np

from newsevents.evaluate.hrdsattack import (
    PERPETRATOR_MODEL,
    PERPETRATOR_TYPES,
    perpetrator_feature_names,
)
from newsevents.learn.heads import weights_bytes
from newsevents.train.hrds_perpetrator import cross_validate, fit_head
from newsevents.train.registry import get_trainer


def _data() -> tuple[np.ndarray, np.ndarray]:
    """Rows whose first column tells the type: 0 -> state actor, 1 -> non-state actors."""
    width = len(perpetrator_feature_names())
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, width)).astype(np.float32)
    y = np.asarray([i % 2 * 4 for i in range(40)], np.int64)  # types 0 and 4 only
    x[:, 0] = (y == 4).astype(np.float32) * 3.0
    return x, y


def test_the_head_learns_a_clear_cue_and_never_picks_an_unseen_type() -> None:
    x, y = _data()
    head = fit_head(x, y, 1.0, seed=0)
    assert head.name == PERPETRATOR_MODEL and head.labels == PERPETRATOR_TYPES
    predicted = head.predict(x).argmax(axis=1)
    assert np.mean(predicted == y) > 0.9
    assert set(predicted.tolist()) <= {0, 4}


def test_fitting_and_cross_validation_are_deterministic() -> None:
    x, y = _data()
    assert weights_bytes(fit_head(x, y, 0.3, seed=1)) == weights_bytes(fit_head(x, y, 0.3, seed=1))
    assert cross_validate(x, y, 0.3, seed=2) == cross_validate(x, y, 0.3, seed=2)
    assert cross_validate(x, y, 0.3, seed=2) > 80.0


def test_the_trainer_is_registered() -> None:
    assert get_trainer(PERPETRATOR_MODEL).module == "newsevents.train.hrds_perpetrator"
