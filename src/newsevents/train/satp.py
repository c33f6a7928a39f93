"""Train the SATP type model: ``newsevents train satp-types --data ../shared/data``.

The relevant SATP summaries (:func:`newsevents.train.types_data.satp_texts`) are split by
their ``suggested_split``. The vocabulary is made of the train texts; the settings of
:mod:`newsevents.train.types_fit` are chosen by macro F1 on dev; the model is fitted on the
train texts alone and scored on dev and test (macro F1 over the four labels, as the
ConfliBERT paper reports SATP). Deterministic given the data: nothing is sampled unless
``--limit`` asks for a quick run.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from newsevents.decide.types_model import SATP_LABELS, SATP_MODEL
from newsevents.decide.types_text import build_vocabulary, feature_matrix
from newsevents.learn.heads import save_head
from newsevents.train.cards import Card, TrainingSet, retrain_command, write_card
from newsevents.train.registry import TrainOptions, TrainResult
from newsevents.train.types_data import TypedText, coder_gold_ids, satp_texts
from newsevents.train.types_fit import THRESHOLD, Settings, fit, label_matrix, scores, select

VERSION = "1"
#: Words in the vocabulary.
VOCABULARY_SIZE = 2000
#: Settings tried on dev.
CANDIDATES = tuple(Settings(c, w) for c in (3.0, 10.0, 30.0) for w in (0.03, 0.05, 0.1))

TRAINING_SETS = (
    TrainingSet(
        "SATP event summaries as processed for ConfliBERT (satp-conflibert/satp.jsonl)",
        "GPL-3.0 repository; the summaries are satp.org's, research use",
        "relevant summaries: train part for the weights, dev part for the settings, test "
        "part for the scores; the 4 summaries of coder-gold dev left out",
    ),
)


def _sample(items: Sequence[TypedText], limit: int | None, seed: int) -> list[TypedText]:
    if limit is None:
        return list(items)
    out: list[TypedText] = []
    for split in ("train", "dev", "test"):
        part = [t for t in items if t.split == split]
        out += random.Random(seed).sample(part, min(limit, len(part)))
    return out


def run(options: TrainOptions) -> TrainResult:
    """Train, save the head and its card into ``options.out``; scores on dev and test."""
    held_out = coder_gold_ids(options.data)
    items = _sample(satp_texts(options.data, held_out), options.limit, options.seed)
    parts = {s: [t for t in items if t.split == s] for s in ("train", "dev", "test")}
    vocabulary = build_vocabulary((t.text for t in parts["train"]), VOCABULARY_SIZE)
    x = {s: feature_matrix([t.text for t in p], vocabulary) for s, p in parts.items()}
    y = {s: label_matrix([t.labels for t in p], SATP_LABELS) for s, p in parts.items()}
    best, tried = select(
        CANDIDATES,
        x["train"],
        y["train"],
        x["dev"],
        y["dev"],
        vocabulary,
        SATP_LABELS,
        options.seed,
    )
    model = fit(
        x["train"],
        y["train"],
        vocabulary,
        best,
        name=SATP_MODEL,
        version=VERSION,
        seed=options.seed,
        labels=SATP_LABELS,
        extra={"train_texts": len(parts["train"])},
    )
    save_head(model.head, options.out)
    result = {
        f"SATP {split} (relevant summaries)": scores(model, x[split], y[split])
        for split in ("dev", "test")
    }
    notes = (
        f"settings chosen on dev: C = {best.c:g}, MiniLM weight = {best.minilm_weight:g} "
        f"(dev macro F1 of each: "
        + ", ".join(f"{s.c:g}/{s.minilm_weight:g} {v:.1f}" for s, v in tried.items())
        + ")",
        f"{len(parts['train'])} train, {len(parts['dev'])} dev, {len(parts['test'])} test "
        "summaries",
    )
    command = retrain_command(SATP_MODEL, options.seed, options.limit)
    card = Card(
        title="SATP attack types (newsevents.decide.types_model, satp-types)",
        summary=(
            "Which of the SATP (South Asia Terrorism Portal) attack types a news summary "
            "reports: Armed Assault, Bombing/Explosion, Kidnapping, Other (several may hold). "
            "`newsevents.decide.types_model.satp_types(texts)` applies it."
        ),
        training_sets=TRAINING_SETS,
        method=(
            f"One L2 logistic regression per label over sublinear tf-idf of "
            f"{len(vocabulary.words)} words and the MiniLM (all-MiniLM-L6-v2, int8 ONNX) "
            f"sentence vector of the text, standardised and weighted {best.minilm_weight:g}; "
            f"C = {best.c:g}, classes balanced. A text gets each label of probability "
            f"{THRESHOLD} or more, else its most probable one. Macro F1 over the four labels; "
            "ConfliBERT reports 86.7 on its own split of SATP-relevant (the splits differ)."
        ),
        scores=result,
        date=dt.date.today().isoformat(),
        seed=options.seed,
        command=command,
        notes=(*notes, "licence of the weights: MIT, as newsevents; the data is not shipped"),
    )
    write_card(card, options.out)
    return TrainResult(name=SATP_MODEL, out=options.out, scores=result, notes=notes)
