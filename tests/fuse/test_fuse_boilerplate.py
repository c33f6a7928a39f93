"""Site boilerplate: sentences recurring for weeks, not syndicated copies."""

from __future__ import annotations

import datetime as dt

from newsevents.fuse.boilerplate import BoilerplateSettings, SegmentStats, segments
from newsevents.fuse.boilerplate import strip_boilerplate as strip

SETTINGS = BoilerplateSettings(min_documents=3, min_span_days=21)
PROMPT = "Get email notifications on Jane Doe daily!"


def test_segments_are_sentences_and_headline_parts() -> None:
    body = "One. Two!\nThree"
    assert [body[a:b] for a, b in segments(body)] == ["One.", "Two!", "Three"]
    title = "Man shot in Kokomo - KSLA News 12"
    assert [title[a:b] for a, b in segments(title)] == ["Man shot in Kokomo", "KSLA News 12"]


def test_a_sentence_recurring_over_weeks_is_boilerplate() -> None:
    stats = SegmentStats(SETTINGS)
    start = dt.date(2016, 1, 1)
    for n, day in enumerate((0, 10, 40)):
        stats.observe(f"d{n}", start + dt.timedelta(days=day), f"{PROMPT} Story {n} here.")
    assert stats.is_boilerplate(PROMPT)
    assert not stats.is_boilerplate("Story 0 here.")
    text = f"{PROMPT} A man was shot."
    assert strip(text, stats) == " " * len(PROMPT) + " A man was shot."


def test_syndicated_copies_within_days_are_kept() -> None:
    stats = SegmentStats(SETTINGS)
    story = "A man was shot on Clinton Drive."
    for n in range(5):
        stats.observe(f"d{n}", dt.date(2016, 1, 1 + n), story)
    assert not stats.is_boilerplate(story)
    assert strip(story, stats) == story


def test_one_article_counts_once() -> None:
    stats = SegmentStats(SETTINGS)
    stats.observe("d1", dt.date(2016, 1, 1), PROMPT, PROMPT)
    stats.observe("d1", dt.date(2016, 3, 1), PROMPT)
    assert not stats.is_boilerplate(PROMPT)


def test_stats_round_trip_through_plain_data() -> None:
    stats = SegmentStats(SETTINGS)
    for n, month in enumerate((1, 2, 3)):
        stats.observe(f"d{n}", dt.date(2016, month, 1), PROMPT)
    back = SegmentStats.from_dict(SETTINGS, stats.to_dict())
    assert back.is_boilerplate(PROMPT)
