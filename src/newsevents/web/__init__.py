"""The web explorer: a static page served at ``/`` by ``newsevents serve``.

``STATIC_DIR`` holds ``index.html``, ``app.js``, ``app.css`` and the vendored front-end libraries
(``vendor/``, refreshed by ``scripts/build-web``); everything the page loads comes from there, so
it works offline.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR: Path = Path(__file__).resolve().parent / "static"
INDEX_HTML: Path = STATIC_DIR / "index.html"

__all__ = ["INDEX_HTML", "STATIC_DIR"]
