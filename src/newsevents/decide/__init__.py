"""Which extracted events are kept: the minimum confidence, and the cut itself.

``Event.confidence`` is meant as the probability that the record is a real, correctly typed
incident. Every command and endpoint that extracts events keeps those whose confidence is at
least a minimum, :data:`DEFAULT_MIN_CONFIDENCE` unless the user gives another (0 keeps every
event); reads of stored events default to 0, since what was stored was cut already.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from newsevents.model import ArticleResult, Event

#: The minimum confidence of an extracted event when the user gives none: favours precision.
#: Chosen on coder-gold dev (precision 0.80 at recall 0.82; docs/quality.md); every default
#: of the commands and the API reads it from here.
DEFAULT_MIN_CONFIDENCE: float = 0.65


def check_min_confidence(value: float) -> float:
    """``value`` when it is a usable minimum confidence (a number from 0 to 1), else
    ValueError saying what is accepted."""
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{value:g} is not a confidence; give a number from 0 to 1 (0 keeps all)")
    return value


def is_confident(confidence: float, min_confidence: float) -> bool:
    """Whether an event of ``confidence`` is kept under ``min_confidence`` (at least it)."""
    return confidence >= min_confidence


def keep_confident(events: Iterable[Event], min_confidence: float) -> list[Event]:
    """The events whose confidence is at least ``min_confidence``, in their order."""
    return [ev for ev in events if is_confident(ev.confidence, min_confidence)]


def held_back_note(count: int, min_confidence: float) -> str:
    """How a summary says that ``count`` events were left out (``5 below confidence 0.5 not
    kept``)."""
    return f"{count} below confidence {min_confidence:g} not kept"


def no_confident_event(count: int, min_confidence: float) -> str:
    """The reason of an article whose ``count`` events were all left out. Its details are in
    parentheses, so summaries group such articles under ``no event above confidence 0.5``."""
    return f"no event above confidence {min_confidence:g} ({count} not kept)"


def confident_result(result: ArticleResult, min_confidence: float) -> tuple[ArticleResult, int]:
    """``result`` with only its confident events, and how many were left out. An article
    left with none gets the reason :func:`no_confident_event`; one that had none is
    returned as it is."""
    kept = keep_confident(result.events, min_confidence)
    held = len(result.events) - len(kept)
    if not held:
        return result, 0
    reason = result.reason if kept else no_confident_event(held, min_confidence)
    return result.model_copy(update={"events": kept, "reason": reason}), held


__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "check_min_confidence",
    "confident_result",
    "held_back_note",
    "is_confident",
    "keep_confident",
    "no_confident_event",
]
