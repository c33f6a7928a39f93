"""How well extraction's modality separates what happened from what did not or may not.

``python -m newsevents.evaluate.modality_split --data ../shared/data [--split dev|test]``
reads the UW + MEANTIME factuality data (``factuality-uw-meantime``, see
:mod:`newsevents.train.factuality_data`), takes every annotated predicate as the trigger of
a mention, runs :func:`newsevents.extract.modality.mention_modality` on it and compares three
classes: **happened** (gold score >= 2: asserted or claimed), **not** (gold <= -1: negated or
denied) and **open** (in between: every other modality). It prints accuracy and macro F1
per corpus. UW's annotators read "will attack" as certain, so a rule that calls it planned
counts as an error here although it is what newsevents means by planned.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsevents.model import Modality

CLASSES = ("happened", "open", "not")
HAPPENED_FROM = 2.0
NOT_UPTO = -1.0
_FACTS = frozenset({Modality.asserted, Modality.claimed})
_NOT = frozenset({Modality.negated, Modality.denied})


def gold_class(score: float) -> str:
    """The class of a gold factuality score."""
    if score >= HAPPENED_FROM:
        return "happened"
    return "not" if score <= NOT_UPTO else "open"


def modality_class(modality: Modality) -> str:
    """The class of an extracted modality."""
    if modality in _FACTS:
        return "happened"
    return "not" if modality in _NOT else "open"


def split_scores(pairs: Sequence[tuple[str, str]]) -> dict[str, float]:
    """Accuracy, per-class F1 and macro F1 of (gold, predicted) class pairs, in percent."""
    out = {"n": float(len(pairs))}
    out["accuracy"] = 100.0 * sum(g == p for g, p in pairs) / max(1, len(pairs))
    f1s = []
    for label in CLASSES:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        predicted = sum(1 for _, p in pairs if p == label)
        gold = sum(1 for g, _ in pairs if g == label)
        f1 = 200.0 * tp / (predicted + gold) if predicted + gold else 0.0
        out[f"f1_{label}"] = f1
        f1s.append(f1)
    out["macro_f1"] = sum(f1s) / len(f1s)
    return out


def predicted_classes(texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[str]:
    """The class of the modality extraction gives each predicate ``spans[i]`` of ``texts[i]``."""
    from newsevents.extract.lexicon import TriggerEntry
    from newsevents.extract.mentions import Mention
    from newsevents.extract.modality import mention_modality
    from newsevents.extract.triggers import TriggerMatch
    from newsevents.nlp.pipeline import parse_many

    entry = TriggerEntry(id="predicate", lemmas=["predicate"], type="ASSAULT")
    unique = list(dict.fromkeys(texts))
    docs = dict(zip(unique, parse_many(unique), strict=True))
    out = []
    for text, (start, end) in zip(texts, spans, strict=True):
        span = docs[text].char_span(start, end, alignment_mode="expand")
        if span is None:
            raise ValueError(f"predicate {start}..{end} is outside its sentence")
        head = span.root
        mention = Mention(TriggerMatch(head, (head,), entry), head.sent, "ASSAULT", None)
        out.append(modality_class(mention_modality(mention, [], None, text)[0]))
    return out


def evaluate(data: Path, split: str) -> dict[str, dict[str, float]]:
    """Scores per corpus (and ``all``) on one split of the factuality data."""
    from newsevents.train.factuality_data import DATA_FILE, examples, read_sentences

    sentences = [s for s in read_sentences(data / DATA_FILE) if s.source_split == split]
    items = examples(sentences)
    predicted = predicted_classes([e.text for e in items], [(e.start, e.end) for e in items])
    pairs = [(e.corpus, gold_class(e.target), p) for e, p in zip(items, predicted, strict=True)]
    out = {"all": split_scores([(g, p) for _, g, p in pairs])}
    for corpus in sorted({c for c, _, _ in pairs}):
        out[corpus] = split_scores([(g, p) for c, g, p in pairs if c == corpus])
    return out


def _format(scores: dict[str, dict[str, float]]) -> Iterable[str]:
    for corpus, values in scores.items():
        cells = "  ".join(f"{k} {v:.1f}" if k != "n" else f"n {v:.0f}" for k, v in values.items())
        yield f"{corpus:<9} {cells}"


def main(argv: list[str] | None = None) -> None:
    """Command line: print the scores of a split (``--json`` for JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    scores = evaluate(args.data, args.split)
    print(json.dumps(scores, indent=2) if args.json else "\n".join(_format(scores)))


if __name__ == "__main__":
    main()
