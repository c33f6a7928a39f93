"""Train the incident model: the probability that a record is a real incident.

``newsevents train incident --data ../shared/data`` extracts the training articles (see
:mod:`newsevents.train.incident_data`), computes the features of
:mod:`newsevents.decide.features` and fits an L2-regularised logistic regression on them.
A fifth of the training documents (chosen by a hash of their id) is held apart to report a
validation AUC and expected calibration error before the final fit on everything.
Deterministic given the seed: the document samples, the fold and the solver (lbfgs) depend
on nothing else.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsevents.decide.features import RECORD_FEATURES, TEXT_SIZE, features
from newsevents.evaluate.scorers.calibration import calibration
from newsevents.learn.heads import FeatureBlock, make_head, save_head
from newsevents.train.cards import Card, TrainingSet, retrain_command, write_card
from newsevents.train.incident_data import DEFAULT_LIMITS, Example, examples
from newsevents.train.registry import TrainOptions, TrainResult

NAME = "incident"
VERSION = "1"
#: Inverse regularisation strength, chosen on the held-apart fifth (AUC) and coder-gold dev
#: (precision at recall 0.80): strong regularisation carries better to unseen articles.
C = 0.003


@dataclass(frozen=True)
class Report:
    """What a training run measured."""

    n_examples: int
    n_positive: int
    by_source: dict[str, tuple[int, int]]
    validation_auc: float
    validation_ece: float


def _matrix(items: list[Example]) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    by_doc: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for ex in items:
        by_doc[(ex.source, ex.doc_id)].append(ex)
    rows, labels, sources, docs = [], [], [], []
    for (source, doc_id), group in by_doc.items():
        rows.append(features([ex.event for ex in group], group[0].text))
        labels += [ex.label for ex in group]
        sources += [source] * len(group)
        docs += [doc_id] * len(group)
    return np.concatenate(rows), np.asarray(labels), sources, docs


def _fold(doc_id: str) -> int:
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 5


def train(data: Path, out: Path, seed: int = 0, limits: dict[str, int] | None = None) -> Report:
    """Train on the sets under ``data`` and write the model folder ``out``."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]
    from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

    items = list(examples(data, limits or DEFAULT_LIMITS, seed=seed))
    x, y, sources, docs = _matrix(items)
    held = np.asarray([_fold(d) == 0 for d in docs])

    def fit(xs: np.ndarray, ys: np.ndarray) -> tuple[StandardScaler, LogisticRegression]:
        scaler = StandardScaler().fit(xs)
        model = LogisticRegression(C=C, max_iter=5000).fit(scaler.transform(xs), ys)
        return scaler, model

    scaler, model = fit(x[~held], y[~held])
    held_p = model.predict_proba(scaler.transform(x[held]))[:, 1]
    auc = float(roc_auc_score(y[held], held_p))
    ece = calibration([float(p) for p in held_p], [bool(v) for v in y[held]]).ece
    scaler, model = fit(x, y)
    by_source: dict[str, tuple[int, int]] = {}
    for source in sorted(set(sources)):
        mask = np.asarray([s == source for s in sources])
        by_source[source] = (int(mask.sum()), int(y[mask].sum()))
    head = make_head(
        name=NAME,
        version=VERSION,
        seed=seed,
        features=[
            FeatureBlock(name="record", size=len(RECORD_FEATURES), columns=RECORD_FEATURES),
            FeatureBlock(name="text", size=TEXT_SIZE),
        ],
        labels=["real incident"],
        output="sigmoid",
        mean=scaler.mean_,
        scale=np.where(scaler.scale_ > 0, scaler.scale_, 1.0),
        layers=[(model.coef_.T, model.intercept_)],
        extra={
            "C": C,
            "examples": len(y),
            "positives": int(y.sum()),
            "validation_auc": round(auc, 4),
            "validation_ece": round(ece, 4),
            "sources": {k: list(v) for k, v in by_source.items()},
        },
    )
    save_head(head, out)
    return Report(len(y), int(y.sum()), by_source, auc, ece)


TRAINING_SETS = (
    TrainingSet(
        "MUC-4 train (muc4/gtt/train.json)",
        "public DARPA/NRaD distribution; processed JSON MIT",
        "violent records matched to the answer-key templates are real incidents, the other "
        "violent records are not",
    ),
    TrainingSet(
        "HRDsAttack train (hrdsattack/train.json)",
        "MIT",
        "violent records naming a gold victim are real",
    ),
    TrainingSet(
        "GVDB (gvdb/gvdb.jsonl)",
        "Apache-2.0 repository; article texts belong to their publishers",
        "violent records holding an annotated victim or shooter are real",
    ),
    TrainingSet(
        "CAMEO sentences, ConfliBERT train part (cameo-conflibert/cameo.jsonl), without "
        "those shared with the PLOVER gold records",
        "GPL-3.0 repository, research use; texts belong to their publishers",
        "a record whose PLOVER quad category is the sentence's CAMEO class is real, others "
        "are not (the labels of verbal events: threats, accusations, demands, pledges)",
    ),
    TrainingSet(
        "BBC news (bbc-news/articles.jsonl), 600 articles",
        "BBC copyright, research use",
        "every record found in general news is a negative",
    ),
)


def run(options: TrainOptions) -> TrainResult:
    """``newsevents train incident``: train, save the head and its card into ``options.out``."""
    import datetime as dt

    limits = None
    if options.limit is not None:
        limits = {source: min(n, options.limit) for source, n in DEFAULT_LIMITS.items()}
    report = train(options.data, options.out, options.seed, limits)
    scores = {
        "held-apart fifth of the training documents": {
            "auc": report.validation_auc,
            "ece": report.validation_ece,
        },
        "all training records": {
            "records": float(report.n_examples),
            "real incidents": float(report.n_positive),
        },
    }
    notes = tuple(
        f"{source}: {n} records, {pos} real" for source, (n, pos) in report.by_source.items()
    )
    command = retrain_command(NAME, options.seed, options.limit)
    card = Card(
        title="Incident model (newsevents.decide.incident)",
        summary=(
            "The probability that an extracted record is a real incident a careful coder "
            "would record (not a figurative, generic, negated, hypothetical, background or "
            "repeated one). It is the event's `confidence`; extraction keeps records at or "
            "above `--min-confidence` (default in `newsevents.decide`)."
        ),
        training_sets=TRAINING_SETS,
        method=(
            f"The extractor runs on the training articles; each record gets {len(RECORD_FEATURES)} "
            "record features "
            "(type, modality, participants, counts, date, place, mentions, position) and the "
            "MiniLM (all-MiniLM-L6-v2, int8 ONNX) vectors of its first sentence and first "
            f"trigger. An L2 logistic regression (C = {C}) on standardised features. Scores "
            "on coder-gold dev (incident level, never trained on) are in docs/quality.md."
        ),
        scores=scores,
        date=dt.date.today().isoformat(),
        seed=options.seed,
        command=command,
        notes=(
            *notes,
            "licence of the weights: MIT, as newsevents; the training data is not distributed",
        ),
    )
    write_card(card, options.out)
    return TrainResult(name=NAME, out=options.out, scores=scores, notes=notes)
