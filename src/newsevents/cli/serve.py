"""``newsevents serve``: the JSON API and the web explorer, in one process (uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from newsevents.cli.ingest import DbOption
from newsevents.errors import NewsEventsError
from newsevents.limits import EXTRACT_TIMEOUT_S


def serve_command(
    db_url: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes (CPU-bound: one per core).")
    ] = 1,
    extract_timeout: Annotated[
        float,
        typer.Option(
            min=1,
            max=3600,
            help="Seconds a POST /api/extract may run before it is abandoned (answered 504).",
        ),
    ] = EXTRACT_TIMEOUT_S,
) -> None:
    """Serve the event database as a JSON API (/api/...) and the web explorer (/)."""
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from newsevents.api.app import EXTRACT_TIMEOUT_ENV, create_app
    from newsevents.store.db import DB_ENV, one_line

    try:
        app = create_app(db_url, extract_timeout=extract_timeout)
    except (NewsEventsError, SQLAlchemyError) as exc:
        typer.echo(f"error: {one_line(exc)}", err=True)
        raise typer.Exit(code=2) from None
    url = app.state.db.display_url
    typer.echo(f"serving {url} at http://{host}:{port}/", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    app.state.db.close()
    # Each worker process builds its own application (and engine) from the environment:
    # uvicorn needs an import string, not an object, to start several.
    os.environ[DB_ENV] = app.state.db.url.render_as_string(hide_password=False)
    os.environ[EXTRACT_TIMEOUT_ENV] = str(extract_timeout)
    uvicorn.run(
        "newsevents.api.app:create_app", factory=True, workers=workers, host=host, port=port,
        log_level="warning",
    )  # fmt: skip
