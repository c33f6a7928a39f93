"""Learn the weights of the event-place model from Halterman's event-location sentences.

``python -m newsevents.extract.location_train --data DIR --out FILE`` reads
``DIR/labeled_text.jsonl`` (github.com/ahalterman/event_location, MIT), keeps the ``train``
part of the split that ``newsevents eval event-location`` uses (so ``dev`` stays unseen),
parses each sentence with the product's pipeline, describes every candidate place of the
event verb's sentence with :func:`newsevents.extract.location.place_features`, and fits a
conditional logit model: for each sentence a softmax over "no place named" (score 0) and the
candidates; the likelihood of the gold answer (any gold candidate; "none" when the sentence
names no location of the event) is maximised with L2 regularisation by Adam, a fixed number
of full-batch steps from zero, so the result is the same on every run. The weights are
written as YAML with the settings that made them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from newsevents.evaluate.event_location import LocationRecord, data_path, in_split, read_records
from newsevents.extract.location import place_features, sentence_places

#: Settings chosen on the train part alone (a held-out fifth of it).
L2 = 1e-3
STEPS = 300
STEP_SIZE = 0.05
#: Weights smaller than this are left out of the file.
MIN_WEIGHT = 5e-4


@dataclass
class Example:
    """One sentence: the features of its candidates and which of them are gold."""

    features: list[dict[str, float]]
    gold: list[bool]
    has_location: bool


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def build_examples(records: Sequence[LocationRecord]) -> list[Example]:
    """Parse the records and describe their candidates."""
    from newsevents.nlp.pipeline import parse_many

    out = []
    for rec, doc in zip(records, parse_many(r.text for r in records), strict=True):
        start, end = rec.verbs[0]
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        trigger = span.root
        places = sentence_places(trigger.sent)
        feats = place_features(trigger, places)
        gold = [
            any(_overlaps((p.start_char, p.end_char), g) for g in rec.locations) for p in places
        ]
        out.append(Example(feats, gold, bool(rec.locations)))
    return out


def fit(examples: Sequence[Example]) -> dict[str, float]:
    """Fit the conditional logit model; feature name to weight."""
    vocab: dict[str, int] = {}
    rows_idx: list[list[int]] = []
    rows_val: list[list[float]] = []
    group: list[int] = []
    gold: list[bool] = []
    for g, ex in enumerate(examples):
        for feats, gold_row in zip(ex.features, ex.gold, strict=True):
            rows_idx.append([vocab.setdefault(k, len(vocab)) for k in feats])
            rows_val.append(list(feats.values()))
            group.append(g)
            gold.append(gold_row)
    n_rows, n_groups = len(rows_idx), len(examples)
    lengths = np.array([len(r) for r in rows_idx])
    indices = np.array([i for r in rows_idx for i in r], dtype=np.int64)
    values = np.array([v for r in rows_val for v in r])
    row_of = np.repeat(np.arange(n_rows), lengths)
    grp = np.array(group, dtype=np.int64)
    is_gold = np.array(gold, dtype=bool)
    w = np.zeros(len(vocab))
    m1 = np.zeros_like(w)
    m2 = np.zeros_like(w)
    for step in range(1, STEPS + 1):
        scores = np.bincount(row_of, weights=w[indices] * values, minlength=n_rows)
        # Softmax per sentence over its candidates and the "none" option (score 0).
        top = np.zeros(n_groups)
        np.maximum.at(top, grp, scores)
        e = np.exp(scores - top[grp])
        z = np.exp(-top) + np.bincount(grp, weights=e, minlength=n_groups)
        p = e / z[grp]
        gold_mass = np.bincount(grp, weights=np.where(is_gold, p, 0.0), minlength=n_groups)
        has_gold = gold_mass > 0
        # d log-likelihood / d score: posterior among gold answers minus the model's share.
        target = np.where(is_gold & has_gold[grp], p / np.where(has_gold, gold_mass, 1)[grp], 0)
        coef = target - p
        grad = np.bincount(indices, weights=values * coef[row_of], minlength=len(w)) / n_groups
        grad -= L2 * w
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad**2
        w += STEP_SIZE * (m1 / (1 - 0.9**step)) / (np.sqrt(m2 / (1 - 0.999**step)) + 1e-8)
    names = sorted(vocab, key=lambda k: vocab[k])
    return {k: round(float(w[vocab[k]]), 4) for k in names if abs(w[vocab[k]]) >= MIN_WEIGHT}


def train(data: Path) -> dict[str, object]:
    """The content of ``event_place_model.yaml`` learned from ``data``."""
    records = [r for r in read_records(data_path(data)) if in_split(r.id, "train")]
    weights = fit(build_examples(records))
    return {
        "description": (
            "Weights of the event-place model (newsevents.extract.location): a conditional "
            "logit over the candidate places of an event's sentence and 'no place named'. "
            "Regenerate with python -m newsevents.extract.location_train."
        ),
        "trained_on": (
            f"event-location labeled_text.jsonl (github.com/ahalterman/event_location, MIT), "
            f"train part ({len(records)} sentences); L2 {L2}, {STEPS} Adam steps of "
            f"{STEP_SIZE}"
        ),
        "weights": dict(sorted(weights.items())),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="event-location folder")
    parser.add_argument("--out", type=Path, required=True, help="YAML file to write")
    args = parser.parse_args(argv)
    content = train(args.data)
    args.out.write_text(
        yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    print(f"{args.out}: {len(content['weights'])} weights")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
