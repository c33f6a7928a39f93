"""Train the typing step's model: ``newsevents train types --data ../shared/data``.

The ``types`` model gives the SATP attack types (Armed Assault, Bombing/Explosion,
Kidnapping, Other) of the sentences that report an incident; the typing step
(:mod:`newsevents.decide.event_type`) reads the means of assaults from it. It learns from
three kinds of news (:mod:`newsevents.train.types_data`): SATP summaries (South Asia), the
MUC-4 train templates' sentences (Latin America, 1989-90, lower-cased) and GVDB shooting
reports (United States), so that it carries to news of any region and style.

Settings (:mod:`newsevents.train.types_fit`) are chosen by macro F1 on the selection texts:
SATP dev and a fifth of the MUC-4 and GVDB documents (by a hash of their id); the model is
then fitted on every training text (SATP train, all of MUC-4 train and GVDB) and scored on
SATP test, which it never saw. Deterministic given the data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import numpy as np

from newsevents.decide.types_model import SATP_LABELS, TYPES_MODEL
from newsevents.decide.types_text import build_vocabulary, feature_matrix
from newsevents.learn.heads import save_head
from newsevents.train.cards import Card, TrainingSet, retrain_command, write_card
from newsevents.train.registry import TrainOptions, TrainResult
from newsevents.train.types_data import (
    TypedText,
    coder_gold_ids,
    fold,
    gvdb_texts,
    muc_texts,
    satp_texts,
)
from newsevents.train.types_fit import THRESHOLD, Settings, fit, label_matrix, scores, select

VERSION = "1"
VOCABULARY_SIZE = 3000
CANDIDATES = tuple(Settings(c, w) for c in (3.0, 10.0, 30.0) for w in (0.03, 0.05, 0.1))

TRAINING_SETS = (
    TrainingSet(
        "SATP event summaries as processed for ConfliBERT (satp-conflibert/satp.jsonl)",
        "GPL-3.0 repository; the summaries are satp.org's, research use",
        "relevant summaries: train part for the weights, dev part for the settings, test part "
        "for the scores; the 4 summaries of coder-gold dev left out",
    ),
    TrainingSet(
        "MUC-4 train (muc4/gtt/train.json)",
        "public DARPA/NRaD distribution; processed JSON MIT",
        "the sentences naming each template's fillers, labelled by its incident type",
    ),
    TrainingSet(
        "GVDB (gvdb/gvdb.jsonl)",
        "Apache-2.0 repository; article texts belong to their publishers",
        "the sentences naming a victim or shooter of each shooting article: Armed Assault",
    ),
)


def _sample(items: Sequence[TypedText], limit: int | None, seed: int) -> list[TypedText]:
    if limit is None:
        return list(items)
    out: list[TypedText] = []
    for key in sorted({(t.source, t.split) for t in items}):
        part = [t for t in items if (t.source, t.split) == key]
        out += random.Random(seed).sample(part, min(limit, len(part)))
    return out


def _role(item: TypedText) -> str:
    """What a text is used for: ``train``, ``select`` or ``test``."""
    if item.source == "satp":
        return {"train": "train", "dev": "select", "test": "test"}[item.split]
    return "select" if fold(item) == 0 else "train"


def run(options: TrainOptions) -> TrainResult:
    """Train, save the head and its card into ``options.out``; scores on the selection
    texts (before the final fit) and on SATP test."""
    held_out = coder_gold_ids(options.data)
    items = _sample(
        [
            *satp_texts(options.data, held_out),
            *muc_texts(options.data, held_out),
            *gvdb_texts(options.data, held_out),
        ],
        options.limit,
        options.seed,
    )
    parts = {r: [t for t in items if _role(t) == r] for r in ("train", "select", "test")}
    vocabulary = build_vocabulary((t.text for t in parts["train"]), VOCABULARY_SIZE)
    x = {r: feature_matrix([t.text for t in p], vocabulary) for r, p in parts.items()}
    y = {r: label_matrix([t.labels for t in p], SATP_LABELS) for r, p in parts.items()}
    best, tried = select(
        CANDIDATES,
        x["train"],
        y["train"],
        x["select"],
        y["select"],
        vocabulary,
        SATP_LABELS,
        options.seed,
    )
    selection = fit(
        x["train"],
        y["train"],
        vocabulary,
        best,
        name=TYPES_MODEL,
        version=VERSION,
        seed=options.seed,
        labels=SATP_LABELS,
    )
    result: dict[str, dict[str, float]] = {}
    for source in ("satp", "muc4", "gvdb"):
        mask = np.asarray([t.source == source for t in parts["select"]], dtype=bool)
        if any(mask):
            result[f"selection texts, {source} (before the final fit)"] = scores(
                selection, x["select"][mask], y["select"][mask]
            )
    # The final fit takes the MUC-4 and GVDB selection texts too; SATP dev stays out, as
    # the SATP model's does.
    extra = np.asarray([t.source != "satp" for t in parts["select"]], dtype=bool)
    final_x = np.concatenate([x["train"], x["select"][extra]])
    final_y = np.concatenate([y["train"], y["select"][extra]])
    model = fit(
        final_x,
        final_y,
        vocabulary,
        best,
        name=TYPES_MODEL,
        version=VERSION,
        seed=options.seed,
        labels=SATP_LABELS,
        extra={"train_texts": len(final_y)},
    )
    save_head(model.head, options.out)
    result["SATP test (never trained on)"] = scores(model, x["test"], y["test"])
    counts = {s: sum(1 for t in items if t.source == s) for s in ("satp", "muc4", "gvdb")}
    notes = (
        f"settings chosen on the selection texts: C = {best.c:g}, MiniLM weight = "
        f"{best.minilm_weight:g} (macro F1 of each: "
        + ", ".join(f"{s.c:g}/{s.minilm_weight:g} {v:.1f}" for s, v in tried.items())
        + ")",
        f"texts: SATP {counts['satp']}, MUC-4 {counts['muc4']}, GVDB {counts['gvdb']}; "
        f"final fit on {len(final_y)}",
    )
    command = retrain_command(TYPES_MODEL, options.seed, options.limit)
    card = Card(
        title="Incident means (newsevents.decide.types_model, types)",
        summary=(
            "The SATP attack types (Armed Assault, Bombing/Explosion, Kidnapping, Other) of "
            "the sentences that report an incident. The typing step "
            "(`newsevents.decide.event_type`) sets an assault's mode to explosives or abduct "
            "where it is confident of a bombing or a kidnapping (an armed assault does not "
            "say that a firearm was used, so it sets no mode)."
        ),
        training_sets=TRAINING_SETS,
        method=(
            f"One L2 logistic regression per label over sublinear tf-idf of "
            f"{len(vocabulary.words)} words and the MiniLM (all-MiniLM-L6-v2, int8 ONNX) "
            f"sentence vector, standardised and weighted {best.minilm_weight:g}; "
            f"C = {best.c:g}, classes balanced; threshold {THRESHOLD}. Effect on the "
            "pipeline (coder-gold dev, CASE 2021 dev) is in docs/quality.md."
        ),
        scores=result,
        date=dt.date.today().isoformat(),
        seed=options.seed,
        command=command,
        notes=(*notes, "licence of the weights: MIT, as newsevents; the data is not shipped"),
    )
    write_card(card, options.out)
    return TrainResult(name=TYPES_MODEL, out=options.out, scores=result, notes=notes)
