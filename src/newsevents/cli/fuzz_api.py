"""``newsevents bench fuzz-api``: hostile requests against a served database, checked for 500s,
reset connections, missing security headers and errors outside the envelope
(see :mod:`newsevents.api.fuzz`)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from newsevents.cli.verdict import JsonOption, run_check, say


def bench_fuzz_api_command(
    requests: Annotated[int, typer.Option(min=1, help="Requests to send.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed of the requests and the database.")] = 0,
    events: Annotated[
        int, typer.Option(min=1, help="Synthetic events in the served database.")
    ] = 2000,
    extractions: Annotated[
        int, typer.Option(min=0, help="Real extractions among the POST /api/extract requests.")
    ] = 3,
    connections: Annotated[
        int, typer.Option(min=1, max=64, help="Keep-alive connections used at once.")
    ] = 4,
    samples: Annotated[
        list[str] | None,
        typer.Option(help="Articles whose extracted events are varied (default: samples/)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Serve a small database on a loopback port and send it fuzzed requests on every
    endpoint and parameter. Exits 1 on any 500, reset connection, missing security header
    or error outside the envelope."""
    from newsevents.api.bench import fill_database
    from newsevents.api.fuzz import fuzz_api
    from newsevents.cli.bench import _templates

    def check() -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="newsevents-fuzz-db-") as folder:
            db_path = str(Path(folder) / "fuzz.db")
            say(f"storing {events:,} synthetic events")
            fill_database(db_path, _templates(samples), events, seed=seed)
            return fuzz_api(
                db_path, requests, seed=seed, extractions=extractions, connections=connections,
                progress=say,
            )  # fmt: skip

    run_check(check, passed="passed", as_json=as_json)
