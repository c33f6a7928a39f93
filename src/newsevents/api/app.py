"""The FastAPI application behind ``newsevents serve``: :func:`create_app`."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request

from newsevents import __version__
from newsevents.api import actors, event_detail, events, extraction, network, stats
from newsevents.api.counts import CountCache
from newsevents.api.docs import add_docs_page
from newsevents.api.errors import install_error_handlers
from newsevents.api.extractor import EXTRACT_QUEUE, EXTRACT_TIMEOUT, Extractor
from newsevents.api.filters import check_params
from newsevents.api.guard import CatchAll
from newsevents.api.headers import SecurityHeaders
from newsevents.api.limits import MAX_BODY_BYTES, BodyLimit
from newsevents.api.params import QueryGuard
from newsevents.api.responses import JSONBody, ok
from newsevents.api.static import mount_web_page
from newsevents.resolve.actors import load_kb
from newsevents.store.db import open_database

#: Threads running endpoints at once, per server process.
WORKER_THREADS = 4
#: The environment variable giving ``POST /api/extract``'s timeout in seconds (how
#: ``newsevents serve --extract-timeout`` reaches each server process).
EXTRACT_TIMEOUT_ENV = "NEWSEVENTS_EXTRACT_TIMEOUT"


def _extract_timeout(value: float | None) -> float:
    if value is not None:
        return value
    return float(os.environ.get(EXTRACT_TIMEOUT_ENV) or EXTRACT_TIMEOUT)


def create_app(
    db_url: str | None = None,
    *,
    extract_timeout: float | None = None,
    extract_queue: int = EXTRACT_QUEUE,
) -> FastAPI:
    """The application serving the event database ``db_url`` (None: ``$NEWSEVENTS_DB``, else
    ``newsevents.db``).

    ``extract_timeout`` bounds each ``POST /api/extract`` in seconds (None: the environment
    variable ``NEWSEVENTS_EXTRACT_TIMEOUT``, else 30); ``extract_queue`` requests may wait
    behind the running one. The database must exist: a missing SQLite file, an unreachable
    server or a bad URL raises :class:`newsevents.store.db.DatabaseError` here, before
    anything is served.
    """
    db = open_database(db_url, create=False)
    extractor = Extractor(timeout=_extract_timeout(extract_timeout), queue=extract_queue)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Endpoints run in worker threads. A few keep the core busy (SQLite lets go of the
        # interpreter while it reads); dozens (anyio's default is 40) only take turns
        # at the interpreter lock and each hold a database connection.
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        # The actor knowledge base (a second to load) before the first request, not in it.
        load_kb()
        # What is loaded now lives as long as the process (some 300,000 objects, mostly the
        # knowledge base). Frozen, the collector no longer walks it on each full collection,
        # a pause of about 0.2 s that stalled every request queued behind it.
        gc.collect()
        gc.freeze()
        yield
        _app.state.extractor.close()
        db.close()

    app = FastAPI(
        title="newsevents",
        version=__version__,
        description="Evidence-backed political-violence events stored by newsevents.",
        # FastAPI's /docs and /redoc load their scripts from a CDN; see api/docs.py.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        default_response_class=JSONBody,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.counts = CountCache()
    app.state.extractor = extractor
    install_error_handlers(app)
    # Outermost last: every response, errors of the inner ones included, gets the headers.
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(QueryGuard)
    app.add_middleware(CatchAll)
    app.add_middleware(SecurityHeaders)

    @app.get("/api/health", summary="Liveness", response_class=JSONBody)
    async def health(request: Request) -> JSONBody:
        """``{"ok": true}``: the server answers (the baseline of ``newsevents bench api``)."""
        check_params(request, ())
        return ok({})

    for module in (events, event_detail, actors, stats, network, extraction):
        app.include_router(module.router)
    add_docs_page(app)
    mount_web_page(app)
    return app
