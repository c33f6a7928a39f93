"""Date arithmetic that never overflows: a date moved past the calendar's ends stays there.

Blocking widens dates by days of slack and publication windows; an event dated 9999-12-31
(or 0001-01-01) would otherwise raise ``OverflowError`` and abort the article's storage.
"""

from __future__ import annotations

import datetime as dt


def shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days`` (negative: earlier), clamped to ``date.min``..``date.max``."""
    ordinal = day.toordinal() + days
    return dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal()))


__all__ = ["shift"]
