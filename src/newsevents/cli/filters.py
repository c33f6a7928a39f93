"""The event filter options that ``newsevents events`` and ``newsevents export`` share."""

from __future__ import annotations

from typing import Annotated

import typer

ActorOption = Annotated[
    str | None, typer.Option(help="A participant: canonical name, alias or words.")
]
TypeOption = Annotated[
    str | None,
    typer.Option("--type", help="PLOVER event type (ASSAULT, COERCE, ...) or TYPE/MODE."),
]
CountryOption = Annotated[
    str | None, typer.Option(help="Country of the event place: ISO3 code or name.")
]
SinceOption = Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")]
NearOption = Annotated[
    str | None, typer.Option(help="LAT,LON,KM: events within KM kilometres of a point.")
]
TextOption = Annotated[
    str | None, typer.Option(help="Words the event's sentences or names hold (all of them).")
]

__all__ = [
    "ActorOption",
    "CountryOption",
    "NearOption",
    "SinceOption",
    "TextOption",
    "TypeOption",
    "UntilOption",
]
