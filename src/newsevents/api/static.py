"""The web page: ``/`` serves ``web/static/index.html`` and ``/static/...`` that folder.

The folder belongs to the web explorer (``newsevents.web``). Until it holds an
``index.html``, ``/`` answers a short page that points to the API instead of failing.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

#: Where the web page's files are (inside the installed package).
STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"

_NO_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsevents</title></head>
<body><h1>newsevents</h1>
<p>The web explorer is not installed (no <code>newsevents/web/static/index.html</code>).
The JSON API answers under <a href="/api/events">/api/events</a>; its endpoints are listed at
<a href="/docs">/docs</a> and <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>
"""


def mount_web_page(app: FastAPI, folder: Path = STATIC_DIR) -> None:
    """Serve ``folder/index.html`` at ``/`` and the folder at ``/static``."""
    if folder.is_dir():
        app.mount("/static", StaticFiles(directory=folder), name="static")

    @app.get("/", include_in_schema=False, response_model=None)
    def index() -> Response:
        page = folder / "index.html"
        if page.is_file():
            return FileResponse(page, media_type="text/html")
        return HTMLResponse(_NO_PAGE)
