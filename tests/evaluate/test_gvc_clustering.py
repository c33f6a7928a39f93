"""Clustering scorers against hand-computed values.

The main example is the one of Pradhan et al. (2014, "Scoring Coreference Partitions of
Predicted Mentions", figure 1), also a test case of the CoNLL-2012 reference scorer:
key {a b c} {d e f g}; response {a b} {c d} {f g h i}. By hand:

* MUC recall ((3-2) + (4-3)) / ((3-1) + (4-1)) = 2/5; precision
  ((2-1) + (2-2) + (4-3)) / ((2-1) + (2-1) + (4-1)) = 2/5;
* B3 recall (4/3 + 1/3 + 1/4 + 4/4) / 7 = 35/84; precision (4/2 + 1/2 + 1/2 + 4/4) / 8 = 1/2;
* CEAF-e: phi4({a b c}, {a b}) = 4/5, phi4({d e f g}, {f g h i}) = 4/8: 1.3 in all;
  recall 1.3/2 = 0.65, precision 1.3/3.
"""

from __future__ import annotations

import itertools
import random

import pytest

from newsevents.evaluate.scorers.assignment import max_assignment
from newsevents.evaluate.scorers.clustering import (
    b3,
    ceafe,
    clusters_of,
    muc,
    pairwise,
    score_clusterings,
)

KEY = [frozenset("abc"), frozenset("defg")]
RESPONSE = [frozenset("ab"), frozenset("cd"), frozenset("fghi")]


def test_muc_of_the_reference_example() -> None:
    s = muc(KEY, RESPONSE)
    assert s.recall == pytest.approx(0.4)
    assert s.precision == pytest.approx(0.4)
    assert s.f1 == pytest.approx(0.4)


def test_b3_of_the_reference_example() -> None:
    s = b3(KEY, RESPONSE)
    assert s.recall == pytest.approx(35 / 84)
    assert s.precision == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * 0.5 * 35 / 84 / (0.5 + 35 / 84))


def test_ceafe_of_the_reference_example() -> None:
    s = ceafe(KEY, RESPONSE)
    assert s.recall == pytest.approx(0.65)
    assert s.precision == pytest.approx(1.3 / 3)
    assert s.f1 == pytest.approx(0.52)


def test_pairwise_by_hand() -> None:
    # Gold pairs: ab ac bc de df dg ef eg fg (9). Predicted: ab cd fg fh fi gh gi hi (8).
    # Right: ab, fg.
    s = pairwise(KEY, RESPONSE)
    assert s.precision == pytest.approx(2 / 8)
    assert s.recall == pytest.approx(2 / 9)


def test_a_perfect_clustering_scores_one_everywhere() -> None:
    gold = {"d1": "x", "d2": "x", "d3": "y", "d4": "z"}
    pred = {"d1": 7, "d2": 7, "d3": 8, "d4": 9}
    scores = score_clusterings(gold, pred)
    for prf in (scores.pairwise, scores.muc, scores.b3, scores.ceafe):
        assert (prf.precision, prf.recall, prf.f1) == pytest.approx((1.0, 1.0, 1.0))
    assert scores.conll_f1 == pytest.approx(1.0)


def test_all_singletons_against_one_incident() -> None:
    # Key: one incident of 4 articles; response: 4 singletons.
    gold = dict.fromkeys("abcd", "x")
    pred = {d: d for d in "abcd"}
    scores = score_clusterings(gold, pred)
    assert scores.pairwise.recall == 0.0
    assert scores.pairwise.precision == 0.0  # no predicted pair: undefined counts as 0
    assert scores.muc.recall == 0.0
    assert scores.b3.precision == pytest.approx(1.0)
    assert scores.b3.recall == pytest.approx(0.25)
    # Best alignment: one singleton to the incident, phi4 = 2*1/(4+1).
    assert scores.ceafe.recall == pytest.approx(0.4)
    assert scores.ceafe.precision == pytest.approx(0.1)


def test_percentages_carry_every_metric() -> None:
    out = score_clusterings({"a": 1, "b": 1}, {"a": 1, "b": 2}).as_percentages()
    assert set(out) == {
        f"{m}_{k}" for m in ("pairwise", "muc", "b3", "ceafe") for k in ("p", "r", "f1")
    } | {"conll_f1"}
    assert out["b3_p"] == pytest.approx(100.0)
    assert out["b3_r"] == pytest.approx(50.0)


def test_clusters_of_groups_by_label() -> None:
    clusters = clusters_of({"a": 1, "b": 2, "c": 1})
    assert sorted(sorted(str(x) for x in c) for c in clusters) == [["a", "c"], ["b"]]


def test_hungarian_matches_brute_force() -> None:
    rng = random.Random(5)
    for _ in range(200):
        n, m = rng.randint(1, 5), rng.randint(1, 5)
        weights = [[rng.choice([0.0, rng.random()]) for _ in range(m)] for _ in range(n)]
        if n <= m:
            best = max(
                sum(weights[i][p[i]] for i in range(n)) for p in itertools.permutations(range(m), n)
            )
        else:
            best = max(
                sum(weights[p[j]][j] for j in range(m)) for p in itertools.permutations(range(n), m)
            )
        if best > 0:
            assert max_assignment(weights) == pytest.approx(best)
