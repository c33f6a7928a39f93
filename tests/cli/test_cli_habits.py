"""Command-line habits: --version, shell completion, and a closed pipe ends output quietly."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.cli.output import BROKEN_PIPE_STATUS


def test_version_prints_the_installed_version() -> None:
    for flag in ("--version", "-V"):
        result = CliRunner().invoke(app, [flag])
        assert result.exit_code == 0
        assert result.stdout.strip() == f"newsevents {version('newsevents')}"


def test_shell_completion_is_offered() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


_WRITER = """
import sys
import typer
from newsevents.cli.output import closed_pipe_is_quiet

def main() -> None:
    with closed_pipe_is_quiet():
        for i in range(200_000):
            sys.stdout.write(f"row {i}\\n")

typer.run(main)
"""


def test_a_reader_that_stops_early_ends_output_quietly_with_status_141() -> None:
    # `| head -1`: the writer must not print a traceback nor a message, and exits as cat
    # would when SIGPIPE ends it.
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert writer.stdout is not None and writer.stderr is not None
    first = writer.stdout.readline()
    writer.stdout.close()
    status = writer.wait(timeout=60)
    assert first == b"row 0\n"
    assert status == BROKEN_PIPE_STATUS
    assert writer.stderr.read() == b""
