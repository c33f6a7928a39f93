"""The ``newsevents`` command line: one module per command, thin wrappers over library calls."""

from __future__ import annotations

from typing import Annotated

import typer

from newsevents.cli.actors import actors_app
from newsevents.cli.bench import bench_app
from newsevents.cli.cluster import fuse_command, load_command
from newsevents.cli.evaluate import eval_command
from newsevents.cli.events import events_command
from newsevents.cli.export import export_command
from newsevents.cli.extract import extract_command
from newsevents.cli.ingest import ingest_command
from newsevents.cli.places import places_app
from newsevents.cli.serve import serve_command
from newsevents.cli.train import train_command
from newsevents.cli.watch import watch_command

app = typer.Typer(
    name="newsevents",
    help="Turn news articles about political violence into evidence-backed event data.",
    no_args_is_help=True,
    # --install-completion / --show-completion for bash, zsh, fish and PowerShell.
    add_completion=True,
)
app.command("extract")(extract_command)
app.command("eval")(eval_command)
app.add_typer(bench_app, name="bench")
app.command("ingest")(ingest_command)
app.command("load")(load_command)
app.command("fuse")(fuse_command)
app.command("events")(events_command)
app.command("export")(export_command)
app.add_typer(places_app, name="places")
app.add_typer(actors_app, name="actors")
app.command("serve")(serve_command)
app.command("watch")(watch_command)
app.command("train")(train_command)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsevents")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"newsevents {_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Turn news articles about political violence into evidence-backed event data."""


def main() -> None:
    """Entry point of the ``newsevents`` script."""
    app()
