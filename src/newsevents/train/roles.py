"""Train the roles model: which candidates of an incident did it, and which had it done to them.

``newsevents train roles --data ../shared/data`` extracts the training articles (see
:mod:`newsevents.train.roles_data`), computes the candidate features of
:mod:`newsevents.roles.features` and fits one L2-regularised logistic regression per output
(perpetrator, target), each on the candidates whose label for it is known. A fifth of the
training documents (chosen by a hash of their id) is held apart to report validation scores
before the final fit on everything. Deterministic given the seed: the document samples, the
fold and the solver (lbfgs) depend on nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsevents.learn.encoder import DIM
from newsevents.learn.heads import FeatureBlock, make_head, save_head
from newsevents.roles.features import HAND_FEATURES
from newsevents.train.cards import Card, TrainingSet, write_card
from newsevents.train.registry import TrainOptions, TrainResult
from newsevents.train.roles_data import LABELS, UNKNOWN, documents, examples

NAME = "roles"
VERSION = "1"
#: Inverse regularisation strength of both outputs, chosen on the held-apart fifth.
C = 0.003


@dataclass(frozen=True)
class Report:
    """What a training run measured: validation scores per output and the data's size."""

    validation: dict[str, dict[str, float]]
    counts: dict[str, dict[str, float]]


def _fold(doc_id: str) -> int:
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 5


def _fit(x: NDArray[np.float32], y: NDArray[np.int8]) -> Any:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    return LogisticRegression(C=C, max_iter=3000).fit(x, y)


def _scores(probability: NDArray[np.float64], gold: NDArray[np.int8]) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]

    predicted = probability >= 0.5
    tp = float(np.sum(predicted & (gold == 1)))
    precision = tp / max(1.0, float(predicted.sum()))
    recall = tp / max(1.0, float((gold == 1).sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    auc = float(roc_auc_score(gold, probability)) if len(set(gold.tolist())) == 2 else 0.0
    return {"auc": auc, "precision": precision, "recall": recall, "f1": f1}


def train(data: Path, out: Path, seed: int = 0, limits: dict[str, int] | None = None) -> Report:
    """Train on the sets under ``data`` and write the model folder ``out``."""
    docs = documents(data, limits, seed)
    found = examples(docs)
    x, y = found.matrix()
    if not len(x):
        raise ValueError("no training examples: is the shared data folder complete?")
    mean = x.mean(axis=0, dtype=np.float64)
    scale = x.std(axis=0, dtype=np.float64)
    scale[scale < 1e-6] = 1.0
    standard = ((x - mean) / scale).astype(np.float32)
    held = np.asarray([_fold(d) == 0 for d in found.docs])
    sources = np.asarray(found.sources)
    validation: dict[str, dict[str, float]] = {}
    weights, biases = [], []
    for k, label in enumerate(LABELS):
        known = y[:, k] != UNKNOWN
        train_rows, test_rows = known & ~held, known & held
        if test_rows.any() and train_rows.any():
            probe = _fit(standard[train_rows], y[train_rows, k])
            probability = probe.predict_proba(standard[test_rows])[:, 1]
            validation[f"held-apart fifth: {label}"] = _scores(probability, y[test_rows, k])
        final = _fit(standard[known], y[known, k])
        weights.append(final.coef_[0])
        biases.append(final.intercept_[0])
    counts: dict[str, dict[str, float]] = {}
    for source in sorted(set(found.sources)):
        mask = sources == source
        counts[f"training candidates: {source}"] = {
            "n_candidates": float(mask.sum()),
            "n_perpetrators": float(np.sum(y[mask, 0] == 1)),
            "n_targets": float(np.sum(y[mask, 1] == 1)),
        }
    head = make_head(
        name=NAME,
        version=VERSION,
        seed=seed,
        features=[
            FeatureBlock(name="candidate", size=len(HAND_FEATURES), columns=HAND_FEATURES),
            FeatureBlock(name="phrase", size=DIM),
            FeatureBlock(name="trigger", size=DIM),
            FeatureBlock(name="phrase_x_trigger", size=DIM),
        ],
        labels=list(LABELS),
        output="sigmoid",
        mean=mean,
        scale=scale,
        layers=[(np.stack(weights, axis=1), np.asarray(biases))],
        extra={
            "C": C,
            "documents": {source: len(items) for source, items in docs.items()},
            "candidates": len(x),
        },
    )
    save_head(head, out)
    return Report(validation, counts)


TRAINING_SETS = (
    TrainingSet(
        "MUC-4 train (muc4/gtt/train.json)",
        "public DARPA/NRaD distribution; processed JSON MIT",
        "PerpInd/PerpOrg fillers are perpetrators, Target/Victim fillers targets, of the "
        "assaults whose sentences name a filler; other candidates are neither",
    ),
    TrainingSet(
        "CAMEO ConfliBERT train (cameo-conflibert/cameo.jsonl), material-conflict sentences",
        "GPL-3.0 repositories; research use",
        "source spans are perpetrators, target spans targets",
    ),
    TrainingSet(
        "GVDB (gvdb/gvdb.jsonl)",
        "Apache-2.0 repository; article texts belong to their publishers",
        "named shooters are perpetrators and named victims targets of the shootings; other "
        "named people are neither",
    ),
    TrainingSet(
        "HRDsAttack train (hrdsattack/train.json), less the coder-gold dev articles",
        "MIT",
        "named victims are targets of the violent and coercive incidents; other named "
        "people are not (perpetrators: not labelled)",
    ),
)


def run(options: TrainOptions) -> TrainResult:
    """``newsevents train roles``: train, save the head and its card into ``options.out``."""
    import datetime as dt

    limits = None
    if options.limit is not None:
        limits = {source: options.limit for source in ("muc4", "cameo", "gvdb", "hrdsattack")}
    report = train(options.data, options.out, options.seed, limits)
    scores = {**report.validation, **report.counts}
    command = f"newsevents train {NAME} --data ../shared/data --seed {options.seed}"
    if options.limit is not None:
        command += f" --limit {options.limit}"
    card = Card(
        title="Roles model (newsevents.roles)",
        summary=(
            "Who did it and to whom: for each candidate noun phrase around an assault or a "
            "coercive incident (arrest, seizure), the probability that it is the incident's "
            "perpetrator and the probability that it is its target or victim. The roles step "
            "keeps the most probable ones above a threshold (newsevents.roles.choose)."
        ),
        training_sets=TRAINING_SETS,
        method=(
            "The extractor runs on the training articles; each noun phrase, pronoun and name "
            "in an incident's sentences and the sentences next to them is a candidate. "
            f"{len(HAND_FEATURES)} candidate features (its grammatical relation to the "
            "nearest trigger, distance, entity label, word lists, speech, claim and custody "
            "contexts, the extractor's rule-made role) and the MiniLM (all-MiniLM-L6-v2, int8 "
            "ONNX) vectors of the phrase, of the trigger and their product. One L2 logistic "
            f"regression per output (C = {C}) on standardised features, each fitted on the "
            "candidates whose label the data gives. Scores on coder-gold dev, HRDsAttack dev "
            "and MUC-4 dev (never trained on) are in docs/quality.md."
        ),
        scores=scores,
        date=dt.date.today().isoformat(),
        seed=options.seed,
        command=command,
        notes=("licence of the weights: MIT, as newsevents; the training data is not distributed",),
    )
    write_card(card, options.out)
    return TrainResult(name=NAME, out=options.out, scores=scores, notes=())
