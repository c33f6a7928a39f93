"""Clustering metrics for grouping documents (or mentions) into incidents.

The standard coreference metrics, as the CoNLL-2012 reference scorer (v8.01) defines them
(Pradhan et al. 2014, "Scoring Coreference Partitions of Predicted Mentions"):

* **MUC** (Vilain et al. 1995): links. Recall is ``sum(|K| - |p(K)|) / sum(|K| - 1)`` over
  key clusters ``K``, ``p(K)`` being the parts the response splits ``K`` into (a mention the
  response lacks is a part of its own); precision swaps key and response. Singletons add
  nothing.
* **B3** (Bagga and Baldwin 1998): per mention. Recall is
  ``sum_K sum_R |K ∩ R|^2 / |K|`` over the number of key mentions; precision swaps them.
* **CEAF-e** (Luo 2005): entity alignment. Key and response clusters are aligned one to
  one to maximise the sum of ``phi4(K, R) = 2 |K ∩ R| / (|K| + |R|)``; recall divides it by
  the number of key clusters, precision by the number of response clusters. The alignment
  is solved exactly (Hungarian method) on each connected group of overlapping clusters.
* **CoNLL F1**: the mean of the three F1 scores.

Plus **pairwise** same-cluster precision, recall and F1: over the unordered pairs of items
put together by the response and by the key.

Clusterings are given as ``{item: cluster label}``; items missing on one side are the
"twinless" mentions of the reference scorer. Every score is a fraction in [0, 1]; an
undefined ratio (no pairs, no links) counts as 0, as the reference scorer does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TypeVar

from newsevents.evaluate.scorers.assignment import max_assignment

#: A clustering: disjoint sets of items.
Clusters = Sequence[frozenset[Hashable]]
Item = TypeVar("Item", bound=Hashable)
Label = TypeVar("Label", bound=Hashable)


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 (fractions)."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class ClusteringScores:
    """Every clustering metric of one key/response pair."""

    pairwise: PRF
    muc: PRF
    b3: PRF
    ceafe: PRF

    @property
    def conll_f1(self) -> float:
        """Mean of the MUC, B3 and CEAF-e F1."""
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3

    def as_percentages(self) -> dict[str, float]:
        """Flat metric names to percentages, as evaluation reports carry them."""
        out: dict[str, float] = {}
        for name, prf in (
            ("pairwise", self.pairwise),
            ("muc", self.muc),
            ("b3", self.b3),
            ("ceafe", self.ceafe),
        ):
            out[f"{name}_p"] = 100 * prf.precision
            out[f"{name}_r"] = 100 * prf.recall
            out[f"{name}_f1"] = 100 * prf.f1
        out["conll_f1"] = 100 * self.conll_f1
        return out


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _prf(precision: float, recall: float) -> PRF:
    return PRF(precision, recall, _ratio(2 * precision * recall, precision + recall))


def clusters_of(labels: Mapping[Item, Label]) -> list[frozenset[Hashable]]:
    """The clusters of a labelling ``{item: label}``, in order of first appearance."""
    groups: dict[Label, set[Hashable]] = {}
    for item, label in labels.items():
        groups.setdefault(label, set()).add(item)
    return [frozenset(g) for g in groups.values()]


def _where(clusters: Clusters) -> dict[Hashable, int]:
    return {item: i for i, cluster in enumerate(clusters) for item in cluster}


def pairwise(key: Clusters, response: Clusters) -> PRF:
    """Precision and recall of the same-cluster pairs."""

    def pairs(clusters: Clusters) -> set[frozenset[Hashable]]:
        return {frozenset(p) for c in clusters for p in combinations(c, 2)}

    gold, pred = pairs(key), pairs(response)
    right = len(gold & pred)
    return _prf(_ratio(right, len(pred)), _ratio(right, len(gold)))


def _muc_recall(key: Clusters, response: Clusters) -> float:
    where = _where(response)
    num = den = 0
    for cluster in key:
        # Parts of the key cluster in the response; each missing mention is a part alone.
        parts = {where.get(item, ("missing", item)) for item in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return _ratio(num, den)


def muc(key: Clusters, response: Clusters) -> PRF:
    """The MUC link-based score."""
    return _prf(_muc_recall(response, key), _muc_recall(key, response))


def _b3_recall(key: Clusters, response: Clusters) -> float:
    where = _where(response)
    num = 0.0
    total = 0
    for cluster in key:
        overlaps: dict[int, int] = defaultdict(int)
        for item in cluster:
            if item in where:
                overlaps[where[item]] += 1
        num += sum(n * n for n in overlaps.values()) / len(cluster)
        total += len(cluster)
    return _ratio(num, total)


def b3(key: Clusters, response: Clusters) -> PRF:
    """The B-cubed mention-based score."""
    return _prf(_b3_recall(response, key), _b3_recall(key, response))


def ceafe(key: Clusters, response: Clusters) -> PRF:
    """The entity-based CEAF score with the phi4 similarity."""
    where = _where(response)
    # Similarity only between overlapping clusters: a sparse bipartite graph whose
    # connected components can be aligned separately (exact, and fast at thousands).
    sims: dict[tuple[int, int], float] = {}
    for k, cluster in enumerate(key):
        common: dict[int, int] = defaultdict(int)
        for item in cluster:
            if item in where:
                common[where[item]] += 1
        for r, n in common.items():
            sims[(k, r)] = 2 * n / (len(cluster) + len(response[r]))
    total = sum(_best_alignment(part) for part in _components(sims))
    return _prf(_ratio(total, len(response)), _ratio(total, len(key)))


def _components(sims: dict[tuple[int, int], float]) -> list[dict[tuple[int, int], float]]:
    """Split the weighted bipartite graph into its connected components."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, r in sims:
        a, b = find(("k", k)), find(("r", r))
        if a != b:
            parent[a] = b
    groups: dict[tuple[str, int], dict[tuple[int, int], float]] = defaultdict(dict)
    for (k, r), value in sims.items():
        groups[find(("k", k))][(k, r)] = value
    return list(groups.values())


def _best_alignment(sims: dict[tuple[int, int], float]) -> float:
    """Maximum total similarity of a one-to-one alignment (Hungarian method)."""
    rows = sorted({k for k, _ in sims})
    cols = sorted({r for _, r in sims})
    if len(rows) == 1 or len(cols) == 1:
        return max(sims.values())
    matrix = [[sims.get((k, r), 0.0) for r in cols] for k in rows]
    return max_assignment(matrix)


def score_clusterings(
    key: Mapping[Item, Label], response: Mapping[Item, Label]
) -> ClusteringScores:
    """Every metric of a response labelling against a key labelling (``{item: label}``)."""
    k, r = clusters_of(key), clusters_of(response)
    return ClusteringScores(pairwise=pairwise(k, r), muc=muc(k, r), b3=b3(k, r), ceafe=ceafe(k, r))


__all__ = [
    "PRF",
    "ClusteringScores",
    "b3",
    "ceafe",
    "clusters_of",
    "muc",
    "pairwise",
    "score_clusterings",
]
