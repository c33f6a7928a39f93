"""newsevents: evidence-backed conflict events from news articles, offline.

>>> import newsevents
>>> events = newsevents.extract(text, published="2015-07-20", outlet="AFP")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Article", "Event", "NewsEventsError", "__version__", "extract", "extract_result"]

if TYPE_CHECKING:
    from newsevents.api import extract, extract_result
    from newsevents.errors import NewsEventsError
    from newsevents.model import Article, Event


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import newsevents` stays fast and does not load spaCy.
    if name in ("extract", "extract_result"):
        from newsevents import api

        return getattr(api, name)
    if name in ("Article", "Event"):
        from newsevents import model

        return getattr(model, name)
    if name == "NewsEventsError":
        from newsevents.errors import NewsEventsError

        return NewsEventsError
    raise AttributeError(f"module 'newsevents' has no attribute {name!r}")
