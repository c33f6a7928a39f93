"""Maximum-weight one-to-one assignment (Kuhn-Munkres), shared by the scorers that align
gold and predicted items: MUC-4 templates, CEAF entity alignment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

N = TypeVar("N", int, float)


def max_assignment(weights: Sequence[Sequence[N]]) -> N:
    """Largest total weight of a one-to-one assignment of rows to columns (weights >= 0).

    The Hungarian algorithm on the smaller side; rows or columns may stay unassigned.
    """
    total: N = 0
    for row, col in assignment_pairs(weights):
        total += weights[row][col]
    return total


def assignment_pairs(weights: Sequence[Sequence[N]]) -> list[tuple[int, int]]:
    """The ``(row, column)`` pairs of a largest-weight one-to-one assignment (weights >= 0).

    Every row of the smaller side is paired, zero-weight pairs included: callers that
    need only real matches drop those. Pairs are sorted by row.
    """
    rows = [list(r) for r in weights]
    if not rows or not rows[0]:
        return []
    transposed = len(rows) > len(rows[0])
    if transposed:
        rows = [list(col) for col in zip(*rows, strict=True)]
    n, m = len(rows), len(rows[0])
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        col = 0
        minv = [inf] * (m + 1)
        done = [False] * (m + 1)
        while True:
            done[col] = True
            row, delta, nxt = owner[col], inf, 0
            for j in range(1, m + 1):
                if not done[j]:
                    cur = -rows[row - 1][j - 1] - u[row] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, col
                    if minv[j] < delta:
                        delta, nxt = minv[j], j
            for j in range(m + 1):
                if done[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            col = nxt
            if owner[col] == 0:
                break
        while col:
            prev = way[col]
            owner[col] = owner[prev]
            col = prev
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    return sorted((c, r) if transposed else (r, c) for r, c in pairs)


__all__ = ["assignment_pairs", "max_assignment"]
