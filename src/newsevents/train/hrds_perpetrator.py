"""Train the HRDsAttack perpetrator-type head: ``newsevents train hrds-perpetrator --data
../shared/data``.

The articles of HRDsAttack train (``hrdsattack/train.json``) are read by the extractor and
the adapter's rules (:func:`newsevents.evaluate.hrdsattack.predict_by_rules`); the head
learns the annotated perpetrator type from what the rules found
(:func:`~newsevents.evaluate.hrdsattack.perpetrator_features`). Articles the annotators gave
no type are left out (nothing to learn). The regularisation strength is chosen by a seeded
five-fold cross-validation on train; the head is then fitted on all of train and scored on
dev, which it never sees. Multinomial logistic regression (lbfgs) on standardised features:
the same data and seed give the same weights.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsevents.evaluate.hrdsattack import (
    PERPETRATOR_MODEL,
    PERPETRATOR_TYPES,
    HrdsItem,
    load_mapping,
    perpetrator_feature_names,
    perpetrator_features,
    predict_by_rules,
    read_items,
    sample_items,
    split_path,
)
from newsevents.learn.heads import FeatureBlock, Head, make_head, save_head
from newsevents.train.cards import Card, TrainingSet, retrain_command, write_card
from newsevents.train.linear import standardiser
from newsevents.train.registry import TrainOptions, TrainResult

VERSION = "1"
#: Inverse regularisation strengths tried by cross-validation on train.
CANDIDATES = (0.03, 0.1, 0.3, 1.0)
FOLDS = 5

TRAINING_SETS = (
    TrainingSet(
        "HRDsAttack (github.com/dataminr-ai/HRDsAttack), hrdsattack/train.json",
        "research data of the HRDsAttack authors; the articles are their publishers'",
        "train articles with an annotated perpetrator type: the weights and, by five-fold "
        "cross-validation, the regularisation; dev articles: the scores only",
    ),
)


@dataclass(frozen=True)
class Rows:
    """Feature rows of one split, the annotated types, and the rules' answers."""

    x: NDArray[np.float32]
    y: NDArray[np.int64]
    rules: tuple[str | None, ...]


def _rows(items: Sequence[HrdsItem]) -> Rows:
    """Features of the articles whose annotation has a perpetrator type."""
    from newsevents.extract.article import extract_many

    mapping = load_mapping()
    kept = [item for item in items if item.gold.perpetrator_type in PERPETRATOR_TYPES]
    x: list[list[float]] = []
    rules: list[str | None] = []
    for result in extract_many([item.article for item in kept]):
        rule = predict_by_rules(result.events, mapping)
        x.append(perpetrator_features(result.events, rule, mapping))
        rules.append(rule.perpetrator_type)
    y = [PERPETRATOR_TYPES.index(str(item.gold.perpetrator_type)) for item in kept]
    return Rows(np.asarray(x, np.float32), np.asarray(y, np.int64), tuple(rules))


