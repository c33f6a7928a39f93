"""Parse publication dates given as ISO strings, RFC 2822 stamps or written-out dates."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from email.utils import parsedate_to_datetime
from typing import Any

from newsevents.ingest.notices import warn
from newsevents.limits import date_in_range, date_out_of_range_reason

_FORMATS = (
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%A, %B %d, %Y",
    "%A %d %B %Y",
)
_HAS_YEAR = re.compile(r"\b(1[89]|2[0-9])\d\d\b")
_MAX_CHARS = 100
_NUMERIC = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}")


def _from_iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _from_formats(text: str) -> dt.date | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", " ".join(text.split()))
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(cleaned).date()
    except (TypeError, ValueError, IndexError):
        return None


def _from_dateparser(text: str) -> dt.date | None:
    # Imported late: dateparser is slow to import and rarely needed here.
    import dateparser

    settings: dict[str, Any] = {
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, TypeError, OverflowError, LookupError):
        return None
    return parsed.date() if isinstance(parsed, dt.datetime) else None


def _is_ambiguous(text: str) -> bool:
    """True for numeric dates such as 05/03/2024 that read differently in the US and Europe."""
    match = _NUMERIC.fullmatch(text)
    if match is None:
        return False
    first, second = int(match.group(1)), int(match.group(2))
    return first != second and first <= 12 and second <= 12


def parse_date(value: str) -> dt.date | None:
    """The calendar date in ``value``, or None when it holds no full date (day, month, year).

    Accepts ISO 8601 dates and timestamps, RFC 2822 stamps and English written dates
    ("5 March 2024", "March 5th, 2024"). Numeric dates that could be day-first or
    month-first (05/03/2024) are refused rather than guessed.
    """
    text = value.strip()
    if not text or len(text) > _MAX_CHARS or _is_ambiguous(text):
        return None
    found = _from_iso(text) or _from_formats(text)
    if found is None and _HAS_YEAR.search(text):
        found = _from_dateparser(text)
    return found


def accepted_date(found: dt.date | None, name: str) -> dt.date | None:
    """``found`` when its year is one newsevents accepts (1900-2100), else None.

    A date outside them (0001-01-01, 9999-12-31) is a typo or a placeholder, and would
    break date arithmetic downstream: it is treated as absent, with a warning naming
    ``name``.
    """
    if found is None or date_in_range(found):
        return found
    warn(name, date_out_of_range_reason(found))
    return None
