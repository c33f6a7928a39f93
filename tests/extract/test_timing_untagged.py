"""Weekdays and relative days that the statistical model leaves untagged still date."""

from __future__ import annotations

from newsevents.extract.timing import time_expressions
from newsevents.nlp.pipeline import parse


def _untagged(text: str) -> list[str]:
    doc = parse(text)
    # The model tags these in one sentence and misses them in another: take its tags away.
    doc.ents = []
    return [e.text for s in doc.sents for e in time_expressions(s)]


def test_last_night_and_a_weekday_part_without_the_models_tags() -> None:
    found = _untagged(
        "Last night, around 8 p.m., another young man was gunned down on Park Lane. "
        "A woman was shot Sunday morning. Police said yesterday that a man was held."
    )
    assert "Last night" in found
    assert "Sunday morning" in found
    assert "yesterday" in found


def test_no_day_in_a_lower_case_word_or_a_short_form() -> None:
    found = _untagged("The sun came out at the sat nav shop, he said this week.")
    assert found == []
