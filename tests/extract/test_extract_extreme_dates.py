"""Publication dates at the calendar's ends, and event dates outside the accepted years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from newsevents.extract.timing import publication_time
from newsevents.limits import MAX_YEAR, MIN_YEAR
from newsevents.model import Event


@pytest.mark.parametrize(
    "published",
    [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(1900, 1, 3), dt.date(9999, 12, 31)],
)
def test_no_fallback_date_outside_the_accepted_years(published: dt.date) -> None:
    assert publication_time(published) is None


def test_fallback_date_inside_the_accepted_years() -> None:
    ref = publication_time(dt.date(2021, 3, 8))
    assert ref is not None
    assert (ref.start, ref.end) == (dt.date(2021, 3, 1), dt.date(2021, 3, 8))


_TEXT = (
    "Gunmen killed two police officers in Kabul on Sunday. Militants attacked a checkpoint "
    "near Herat yesterday, killing three soldiers. On 3 June 1850 rebels burned a fort."
)


def _years(events: list[Event]) -> list[int]:
    return [d.year for e in events if e.time is not None for d in (e.time.start, e.time.end)]


@pytest.mark.slow
@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_extreme_publication_dates_leave_events_undated(
    extract: Callable[..., list[Event]], published: dt.date
) -> None:
    events = extract(_TEXT, published=published)
    assert events
    assert all(MIN_YEAR <= y <= MAX_YEAR for y in _years(events))


@pytest.mark.slow
def test_event_dates_outside_the_accepted_years_are_dropped(
    extract: Callable[..., list[Event]],
) -> None:
    events = extract(_TEXT, published=dt.date(2021, 3, 8))
    years = _years(events)
    assert 2021 in years  # "on Sunday", "yesterday": read against the publication date
    assert all(MIN_YEAR <= y <= MAX_YEAR for y in years)  # not 1850
