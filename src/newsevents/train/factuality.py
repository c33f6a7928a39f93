"""Train the factuality model: ``newsevents train factuality --data ../shared/data``.

Features (:mod:`newsevents.learn.factuality_features`) of every annotated predicate of the UW
and MEANTIME sentences are computed once. A ridge regression is fitted on the ``train``
sentences for each penalty in :data:`ALPHAS`; the penalty and the ``snap_above`` threshold
(:mod:`newsevents.learn.factuality`) with the lowest mean absolute error over all ``dev``
predicates are kept, and the model is scored on each corpus's dev and test parts. Nothing
else is random: the same data and seed give the same weights, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from newsevents.learn.encoder import Encoder
from newsevents.learn.factuality import MODEL_NAME, encoder_sha256, finish
from newsevents.learn.factuality_features import FEATURE_BLOCKS, feature_matrix
from newsevents.learn.heads import Head, make_head, save_head
from newsevents.train.cards import Card, TrainingSet, retrain_command, write_card
from newsevents.train.factuality_data import DATA_FILE, Example, examples, read_sentences, sample
from newsevents.train.linear import fit_ridge
from newsevents.train.metrics import mae, pearson
from newsevents.train.registry import TrainOptions, TrainResult

VERSION = "1"
#: Ridge penalties tried (on standardised features).
ALPHAS = (100.0, 300.0, 1000.0, 3000.0)
#: ``snap_above`` thresholds tried; None keeps the regression's output.
SNAPS: tuple[float | None, ...] = (None, *(round(1.8 + 0.05 * i, 2) for i in range(25)))

TRAINING_SETS = (
    TrainingSet(
        name="UW factuality (Lee, Artzi, Choi and Zettlemoyer, EMNLP 2015)",
        licence="research use; annotations released publicly over TempEval-3 TimeBank and "
        "AQUAINT newswire, whose text is LDC-distributed",
        use="train part for the weights, dev part for the settings, test part for the scores",
    ),
    TrainingSet(
        name="MEANTIME (Minard et al., LREC 2016)",
        licence="Wikinews texts, CC BY 2.5; NewsReader annotations for research use",
        use="as UW",
    ),
)
SOURCE_NOTE = (
    "both corpora as unified on the -3..+3 scale by Stanovsky et al. (ACL 2017), in the copy "
    "at github.com/Yottaxx/T-LSTM (commit 92618d8; MIT code, no data licence stated); "
    "FactBank (LDC2009T23) is not used"
)


def run(options: TrainOptions) -> TrainResult:
    """Train, choose the settings on dev, save the head and its card into ``options.out``."""
    sentences = read_sentences(options.data / DATA_FILE)
    if options.limit is not None:
        sentences = sample(sentences, options.limit, options.seed)
    items = examples(sentences)
    features = feature_matrix(Encoder(cache_texts=0), [(e.text, e.start, e.end) for e in items])
    targets = np.asarray([e.target for e in items], dtype=np.float32)
    train = _mask(items, "train")
    dev = _mask(items, "dev")
    if not train.any() or not dev.any():
        raise ValueError("the factuality data needs predicates in both its train and dev parts")

    best: tuple[float, float, float | None, Head] | None = None
    for alpha in ALPHAS:
        head = _head(features[train], targets[train], alpha, options.seed)
        raw = head.predict(features[dev])[:, 0]
        for snap in SNAPS:
            error = mae(finish(raw, snap), targets[dev])
            # Strictly lower only: ties keep the earlier, more regularised, setting.
            if best is None or error < best[0] - 1e-9:
                best = (error, alpha, snap, head)
    assert best is not None
    _, alpha, snap, head = best
    head = replace(
        head,
        extra={
            "alpha": alpha,
            "snap_above": snap,
            "encoder_sha256": encoder_sha256(),
            "train_predicates": int(train.sum()),
        },
    )
    save_head(head, options.out)
    predicted = finish(head.predict(features)[:, 0], snap)
    scores = _scores(items, predicted, targets)
    notes = (f"ridge alpha {alpha:g}, snap_above {snap}; {int(train.sum())} training predicates",)
    write_card(_card(options, scores, notes), options.out)
    return TrainResult(name=MODEL_NAME, out=options.out, scores=scores, notes=notes)


def _mask(items: Sequence[Example], split: str) -> NDArray[np.bool_]:
    return np.asarray([e.split == split for e in items], dtype=bool)


def _head(
    features: NDArray[np.float32], targets: NDArray[np.float32], alpha: float, seed: int
) -> Head:
    fit = fit_ridge(features, targets, alpha)
    return make_head(
        name=MODEL_NAME,
        version=VERSION,
        seed=seed,
        features=FEATURE_BLOCKS,
        labels=(MODEL_NAME,),
        output="identity",
        mean=fit.mean,
        scale=fit.scale,
        layers=[(fit.weights, fit.bias)],
    )


def _scores(
    items: Sequence[Example], predicted: NDArray[np.float32], targets: NDArray[np.float32]
) -> dict[str, dict[str, float]]:
    scores: dict[str, dict[str, float]] = {}
    for split in ("dev", "test"):
        for corpus in ("uw", "meantime"):
            part = np.asarray([e.split == split and e.corpus == corpus for e in items], dtype=bool)
            if part.any():
                scores[f"{split} {corpus}"] = {
                    "mae": round(mae(predicted[part], targets[part]), 4),
                    "r": round(pearson(predicted[part], targets[part]), 4),
                    "n_events": float(part.sum()),
                }
    return scores


def _card(
    options: TrainOptions, scores: dict[str, dict[str, float]], notes: tuple[str, ...]
) -> Card:
    command = retrain_command(MODEL_NAME, options.seed, options.limit)
    return Card(
        title="Event factuality (newsevents.learn.factuality)",
        summary=(
            "Scores how certainly a text presents an event predicate as having happened, from "
            "+3 (certainly happened) through 0 (uncertain) to -3 (certainly did not happen). "
            "Use: `factuality(text, [(start, end), ...])`."
        ),
        training_sets=TRAINING_SETS,
        method=(
            "Features: the MiniLM (all-MiniLM-L6-v2, int8 ONNX) vector of the predicate, of its "
            "sentence and of the three words before it, and 39 negation, modal and hedging cue "
            "flags. A ridge regression on standardised features; the penalty and the threshold "
            "above which a score is raised to +3 are those with the lowest mean absolute error "
            "on all dev predicates. Scores are clipped to [-3, 3]."
        ),
        scores=scores,
        date=dt.date.today().isoformat(),
        seed=options.seed,
        command=command,
        notes=(
            *notes,
            SOURCE_NOTE,
            "licence of the weights: MIT, as newsevents; the training data is research-use "
            "data and is not distributed",
        ),
    )
