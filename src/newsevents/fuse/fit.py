"""Fitting the decision weights of ``fusion.yaml`` on a training split (GVC ``train``).

``python -m newsevents.fuse.fit --data ../shared/data/gvc [--split train] [--l2 1.0]``
extracts the split's articles, profiles them, and replays fusion in order of publication
with the gold incidents (teacher forcing): every article is scored against every candidate
incident that blocking allows, built from the articles before it as the gold groups them,
and labelled 1 for its own incident, else 0. A logistic regression (L2-penalised, Newton's
method) over those pairs gives the weights. Threshold and ``min_text`` are then chosen by
running real (online) fusion on the same split: the most conservative setting (highest
``min_text``, then highest threshold) whose mean of pairwise F1 and CoNLL F1 is within
``--tolerance`` points of the best. It prints the ``decision`` block to paste into
``fusion.yaml``; it never reads another split.
"""

from __future__ import annotations

import argparse
import copy
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsevents.fuse.article import ArticleProfiles
from newsevents.fuse.cluster import fuse_articles, profile_articles
from newsevents.fuse.config import FEATURES, FusionConfig, load_config
from newsevents.fuse.decide import features
from newsevents.fuse.index import InMemoryIndex
from newsevents.fuse.reconcile import merge, new_incident
from newsevents.fuse.terms import CorpusStats

THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
MIN_TEXTS = (0.0, 0.05, 0.08, 0.1, 0.12)
Batch = tuple[list[ArticleProfiles], CorpusStats, dict[str, str]]


def pairs(batch: Batch, config: FusionConfig) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of every (article, candidate gold incident) pair."""
    profiles, stats, gold = batch
    index = InMemoryIndex(config, copy.deepcopy(stats))
    for p in profiles:
        index.stats.terms.observe(p.article.id, p.main.terms)
    rows: list[list[float]] = []
    labels: list[int] = []
    for p in profiles:
        own = "gold:" + gold[p.article.id]
        for candidate in index.candidates(p.main):
            f = features(p.main, candidate, index.stats.terms)
            rows.append([f[name] for name in FEATURES])
            labels.append(int(candidate.incident_id == own))
        current = index.get(own)
        if current is None:
            index.add(new_incident(p.main, own))
        else:
            index.update(merge(current, p.main))
    return np.array(rows, dtype=float), np.array(labels, dtype=float)


def logistic(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 50) -> dict[str, float]:
    """L2-penalised logistic regression (the bias, column 0, is not penalised)."""
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + np.diag(penalty + 1e-6)
        w -= np.linalg.solve(hessian, gradient)
    return {name: round(float(v), 2) for name, v in zip(FEATURES, w, strict=True)}


def clustering_objective(batch: Batch, config: FusionConfig) -> float:
    """Mean of pairwise F1 and CoNLL F1 of online fusion of the batch (percentages)."""
    from newsevents.evaluate.scorers.clustering import score_clusterings

    profiles, stats, gold = batch
    index = InMemoryIndex(config, copy.deepcopy(stats))
    pred = {a.article_id: a.incident_id for a in fuse_articles(profiles, index, config) if a.main}
    scores = score_clusterings(gold, pred)
    return 50 * (scores.pairwise.f1 + scores.conll_f1)


def choose(
    batch: Batch, config: FusionConfig, weights: dict[str, float], tolerance: float
) -> tuple[float, float, float]:
    """(threshold, min_text, objective): the most conservative near-best setting."""
    results = []
    for min_text, threshold in itertools.product(MIN_TEXTS, THRESHOLDS):
        decision = config.decision.model_copy(
            update={"weights": weights, "threshold": threshold, "min_text": min_text}
        )
        score = clustering_objective(batch, config.model_copy(update={"decision": decision}))
        results.append((score, min_text, threshold))
    best = max(score for score, _, _ in results)
    near = [(m, t, s) for s, m, t in results if s >= best - tolerance]
    min_text, threshold, score = max(near)
    return threshold, min_text, score


def load_batch(data: Path, split: str, config: FusionConfig) -> Batch:
    """The split's articles, extracted and profiled in order of publication."""
    from newsevents.evaluate.gvc import article_of, docs_path, read_docs, select
    from newsevents.extract.article import extract_many

    _, docs = read_docs(docs_path(data))
    chosen = select(docs, split)
    articles = sorted((article_of(d) for d in chosen), key=lambda a: (str(a.published), a.id))
    results = list(extract_many(a for a in articles))
    index = InMemoryIndex(config)
    profiles = profile_articles(((r.article, r.events) for r in results), index, config)
    return profiles, index.stats, {d.doc_id: d.incident_id for d in chosen}


def yaml_block(weights: dict[str, float], threshold: float, min_text: float) -> str:
    """The ``decision`` settings as they are written in ``fusion.yaml``."""
    lines = [f"  threshold: {threshold}", f"  min_text: {min_text}", "  weights:"]
    lines += [f"    {name}: {value}" for name, value in weights.items()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: fit and print the decision settings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="GVC folder (docs.jsonl)")
    parser.add_argument("--split", default="train")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--tolerance", type=float, default=0.5)
    args = parser.parse_args(argv)
    config = load_config()
    batch = load_batch(args.data, args.split, config)
    x, y = pairs(batch, config)
    print(f"{len(y)} candidate pairs, {int(y.sum())} of one incident")
    weights = logistic(x, y, args.l2)
    threshold, min_text, score = choose(batch, config, weights, args.tolerance)
    print(f"objective on {args.split}: {score:.2f}")
    print(yaml_block(weights, threshold, min_text))


if __name__ == "__main__":
    main()
