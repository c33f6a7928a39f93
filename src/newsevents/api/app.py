"""The FastAPI application behind ``newsevents serve``: :func:`create_app`."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from newsevents import __version__
from newsevents.api import actors, event_detail, events, extraction, network, stats
from newsevents.api.counts import CountCache
from newsevents.api.docs import add_docs_page
from newsevents.api.errors import install_error_handlers
from newsevents.api.limits import MAX_BODY_BYTES, BodyLimit
from newsevents.api.responses import JSONBody, ok
from newsevents.api.static import mount_web_page
from newsevents.resolve.actors import load_kb
from newsevents.store.db import open_database

#: Threads running endpoints at once, per server process.
WORKER_THREADS = 4


def create_app(db_url: str | None = None) -> FastAPI:
    """The application serving the event database ``db_url`` (None: ``$NEWSEVENTS_DB``, else
    ``newsevents.db``).

    The database must exist: a missing SQLite file, an unreachable server or a bad URL raises
    :class:`newsevents.store.db.DatabaseError` here, before anything is served.
    """
    db = open_database(db_url, create=False)

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
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)

    @app.get("/api/health", summary="Liveness", response_class=JSONBody)
    async def health() -> JSONBody:
        """``{"ok": true}``: the server answers (the baseline of ``newsevents bench api``)."""
        return ok({})

    for module in (events, event_detail, actors, stats, network, extraction):
        app.include_router(module.router)
    add_docs_page(app)
    mount_web_page(app)
    return app
