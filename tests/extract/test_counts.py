"""Counts of people killed, injured, arrested and kidnapped on short hand-written texts."""

from __future__ import annotations

from newsevents.extract.counts import merge_counts
from newsevents.model import Count, CountCategory


def _count(low: int | None, best: int | None, high: int | None) -> Count:
    return Count(
        category=CountCategory.killed, low=low, best=best, high=high, text="x", confidence=0.8
    )


def test_stated_figure_wins_over_vague_one() -> None:
    # "at least 7 farmers" against "dozens" (20 to 99, best 24): the stated figure.
    assert merge_counts(_count(7, 7, None), _count(20, 24, 99)).best == 7
    # against one named victim (one of the toll, perhaps): the stated figure.
    assert merge_counts(_count(1, 1, 1), _count(4, 4, 4)).best == 4
    # two stated figures: the larger (a toll that rose).
    assert merge_counts(_count(4, 4, 4), _count(6, 6, 6)).best == 6
