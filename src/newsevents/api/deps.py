"""The database behind the application, and a session per request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from newsevents.api.counts import CountCache
from newsevents.store.db import Database


def database(request: Request) -> Database:
    """The database :func:`newsevents.api.app.create_app` opened."""
    db: Database = request.app.state.db
    return db


def counts(request: Request) -> CountCache:
    """The application's cache of event counts."""
    cache: CountCache = request.app.state.counts
    return cache


async def session(request: Request) -> AsyncIterator[Session]:
    """A read session for one request, closed after the response.

    ``async`` so that FastAPI calls it on the event loop instead of in a worker thread: a
    session connects only when the endpoint (in its worker thread) first runs a query, and
    closing it hands the connection back to the pool, neither of which waits on anything.
    """
    with database(request).session() as s:
        yield s


#: A read session, as an endpoint parameter.
SessionDep = Annotated[Session, Depends(session)]
