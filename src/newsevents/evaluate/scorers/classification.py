"""Classification metrics: multi-class F1 averages as scikit-learn computes them, and the
binary and multi-label precision/recall/F1 of the CEHA scripts.

Everything here is a pure function of label sequences; scores are fractions in [0, 1].
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LabelScore:
    """Precision, recall and F1 of one label, with its gold support."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class MulticlassScores:
    """Averaged F1 (and P/R) over a set of labels, plus per-label scores and accuracy."""

    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_precision: float
    macro_recall: float
    macro_f1: float
    weighted_precision: float
    weighted_recall: float
    weighted_f1: float
    accuracy: float
    per_label: dict[str, LabelScore] = field(default_factory=dict)


def _ratio(num: float, den: float) -> float:
    # scikit-learn's zero_division default: an undefined ratio counts as 0.
    return num / den if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


def multiclass_scores(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None
) -> MulticlassScores:
    """Single-label multi-class scores, equal to scikit-learn's
    ``precision_recall_fscore_support`` with ``average="micro"/"macro"/"weighted"``.

    As in scikit-learn, ``labels=None`` averages over every label seen in ``gold`` or
    ``pred`` (so a label only ever predicted counts in the macro average with F1 0), and an
    explicit ``labels`` restricts all three averages to those labels (micro included).
    Undefined ratios are 0. ``accuracy`` is over all items whatever ``labels`` says.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    names = sorted(set(gold) | set(pred)) if labels is None else list(labels)
    tp = dict.fromkeys(names, 0)
    fp = dict.fromkeys(names, 0)
    fn = dict.fromkeys(names, 0)
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            if g in tp:
                tp[g] += 1
            continue
        if p in fp:
            fp[p] += 1
        if g in fn:
            fn[g] += 1
    per_label: dict[str, LabelScore] = {}
    for name in names:
        precision = _ratio(tp[name], tp[name] + fp[name])
        recall = _ratio(tp[name], tp[name] + fn[name])
        per_label[name] = LabelScore(precision, recall, _f1(precision, recall), tp[name] + fn[name])
    sum_tp, sum_fp, sum_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p = _ratio(sum_tp, sum_tp + sum_fp)
    micro_r = _ratio(sum_tp, sum_tp + sum_fn)
    n_labels = len(names)
    total_support = sum(s.support for s in per_label.values())

    def weighted(attr: str) -> float:
        return _ratio(sum(getattr(s, attr) * s.support for s in per_label.values()), total_support)

    def macro(attr: str) -> float:
        return _ratio(sum(getattr(s, attr) for s in per_label.values()), n_labels)

    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return MulticlassScores(
        micro_precision=micro_p,
        micro_recall=micro_r,
        # scikit-learn computes micro F1 from the pooled counts, not from micro P and R.
        micro_f1=_ratio(2 * sum_tp, 2 * sum_tp + sum_fp + sum_fn),
        macro_precision=macro("precision"),
        macro_recall=macro("recall"),
        macro_f1=macro("f1"),
        weighted_precision=weighted("precision"),
        weighted_recall=weighted("recall"),
        weighted_f1=weighted("f1"),
        accuracy=_ratio(correct, len(gold)),
        per_label=per_label,
    )


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 from counts."""

    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int
    n_correct: int


def prf(n_correct: int, n_pred: int, n_gold: int) -> PRF:
    """Precision, recall and F1 from the counts of correct, predicted and gold items."""
    precision = _ratio(n_correct, n_pred)
    recall = _ratio(n_correct, n_gold)
    return PRF(precision, recall, _f1(precision, recall), n_pred, n_gold, n_correct)


def binary_scores(gold: Sequence[bool], pred: Sequence[bool]) -> PRF:
    """Precision, recall and F1 of the positive class (CEHA's ``event_type_scorer``)."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    n_pred = sum(1 for p in pred if p)
    n_gold = sum(1 for g in gold if g)
    n_correct = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    return prf(n_correct, n_pred, n_gold)


OVERALL = "overall"


def multilabel_scores(gold: Sequence[Set[str]], pred: Sequence[Set[str]]) -> dict[str, PRF]:
    """Per-label and pooled ("overall") P/R/F1 over label sets (CEHA's
    ``event_type_scorer_type``).

    A predicted label counts once per item it is predicted for, a gold label once per item it
    is annotated on, and a gold label is correct when the item's prediction contains it.
    Scores are reported for ``overall`` and every label that occurs in the gold sets, as the
    CEHA script does (a label only ever predicted is counted in ``overall`` only).
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold label sets but {len(pred)} predictions")
    n_pred: dict[str, int] = {OVERALL: 0}
    n_gold: dict[str, int] = {OVERALL: 0}
    n_correct: dict[str, int] = {OVERALL: 0}
    for g_set, p_set in zip(gold, pred, strict=True):
        for label in p_set:
            n_pred[label] = n_pred.get(label, 0) + 1
            n_pred[OVERALL] += 1
        for label in g_set:
            n_gold[label] = n_gold.get(label, 0) + 1
            n_gold[OVERALL] += 1
            if label in p_set:
                n_correct[label] = n_correct.get(label, 0) + 1
                n_correct[OVERALL] += 1
    return {
        label: prf(n_correct.get(label, 0), n_pred.get(label, 0), n_gold[label]) for label in n_gold
    }


__all__ = [
    "OVERALL",
    "PRF",
    "LabelScore",
    "MulticlassScores",
    "binary_scores",
    "multiclass_scores",
    "multilabel_scores",
    "prf",
]
