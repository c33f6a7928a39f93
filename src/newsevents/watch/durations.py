"""Durations as people write them on the command line: ``90s``, ``15m``, ``1h30m``, ``2d``."""

from __future__ import annotations

import math
import re

#: Seconds per unit.
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_NUMBER = r"\d+(?:\.\d+)?"
_WHOLE = re.compile(rf"(?:{_NUMBER}[smhd])+")
_PART = re.compile(rf"({_NUMBER})([smhd])")
_BARE = re.compile(_NUMBER)


def parse_duration(text: str) -> float:
    """Seconds in ``text``: numbers each followed by a unit (s, m, h, d), summed.

    ``"15m"`` is 900, ``"1h30m"`` 5400, ``"1.5h"`` 5400; a bare number is seconds. Case and
    spaces do not matter. Raises ValueError, naming the value and the accepted forms, for
    anything else, and for a duration of zero.
    """
    compact = "".join(text.split()).lower()
    if _BARE.fullmatch(compact):
        seconds = float(compact)
    elif _WHOLE.fullmatch(compact):
        seconds = sum(float(n) * UNITS[unit] for n, unit in _PART.findall(compact))
    else:
        raise ValueError(
            f"{text!r} is not a duration; write a number with a unit, such as 90s, 15m, "
            "1h30m or 1d (s: seconds, m: minutes, h: hours, d: days)"
        )
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{text!r} is not a duration longer than zero")
    return seconds


def format_duration(seconds: float) -> str:
    """``seconds`` as :func:`parse_duration` reads it: ``1h30m``, ``45s``, ``0.5s``."""
    if seconds != int(seconds) or seconds < 1:
        # Fractions are shown to the millisecond; whole seconds read back exactly.
        return f"{seconds:.3f}".rstrip("0").rstrip(".") + "s"
    rest = int(seconds)
    parts = []
    for unit in ("d", "h", "m", "s"):
        amount, rest = divmod(rest, UNITS[unit])
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)
