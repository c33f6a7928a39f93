"""The minimum confidence: which events are kept, and what an article left with none says."""

from __future__ import annotations

import math

import pytest

from newsevents.decide import (
    DEFAULT_MIN_CONFIDENCE,
    check_min_confidence,
    confident_result,
    keep_confident,
)
from newsevents.model import Article, ArticleResult, Event, Span

TEXT = "Title\n\nA bomb went off and a raid followed."


def _event(name: str, confidence: float) -> Event:
    start = TEXT.index("bomb")
    trigger = Span(start=start, end=start + 4, text="bomb")
    return Event(
        id=name, article_id="a", event_type="ASSAULT", triggers=[trigger], confidence=confidence
    )


def _result(*confidences: float, reason: str | None = None) -> ArticleResult:
    events = [_event(f"e{n}", c) for n, c in enumerate(confidences)]
    return ArticleResult(article=Article(id="a", text=TEXT), events=events, reason=reason)


def test_keeps_events_at_or_above_the_minimum_in_order() -> None:
    events = [_event("low", 0.2), _event("edge", 0.5), _event("high", 0.9), _event("mid", 0.49)]
    assert [e.id for e in keep_confident(events, 0.5)] == ["edge", "high"]
    assert [e.id for e in keep_confident(events, 0.0)] == ["low", "edge", "high", "mid"]
    assert keep_confident(events, 1.0) == []


def test_the_default_favours_precision_but_keeps_some() -> None:
    assert 0.0 < DEFAULT_MIN_CONFIDENCE < 1.0


def test_a_result_cut_counts_what_it_left_out() -> None:
    kept, held = confident_result(_result(0.9, 0.3, 0.6), 0.5)
    assert [e.id for e in kept.events] == ["e0", "e2"] and held == 1
    assert kept.reason is None


def test_an_article_left_with_no_event_says_why() -> None:
    kept, held = confident_result(_result(0.3, 0.1), 0.5)
    assert kept.events == [] and held == 2
    assert kept.reason == "no event above confidence 0.5 (2 not kept)"


def test_a_result_with_nothing_to_cut_is_unchanged() -> None:
    empty = _result(reason="no conflict event found")
    assert confident_result(empty, 0.5) == (empty, 0)
    full = _result(0.7)
    assert confident_result(full, 0.0) == (full, 0)


@pytest.mark.parametrize("value", [0.0, 0.25, 1.0])
def test_minimums_from_0_to_1_are_accepted(value: float) -> None:
    assert check_min_confidence(value) == value


@pytest.mark.parametrize("value", [-0.1, 1.01, math.nan, math.inf])
def test_other_minimums_are_refused(value: float) -> None:
    with pytest.raises(ValueError, match="from 0 to 1"):
        check_min_confidence(value)
