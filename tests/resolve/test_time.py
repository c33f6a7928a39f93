"""Tests for resolving time expressions against the publication date."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from newsevents.model import Precision
from newsevents.ontology.datafiles import data_path, read_yaml
from newsevents.resolve.time import TimeResolution, TimeRules, resolve_time

# Monday 8 June 2015: its week runs Monday 8 .. Sunday 14, so "last week" is 1 .. 7 June.
PUB = dt.date(2015, 6, 8)
D, W, M, Y = Precision.day, Precision.week, Precision.month, Precision.year

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def day(iso: str) -> tuple[str, str, Precision]:
    return iso, iso, D


CASES: list[tuple[str, tuple[str, str, Precision]]] = [
    # weekdays: the latest such day up to publication; the publication weekday is that day
    ("Sunday", day("2015-06-07")),
    ("on Sunday", day("2015-06-07")),
    ("last Sunday", day("2015-06-07")),
    ("Sunday night", day("2015-06-07")),
    ("early Sunday", day("2015-06-07")),
    ("early on Sunday", day("2015-06-07")),
    ("in the early hours of Sunday", day("2015-06-07")),
    ("Saturday's", day("2015-06-06")),
    ("Sunday at 10:30 p.m.", day("2015-06-07")),
    ("Tuesday", day("2015-06-02")),
    ("Monday", day("2015-06-08")),
    ("last Monday", day("2015-06-01")),
    ("next Monday", day("2015-06-15")),
    ("Sunday, June 7, 2015", day("2015-06-07")),
    ("Sunday, June 7", day("2015-06-07")),
    # The weekday picks the year: the coming Wednesday, not June 10 of 2014 (a Tuesday).
    ("Wednesday, June 10", day("2015-06-10")),
    # days around publication
    ("today", day("2015-06-08")),
    ("tonight", day("2015-06-08")),
    ("this morning", day("2015-06-08")),
    ("yesterday", day("2015-06-07")),
    ("yesterday afternoon", day("2015-06-07")),
    ("last night", day("2015-06-07")),
    ("the day before yesterday", day("2015-06-06")),
    # counts back
    ("two days ago", day("2015-06-06")),
    ("10 days ago", day("2015-05-29")),
    ("3 weeks ago", ("2015-05-18", "2015-05-24", W)),
    ("a month ago", ("2015-05-01", "2015-05-31", M)),
    ("two years ago", ("2013-01-01", "2013-12-31", Y)),
    ("a few days ago", ("2015-06-01", "2015-06-07", W)),
    ("the past three days", ("2015-06-05", "2015-06-08", W)),
    ("the past 24 hours", ("2015-06-07", "2015-06-08", D)),
    # written dates
    ("June 3", day("2015-06-03")),
    ("3 June", day("2015-06-03")),
    ("on the 3rd of June", day("2015-06-03")),
    ("Aug. 5", day("2014-08-05")),
    ("June 10", day("2014-06-10")),
    ("June 3, 2015", day("2015-06-03")),
    ("2015-06-03", day("2015-06-03")),
    ("25/12/2014", day("2014-12-25")),
    ("June 20-21", ("2014-06-20", "2014-06-21", D)),
    ("June 2015", ("2015-06-01", "2015-06-30", M)),
    ("in June", ("2015-06-01", "2015-06-08", M)),
    ("in July", ("2014-07-01", "2014-07-31", M)),
    ("in 2014", ("2014-01-01", "2014-12-31", Y)),
    ("2014", ("2014-01-01", "2014-12-31", Y)),
    ("the 1990s", ("1990-01-01", "1999-12-31", Y)),
    ("mid-May", ("2015-05-11", "2015-05-20", M)),
    ("mid-June", ("2014-06-11", "2014-06-20", M)),
    ("late last month", ("2015-05-21", "2015-05-31", M)),
    ("mid-2014", ("2014-05-01", "2014-08-31", Y)),
    # vague phrases from the rules file
    ("earlier this month", ("2015-06-01", "2015-06-08", M)),
    ("earlier this year", ("2015-01-01", "2015-06-08", Y)),
    ("this week", ("2015-06-08", "2015-06-08", W)),
    ("last week", ("2015-06-01", "2015-06-07", W)),
    ("last month", ("2015-05-01", "2015-05-31", M)),
    ("last year", ("2014-01-01", "2014-12-31", Y)),
    ("in recent weeks", ("2015-05-11", "2015-06-08", W)),
    ("in the past few weeks", ("2015-05-11", "2015-06-08", W)),
    ("recent weeks", ("2015-05-11", "2015-06-08", W)),
    ("in recent days", ("2015-06-01", "2015-06-08", W)),
    ("in the past few days", ("2015-06-01", "2015-06-08", W)),
    ("recently", ("2015-05-09", "2015-06-08", M)),
    ("last weekend", ("2015-06-06", "2015-06-07", W)),
    ("over the weekend", ("2015-06-06", "2015-06-07", W)),
    ("next week", ("2015-06-15", "2015-06-21", W)),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_resolves_against_monday_publication(
    expression: str, expected: tuple[str, str, Precision]
) -> None:
    start, end, precision = expected
    assert resolve_time(expression, PUB) == TimeResolution(
        dt.date.fromisoformat(start), dt.date.fromisoformat(end), precision
    )


def test_week_phrases_midweek() -> None:
    wednesday = dt.date(2015, 6, 10)
    assert resolve_time("this week", wednesday) == TimeResolution(dt.date(2015, 6, 8), wednesday, W)
    assert resolve_time("last week", wednesday) == TimeResolution(
        dt.date(2015, 6, 1), dt.date(2015, 6, 7), W
    )


def test_last_weekend_said_on_a_sunday_is_the_one_before() -> None:
    sunday = dt.date(2015, 6, 7)
    assert resolve_time("last weekend", sunday) == TimeResolution(
        dt.date(2015, 5, 30), dt.date(2015, 5, 31), W
    )
    assert resolve_time("this weekend", sunday) == TimeResolution(dt.date(2015, 6, 6), sunday, W)


def test_last_month_and_year_cross_year_boundary() -> None:
    january = dt.date(2016, 1, 15)
    assert resolve_time("last month", january) == TimeResolution(
        dt.date(2015, 12, 1), dt.date(2015, 12, 31), M
    )
    assert resolve_time("December", january) == TimeResolution(
        dt.date(2015, 12, 1), dt.date(2015, 12, 31), M
    )


def test_part_of_month_still_to_come_means_last_year() -> None:
    june_10 = dt.date(2015, 6, 10)
    assert resolve_time("late June", june_10) == TimeResolution(
        dt.date(2014, 6, 21), dt.date(2014, 6, 30), M
    )
    assert resolve_time("early June", june_10) == TimeResolution(dt.date(2015, 6, 1), june_10, M)


def test_february_29_goes_back_to_a_leap_year() -> None:
    assert resolve_time("Feb 29", PUB) == TimeResolution(
        dt.date(2012, 2, 29), dt.date(2012, 2, 29), D
    )


@pytest.mark.parametrize(
    "expression",
    [
        "first",
        "for three years",
        "every day",
        "24 hours",
        "three years",
        "a week",
        "25-year-old",
        "three-day",
        "since 2011",
        "two days later",
        "03/06/2015",
        "3.6.2015",
        "5",
        "twelve",
        "June 31",
        "1850",
        "",
        "   ",
    ],
)
def test_non_times_give_none(expression: str) -> None:
    assert resolve_time(expression, PUB) is None


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("June 3, 2015", TimeResolution(dt.date(2015, 6, 3), dt.date(2015, 6, 3), D)),
        ("2015-06-03", TimeResolution(dt.date(2015, 6, 3), dt.date(2015, 6, 3), D)),
        ("June 2015", TimeResolution(dt.date(2015, 6, 1), dt.date(2015, 6, 30), M)),
        ("in 2014", TimeResolution(dt.date(2014, 1, 1), dt.date(2014, 12, 31), Y)),
        ("Sunday", None),
        ("June 3", None),
        ("last year", None),
        ("two days ago", None),
        ("in recent weeks", None),
    ],
)
def test_without_publication_only_absolute_dates(
    expression: str, expected: TimeResolution | None
) -> None:
    assert resolve_time(expression, None) == expected


def test_dateparser_fallback_prefers_the_past() -> None:
    # "June the 3rd" is outside the rules; dateparser reads it against the publication date.
    assert resolve_time("June the 3rd", PUB) == TimeResolution(
        dt.date(2015, 6, 3), dt.date(2015, 6, 3), D
    )
    assert resolve_time("June the 10th", PUB) == TimeResolution(
        dt.date(2014, 6, 10), dt.date(2014, 6, 10), D
    )


pub_dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))


@given(pub=pub_dates, weekday=st.integers(0, 6), lead=st.sampled_from(["", "on ", "early "]))
def test_weekday_is_within_the_week_up_to_publication(
    pub: dt.date, weekday: int, lead: str
) -> None:
    res = resolve_time(lead + WEEKDAYS[weekday], pub)
    assert res is not None
    assert res.start == res.end
    assert res.precision is D
    assert res.start.weekday() == weekday
    assert pub - dt.timedelta(days=6) <= res.start <= pub


@given(pub=pub_dates, weekday=st.integers(0, 6))
def test_last_weekday_is_in_the_week_before_publication(pub: dt.date, weekday: int) -> None:
    res = resolve_time(f"last {WEEKDAYS[weekday].lower()}", pub)
    assert res is not None
    assert res.start.weekday() == weekday
    monday = pub - dt.timedelta(days=pub.weekday())
    assert monday - dt.timedelta(days=7) <= res.start < monday


def test_last_weekday_is_not_the_day_before() -> None:
    # Saturday 13 June 2015: "last Friday" is 5 June; the day before is "Friday".
    saturday = dt.date(2015, 6, 13)
    assert resolve_time("last Friday", saturday) == TimeResolution(
        dt.date(2015, 6, 5), dt.date(2015, 6, 5), D
    )
    assert resolve_time("Friday", saturday) == TimeResolution(
        dt.date(2015, 6, 12), dt.date(2015, 6, 12), D
    )
    assert resolve_time("this past Friday", saturday) == TimeResolution(
        dt.date(2015, 6, 12), dt.date(2015, 6, 12), D
    )


def test_overnight_is_the_night_ending_on_publication() -> None:
    pub = dt.date(2015, 6, 8)
    assert resolve_time("overnight", pub) == TimeResolution(pub, pub, D)


def _past_phrases() -> list[str]:
    raw = read_yaml(data_path("time_rules.yaml"))
    future = set(raw["future_words"])
    return [p for rule in raw["phrases"] for p in rule["match"] if not future & set(p.split())]


@settings(max_examples=60)
@given(pub=pub_dates, phrase=st.sampled_from(_past_phrases()))
def test_past_phrases_never_end_after_publication(pub: dt.date, phrase: str) -> None:
    res = resolve_time(phrase, pub)
    assert res is not None
    assert res.start <= res.end <= pub


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=40), pub=st.one_of(st.none(), st.dates()))
def test_never_raises_and_ranges_are_ordered(text: str, pub: dt.date | None) -> None:
    res = resolve_time(text, pub)
    assert res is None or res.start <= res.end


def test_rule_path_is_fast() -> None:
    expressions = ["Sunday", "last week", "June 3", "in recent weeks", "two days ago", "2014"]
    uncached = resolve_time.__wrapped__
    for e in expressions:
        uncached(e, PUB)  # load the rules files first
    runs = 200
    started = time.perf_counter()
    for i in range(runs):
        for e in expressions:
            uncached(e, PUB + dt.timedelta(days=i))
    mean = (time.perf_counter() - started) / (runs * len(expressions))
    assert mean < 0.001


def test_rules_schema_rejects_a_days_rule_without_range() -> None:
    raw = read_yaml(data_path("time_rules.yaml"))
    raw["phrases"].append({"match": ["bogus"], "unit": "days", "precision": "day"})
    with pytest.raises(ValidationError):
        TimeRules.model_validate(raw)


def test_rules_schema_rejects_duplicate_phrases() -> None:
    raw = read_yaml(data_path("time_rules.yaml"))
    raw["phrases"].append(
        {"match": ["Last Week"], "unit": "week", "offset": 0, "precision": "week"}
    )
    with pytest.raises(ValidationError):
        TimeRules.model_validate(raw)


def test_holidays_are_the_latest_one_up_to_publication() -> None:
    monday = dt.date(2017, 1, 2)
    cases = {
        "New Year's Eve": dt.date(2016, 12, 31),
        "on Christmas": dt.date(2016, 12, 25),
        "Christmas night": dt.date(2016, 12, 25),
        "New Year’s Day": dt.date(2017, 1, 1),
        "Thanksgiving": dt.date(2016, 11, 24),
        "Labor Day": dt.date(2016, 9, 5),
        "Memorial Day": dt.date(2016, 5, 30),
        "the Fourth of July": dt.date(2016, 7, 4),
    }
    for text, day in cases.items():
        assert resolve_time(text, monday) == TimeResolution(day, day, D), text
    assert resolve_time("Christmas", None) is None


def test_a_holiday_needs_a_day_or_a_counted_weekday() -> None:
    import pytest

    from newsevents.resolve.time import Holiday

    with pytest.raises(ValueError):
        Holiday.model_validate({"match": ["x"], "month": 5})
    with pytest.raises(ValueError):
        Holiday.model_validate({"match": ["x"], "month": 5, "day": 1, "weekday": 0, "nth": 1})
