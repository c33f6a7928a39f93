"""The ``newsevents`` command line: one module per command, thin wrappers over library calls."""

from __future__ import annotations

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
from newsevents.cli.watch import watch_command

app = typer.Typer(
    name="newsevents",
    help="Turn news articles about political violence into evidence-backed event data.",
    no_args_is_help=True,
    add_completion=False,
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


@app.callback()
def _root() -> None:
    """Turn news articles about political violence into evidence-backed event data."""


def main() -> None:
    """Entry point of the ``newsevents`` script."""
    app()
