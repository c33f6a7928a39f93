"""Fitting and scoring the type models (:mod:`newsevents.decide.types_model`).

One L2 logistic regression per label (one-vs-rest, classes weighted to balance each label's
positives and negatives) over the features of :mod:`newsevents.decide.types_text`. The word
block enters as it is (tf-idf rows have unit length); the MiniLM block is standardised on
the training rows and scaled down by ``minilm_weight``, which sets how much the sentence
vector may speak against the words under one regularisation strength ``c``. Both settings
are chosen on development texts by :func:`select`. The solver (lbfgs) is deterministic, so
the same texts give the same weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsevents.decide.types_model import TypeModel
from newsevents.decide.types_text import Vocabulary, feature_blocks
from newsevents.learn.factuality import encoder_sha256
from newsevents.learn.heads import JSONValue, make_head

#: Probability at or above which a text gets a label.
THRESHOLD = 0.5


@dataclass(frozen=True)
class Settings:
    """Inverse regularisation strength and weight of the MiniLM block."""

    c: float
    minilm_weight: float


def label_matrix(labels: Sequence[Sequence[str]], names: Sequence[str]) -> NDArray[np.int64]:
    """0/1 matrix of each item's labels, one column per name."""
    return np.asarray([[int(n in labs) for n in names] for labs in labels], dtype=np.int64)


def fit(
    x: NDArray[np.float32],
    y: NDArray[np.int64],
    vocabulary: Vocabulary,
    settings: Settings,
    *,
    name: str,
    version: str,
    seed: int,
    labels: Sequence[str],
    extra: dict[str, JSONValue] | None = None,
) -> TypeModel:
    """A type model fitted on features ``x`` (words, then MiniLM) and labels ``y``."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    n_words = len(vocabulary.words)
    minilm = x[:, n_words:].astype(np.float64)
    std = minilm.std(axis=0)
    mean = np.concatenate([np.zeros(n_words), minilm.mean(axis=0)])
    scale = np.concatenate([np.ones(n_words), np.where(std > 0, std, 1.0) / settings.minilm_weight])
    standard = (x.astype(np.float64) - mean) / scale
    weights = np.zeros((x.shape[1], len(labels)))
    bias = np.zeros(len(labels))
    for k in range(len(labels)):
        model = LogisticRegression(
            C=settings.c, max_iter=5000, class_weight="balanced", random_state=seed
        ).fit(standard, y[:, k])
        weights[:, k] = model.coef_[0]
        bias[k] = model.intercept_[0]
    head = make_head(
        name=name,
        version=version,
        seed=seed,
        features=feature_blocks(vocabulary),
        labels=labels,
        output="sigmoid",
        mean=mean,
        scale=scale,
        layers=[(weights, bias)],
        extra={
            "threshold": THRESHOLD,
            "c": settings.c,
            "minilm_weight": settings.minilm_weight,
            "encoder_sha256": encoder_sha256(),
            "idf": [round(v, 6) for v in vocabulary.idf],
            **(extra or {}),
        },
    )
    # The idf is stored rounded; the model carries exactly what a reader will load.
    stored = Vocabulary(vocabulary.words, tuple(round(v, 6) for v in vocabulary.idf))
    return TypeModel(head=head, vocabulary=stored, threshold=THRESHOLD)


def scores(model: TypeModel, x: NDArray[np.float32], y: NDArray[np.int64]) -> dict[str, float]:
    """Macro and micro F1 (percent) over the labels, and each label's F1, of ``model`` on
    features ``x`` with gold ``y``. A label neither in the gold nor predicted has no F1 and
    is left out of the macro average."""
    predicted = label_matrix(model.decide(model.head.predict(x)), model.labels)
    out: dict[str, float] = {}
    per_label = []
    for k, label in enumerate(model.labels):
        if not (predicted[:, k].any() or y[:, k].any()):
            continue
        f1 = _f1(predicted[:, k], y[:, k])
        per_label.append(f1)
        out[f"f1 {label}"] = 100 * f1
    out = {
        "macro_f1": 100 * float(np.mean(per_label)) if per_label else 0.0,
        "micro_f1": 100 * _f1(predicted.ravel(), y.ravel()),
        **out,
        "n_texts": float(len(y)),
    }
    return out


def _f1(predicted: NDArray[np.int64], gold: NDArray[np.int64]) -> float:
    tp = float(np.sum((predicted == 1) & (gold == 1)))
    fp = float(np.sum((predicted == 1) & (gold == 0)))
    fn = float(np.sum((predicted == 0) & (gold == 1)))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def select(
    candidates: Sequence[Settings],
    train_x: NDArray[np.float32],
    train_y: NDArray[np.int64],
    dev_x: NDArray[np.float32],
    dev_y: NDArray[np.int64],
    vocabulary: Vocabulary,
    labels: Sequence[str],
    seed: int,
) -> tuple[Settings, dict[Settings, float]]:
    """The settings with the best development macro F1 (the first of equals), and each
    candidate's macro F1."""
    results: dict[Settings, float] = {}
    for settings in candidates:
        model = fit(
            train_x,
            train_y,
            vocabulary,
            settings,
            name="selection",
            version="0",
            seed=seed,
            labels=labels,
        )
        results[settings] = scores(model, dev_x, dev_y)["macro_f1"]
    best = max(candidates, key=lambda s: results[s])
    return best, results


__all__ = ["THRESHOLD", "Settings", "fit", "label_matrix", "scores", "select"]