def fit_head(x: NDArray[np.float32], y: NDArray[np.int64], c: float, seed: int) -> Head:
    """A softmax head: multinomial logistic regression on standardised features. A type no
    training row has keeps a bias far below the others, so it is never chosen."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    mean, scale = standardiser(x)
    standard = ((x - mean) / scale).astype(np.float64)
    model = LogisticRegression(C=c, max_iter=5000, random_state=seed).fit(standard, y)
    n_types = len(PERPETRATOR_TYPES)
    weights = np.zeros((x.shape[1], n_types), np.float64)
    bias = np.full(n_types, -30.0, np.float64)
    classes = [int(c) for c in model.classes_]
    if len(classes) == 2:
        # Two classes: sklearn keeps one row of logits, the second class's against the first.
        bias[classes[0]] = 0.0
        weights[:, classes[1]] = model.coef_[0]
        bias[classes[1]] = model.intercept_[0]
    else:
        for row, cls in enumerate(classes):
            weights[:, cls] = model.coef_[row]
            bias[cls] = model.intercept_[row]
    names = perpetrator_feature_names()
    return make_head(
        name=PERPETRATOR_MODEL,
        version=VERSION,
        seed=seed,
        features=(FeatureBlock(name="hrds-rules", size=len(names), columns=names),),
        labels=PERPETRATOR_TYPES,
        output="softmax",
        mean=mean,
        scale=scale,
        layers=((weights, bias),),
        extra={"c": c},
    )


def _accuracy(head: Head, rows: Rows) -> float:
    if not len(rows.y):
        return 0.0
    predicted = head.predict(rows.x).argmax(axis=1)
    return float(100.0 * np.mean(predicted == rows.y))


def _rule_accuracy(rows: Rows) -> float:
    if not len(rows.y):
        return 0.0
    right = [r == PERPETRATOR_TYPES[int(g)] for r, g in zip(rows.rules, rows.y, strict=True)]
    return float(100.0 * np.mean(right))


def cross_validate(x: NDArray[np.float32], y: NDArray[np.int64], c: float, seed: int) -> float:
    """Accuracy (percent) of ``FOLDS``-fold cross-validation with folds drawn by ``seed``."""
    order = list(range(len(y)))
    random.Random(seed).shuffle(order)
    right = 0
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS])
        test = np.asarray(order[fold::FOLDS], np.int64)
        train = np.asarray([i for i in order if i not in held], np.int64)
        head = fit_head(x[train], y[train], c, seed)
        right += int(np.sum(head.predict(x[test]).argmax(axis=1) == y[test]))
    return 100.0 * right / max(1, len(y))


def run(options: TrainOptions) -> TrainResult:
    """Train on HRDsAttack train, save the head and its card, score on dev."""
    data = options.data / "hrdsattack"
    corrections = load_mapping().corrections
    splits = {
        s: sample_items(read_items(split_path(data, s), corrections), options.limit, options.seed)
        for s in ("train", "dev")
    }
    rows = {s: _rows(items) for s, items in splits.items()}
    train = rows["train"]
    tried = {c: cross_validate(train.x, train.y, c, options.seed) for c in CANDIDATES}
    best = max(CANDIDATES, key=lambda c: (tried[c], -c))
    head = fit_head(train.x, train.y, best, options.seed)
    save_head(head, options.out)
    scores: dict[str, dict[str, Any]] = {
        "HRDsAttack train, 5-fold cross-validation": {"accuracy": tried[best]},
        "HRDsAttack dev": {"accuracy": _accuracy(head, rows["dev"])},
        "HRDsAttack dev, the rules alone": {"accuracy": _rule_accuracy(rows["dev"])},
    }
    for part in scores.values():
        part["n_articles"] = 0.0
    scores["HRDsAttack train, 5-fold cross-validation"]["n_articles"] = float(len(train.y))
    scores["HRDsAttack dev"]["n_articles"] = float(len(rows["dev"].y))
    scores["HRDsAttack dev, the rules alone"]["n_articles"] = float(len(rows["dev"].y))
    notes = (
        "C chosen by cross-validation on train: "
        + ", ".join(f"{c:g} {v:.1f}" for c, v in tried.items()),
        "accuracy over the articles the annotators gave a perpetrator type; the published "
        "score also counts the others, which no answer can get right",
    )
    card = Card(
        title="HRDsAttack perpetrator type (newsevents.evaluate.hrdsattack, hrds-perpetrator)",
        summary=(
            "The perpetrator type of an HRDsAttack annotation (state actor, other state "
            "actors, other actors with or without permissions, other non-state actors, "
            "regional orgs, insufficient info), read from what the adapter's rules found in "
            "the extracted events. `newsevents.evaluate.hrdsattack.predict` applies it."
        ),
        training_sets=TRAINING_SETS,
        method=(
            f"Multinomial L2 logistic regression (C = {best:g}) over "
            f"{len(perpetrator_feature_names())} standardised features: the rules' type "
            "(one-hot), the share of each actor kind among the doers of the violation "
            "events, the violation labels, whether there is any violation event and how "
            "many. Always answers a type."
        ),
        scores={k: {m: float(v) for m, v in part.items()} for k, part in scores.items()},
        date=dt.date.today().isoformat(),
        seed=options.seed,
        command=retrain_command(PERPETRATOR_MODEL, options.seed, options.limit),
        notes=(*notes, "licence of the weights: MIT, as newsevents; the data is not shipped"),
    )
    write_card(card, options.out)
    return TrainResult(
        name=PERPETRATOR_MODEL,
        out=options.out,
        scores={k: {m: float(v) for m, v in part.items()} for k, part in scores.items()},
        notes=notes,
    )
