"""How many events match a filter, remembered for a few seconds.

Counting is often the costliest part of a request (every match is visited, where a page reads
50), and the web page asks for the same filter's count several times in a row (the list, the
map, the timeline). A count is kept for ``TTL_SECONDS``: events stored meanwhile show up in
``total`` that much later, never in the pages themselves.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from sqlalchemy.orm import Session

from newsevents.store.query import EventFilter, count_events

TTL_SECONDS = 30.0
_MAX_ENTRIES = 1024


class CountCache:
    """Counts by filter (least recently used dropped first), each valid ``ttl`` seconds."""

    def __init__(self, ttl: float = TTL_SECONDS, size: int = _MAX_ENTRIES) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def count(self, session: Session, flt: EventFilter) -> int:
        """The number of events matching ``flt``, counted at most ``ttl`` seconds ago."""
        key = flt.model_dump_json(exclude_none=True)
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and now - found[0] < self.ttl:
                self._entries.move_to_end(key)
                return found[1]
        n = count_events(session, flt)
        with self._lock:
            self._entries[key] = (now, n)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return n
