"""The checking benchmarks' shared ending: the result printed, the exit status by its verdict."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from newsevents.cli.verdict import JsonOption, run_check


def _app(result: Mapping[str, Any] | Exception) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def check(as_json: JsonOption = False) -> None:
        def compute() -> Mapping[str, Any]:
            if isinstance(result, Exception):
                raise result
            return result

        run_check(compute, passed="ok", as_json=as_json)

    return app


@pytest.mark.parametrize("ok, code", [(True, 0), (False, 1)])
def test_the_exit_status_follows_the_verdict(ok: bool, code: int) -> None:
    result = CliRunner().invoke(_app({"inputs": 3, "problems": ["a", "b"], "ok": ok}), [])
    assert result.exit_code == code
    assert result.stdout.splitlines() == [
        f"{'inputs':<32} 3",
        "problems:",
        "  a",
        "  b",
        f"{'ok':<32} {ok}",
    ]


def test_json_prints_one_object() -> None:
    result = CliRunner().invoke(_app({"ok": True, "n": 2}), ["--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == {"n": 2, "ok": True}


def test_a_check_that_cannot_run_is_one_error_line_and_status_2() -> None:
    result = CliRunner().invoke(_app(RuntimeError("the server did not start")), [])
    assert result.exit_code == 2
    assert result.stderr == "error: the server did not start\n" and result.stdout == ""
