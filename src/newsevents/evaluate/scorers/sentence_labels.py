"""Sentence-level binary label scoring (IndiaPoliceEvents Task 1) and offset alignment.

The published IndiaPoliceEvents scorer (``evaluate.py``, task 1) computes, for each label,
scikit-learn's binary ``f1_score``/``precision_score``/``recall_score`` over every sentence
of the corpus, the positive class being "the sentence carries the label". This module
reproduces that from sets of positive sentence keys. Undefined ratios are 0, as in
scikit-learn's default.

It also maps character offsets of a normalised article text back to the gold text they
were made from (``OffsetMap``), so predictions can be placed in the gold sentences.
Everything here is pure Python.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import TypeVar

_WORD = re.compile(r"\S+")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class BinaryCounts:
    """True positives, false positives and false negatives of one binary label."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Precision in percent (0 when nothing was predicted)."""
        return _percent(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Recall in percent (0 when there is no gold positive)."""
        return _percent(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """F1 of the positive class in percent (0 when precision and recall are both 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _percent(num: int, den: int) -> float:
    return 100.0 * num / den if den else 0.0


def binary_counts(universe: Iterable[K], gold: Set[K], pred: Set[K]) -> BinaryCounts:
    """Counts over the items of ``universe``; ``gold``/``pred`` hold the positive items.

    Predicted positives outside the universe are ignored, as a prediction file aligned
    row by row with the gold file cannot hold them.
    """
    tp = fp = fn = 0
    for item in universe:
        g, p = item in gold, item in pred
        tp += g and p
        fp += p and not g
        fn += g and not p
    return BinaryCounts(tp=tp, fp=fp, fn=fn)


def score_labels(
    universe: Sequence[K],
    gold: Mapping[str, Set[K]],
    pred: Mapping[str, Set[K]],
    labels: Sequence[str],
) -> dict[str, BinaryCounts]:
    """Binary counts for each of ``labels`` (a label missing from a mapping has no positives)."""
    empty: frozenset[K] = frozenset()
    return {
        label: binary_counts(universe, gold.get(label, empty), pred.get(label, empty))
        for label in labels
    }


def locate_sentences(text: str, sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Character ranges of ``sentences`` in ``text``, searched in order.

    Gold sentence files often drop the whitespace between sentences, so each sentence is
    searched from the end of the previous one. Raises ValueError naming the first sentence
    that cannot be found.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for index, sent in enumerate(sentences):
        start = text.find(sent, pos)
        if start < 0:
            raise ValueError(f"sentence {index} ({sent[:40]!r}) not found in the document text")
        spans.append((start, start + len(sent)))
        pos = start + len(sent)
    return spans


def sentence_at(spans: Sequence[tuple[int, int]], offset: int) -> int | None:
    """Index of the sentence holding ``offset``: the last one starting at or before it.

    Offsets in the whitespace between two sentences belong to the first; offsets before
    the first sentence belong to none.
    """
    starts = [start for start, _ in spans]
    index = bisect.bisect_right(starts, offset) - 1
    return index if index >= 0 else None


class OffsetMap:
    """Maps offsets of a ``target`` text back to the ``source`` text it was derived from.

    Normalisation (mojibake repair, whitespace and headline layout) changes a few
    characters but keeps nearly all words, so whitespace-separated words are aligned with
    difflib and each target offset is carried over from the nearest aligned word at or
    before it. Offsets in unaligned stretches move by the same shift as that word.
    """

    def __init__(self, source: str, target: str) -> None:
        self.identity = source == target
        self._source_len = len(source)
        self._anchors_t: list[int] = []
        self._anchors_s: list[int] = []
        if self.identity:
            return
        src = [(m.start(), m.group()) for m in _WORD.finditer(source)]
        tgt = [(m.start(), m.group()) for m in _WORD.finditer(target)]
        matcher = difflib.SequenceMatcher(
            None, [w for _, w in src], [w for _, w in tgt], autojunk=False
        )
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                s_start, word = src[block.a + k]
                t_start = tgt[block.b + k][0]
                self._anchors_t.append(t_start)
                self._anchors_s.append(s_start)
                # The end of the word is an anchor too, so text after it shifts with it.
                self._anchors_t.append(t_start + len(word))
                self._anchors_s.append(s_start + len(word))

    def to_source(self, offset: int) -> int:
        """The source offset corresponding to target ``offset``."""
        if self.identity or not self._anchors_t:
            return min(offset, self._source_len)
        index = bisect.bisect_right(self._anchors_t, offset) - 1
        if index < 0:
            return max(0, self._anchors_s[0] - (self._anchors_t[0] - offset))
        mapped = self._anchors_s[index] + (offset - self._anchors_t[index])
        if index + 1 < len(self._anchors_s):
            mapped = min(mapped, self._anchors_s[index + 1])
        return min(mapped, self._source_len)
