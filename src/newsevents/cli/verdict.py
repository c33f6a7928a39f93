"""What the checking benchmarks (``bench hostile``, ``bench fuzz-api``, ``bench crash``) share:
the ``--json`` option, progress on standard error, the result printed as one JSON object or as
aligned lines, and the exit status: 2 when the check could not run, 1 when it failed."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Annotated, Any

import typer

JsonOption = Annotated[bool, typer.Option("--json", help="Print results as one JSON object.")]


def say(line: str) -> None:
    """A progress line, on standard error (standard output is for the result)."""
    typer.echo(line, err=True)


def print_result(result: Mapping[str, Any], as_json: bool) -> None:
    """``result`` as one JSON object, or a line per key (a list: one indented line per item)."""
    if as_json:
        typer.echo(json.dumps(result, sort_keys=True))
        return
    for key, value in result.items():
        if isinstance(value, list):
            typer.echo(f"{key}:")
            for item in value:
                typer.echo(f"  {item}")
        else:
            typer.echo(f"{key:<32} {value}")


def run_check(check: Callable[[], Mapping[str, Any]], *, passed: str, as_json: bool) -> None:
    """Run ``check`` and print its result; exit 1 when ``result[passed]`` is false, 2 with
    an ``error:`` line when it could not run (it raised ``RuntimeError``: a server that did
    not start, a database that cannot be made)."""
    try:
        result = check()
    except RuntimeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    print_result(result, as_json)
    if not result[passed]:
        raise typer.Exit(code=1)
