"""The JSON API (``newsevents serve``) and, for backward compatibility, the Python API.

Modules, one job each:

- ``app``: :func:`create_app`, the FastAPI application; ``static``: the web page at ``/``
  and ``/static``; ``docs``: the offline ``/docs`` page;
- ``responses``: the JSON envelope (``{"ok": true, ...}``); ``errors``: every error as
  ``{"ok": false, "error", "status"}``; ``limits``: the 5 MB body limit;
- ``deps``: the database and sessions; ``counts``: event counts kept for a few seconds;
  ``filters``: query parameters -> ``EventFilter``;
  ``pagination``: the opaque ``next`` tokens;
- one module per resource: ``events`` (list), ``event_detail``, ``actors``, ``stats``,
  ``network``, ``extraction`` (``POST /api/extract``);
- ``bench``: ``newsevents bench api``;
- ``python``: ``newsevents.extract(text)`` and ``extract_result``, which this package still
  exports as ``newsevents.api.extract`` / ``newsevents.api.extract_result``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsevents.api.python import extract, extract_result

__all__ = ["extract", "extract_result"]


def __getattr__(name: str) -> Any:
    # Lazily, so that importing the web application does not load the extraction stage
    # (spaCy): `newsevents serve` starts in a fraction of a second.
    if name in ("extract", "extract_result"):
        from newsevents.api import python

        return getattr(python, name)
    raise AttributeError(f"module 'newsevents.api' has no attribute {name!r}")
