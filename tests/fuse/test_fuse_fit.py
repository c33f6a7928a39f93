"""The weight fitting helpers on synthetic pairs (no data files needed)."""

from __future__ import annotations

import numpy as np

from newsevents.fuse.config import FEATURES
from newsevents.fuse.fit import logistic, yaml_block


def test_logistic_learns_that_text_similarity_means_one_incident() -> None:
    rng = np.random.default_rng(3)
    n = 400
    x = np.zeros((n, len(FEATURES)))
    x[:, 0] = 1.0  # bias
    y = (rng.random(n) < 0.3).astype(float)
    text = FEATURES.index("text")
    x[:, text] = np.where(y == 1, rng.uniform(0.2, 0.8, n), rng.uniform(0.0, 0.3, n))
    weights = logistic(x, y, l2=1.0)
    assert weights["text"] > 3
    assert weights["bias"] < 0
    assert weights["killed_agree"] == 0.0  # an all-zero feature gets no weight


def test_yaml_block_lists_every_weight() -> None:
    block = yaml_block({"bias": -1.0, "text": 5.0}, 0.25, 0.08)
    assert block.splitlines() == [
        "  threshold: 0.25",
        "  min_text: 0.08",
        "  weights:",
        "    bias: -1.0",
        "    text: 5.0",
    ]
