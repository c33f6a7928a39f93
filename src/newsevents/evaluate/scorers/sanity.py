"""Fields an analyst sees at once are wrong: checks that every record must pass.

No gold is needed: each check finds a value that cannot be right whatever the article says.

* ``after_publication``: dated after the article's publication, though not planned or
  threatened (an event cannot be reported before it happens);
* ``before_1900``: dated before 1900 while its date expression gives no such year (a
  street number or a count read as a year);
* ``count_is_year``: a toll equal to a year written in the event's sentences ("in 2001"
  read as 2001 dead);
* ``non_actor``: a participant that is what was fired, a weapon, a body part or a street
  ("shots", "the handgun", "his head", "West 38th Street"), never who acts or undergoes.

:func:`violations` lists them for one article; the gva-records evaluation sums them over its
articles, and the test suite keeps them at zero on texts written to provoke them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsevents.extract.non_participants import is_non_participant
from newsevents.model import Event, Modality

__all__ = ["CHECKS", "Violation", "violations"]

#: The checks, in report order.
CHECKS: tuple[str, ...] = ("after_publication", "before_1900", "count_is_year", "non_actor")
#: Modalities whose date may lie after publication.
_FUTURE_MODALITIES = frozenset({Modality.planned, Modality.threatened})
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2}|2100)\b")
_COUNTS = ("killed", "injured", "arrested", "kidnapped")


@dataclass(frozen=True)
class Violation:
    """One failed check: which, on which event, and the offending value."""

    check: str
    event_id: str
    detail: str


def violations(events: Sequence[Event], text: str, published: dt.date | None) -> list[Violation]:
    """Every failed check of the article's events (see the module)."""
    out: list[Violation] = []
    for event in events:
        time = event.time
        if time is not None:
            if (
                published is not None
                and time.start > published
                and event.modality not in _FUTURE_MODALITIES
            ):
                out.append(Violation("after_publication", event.id, str(time.start)))
            said = {int(y) for y in _YEAR.findall(time.text or "")}
            if time.start.year < 1900 and not any(y < 1900 for y in said):
                out.append(Violation("before_1900", event.id, str(time.start)))
        years = {int(y) for s in event.sentences for y in _YEAR.findall(text[s.start : s.end])} | {
            int(y) for y in _YEAR.findall(" ".join(t.text for t in event.triggers))
        }
        for name in _COUNTS:
            count = getattr(event, name)
            if count is None:
                continue
            values = {v for v in (count.low, count.best, count.high) if v is not None}
            if values & years:
                out.append(Violation("count_is_year", event.id, f"{name} {sorted(values)}"))
        for role in event.roles:
            if is_non_participant(role.text):
                out.append(Violation("non_actor", event.id, role.text))
    return out
