"""--every durations: the forms accepted, the errors, and round trips (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents.watch.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90), ("90s", 90), ("15m", 900), ("1h30m", 5400), ("1.5h", 5400),
        ("2d", 172800), (" 1H 5S ", 3605), ("0.5s", 0.5),
    ],
)  # fmt: skip
def test_durations_people_write(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "15x", "15 minutes", "-5m", "0", "0s0m", "1h-5m"])
def test_what_is_not_a_duration_is_refused_with_the_forms_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_format_reads_back() -> None:
    assert format_duration(5400) == "1h30m"
    assert format_duration(90061) == "1d1h1m1s"
    assert format_duration(0.25) == "0.25s"


@given(st.integers(0, 30), st.integers(0, 200), st.integers(0, 200), st.integers(0, 10_000))
def test_parts_add_up(days: int, hours: int, minutes: int, seconds: int) -> None:
    text = f"{days}d{hours}h{minutes}m{seconds}s"
    total = days * 86400 + hours * 3600 + minutes * 60 + seconds
    if total == 0:
        with pytest.raises(ValueError):
            parse_duration(text)
    else:
        assert parse_duration(text) == total


@given(st.integers(1, 10**9))
def test_whole_seconds_round_trip(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.text(max_size=20))
def test_any_text_parses_or_raises_value_error(text: str) -> None:
    try:
        seconds = parse_duration(text)
    except ValueError:
        return
    assert seconds > 0
