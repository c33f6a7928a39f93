"""``newsevents places``: look names up in the offline gazetteer and show how they rank."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

places_app = typer.Typer(help="Look place names up in the offline gazetteer.", no_args_is_help=True)


@places_app.command("search")
def search_command(
    name: Annotated[str, typer.Argument(help="The place name as written.")],
    context: Annotated[
        str, typer.Option(help="Article text whose countries and places rank the candidates.")
    ] = "",
    limit: Annotated[int, typer.Option(help="Show at most N candidates.")] = 10,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the candidates as one JSON object.")
    ] = False,
) -> None:
    """Show the candidates for NAME, best first, with their scores and the parts of each."""
    from newsevents.resolve.places import describe, resolve

    res = resolve(name, context)
    if res is None:
        if as_json:
            typer.echo(json.dumps({"query": name, "resolved": None, "candidates": []}))
        else:
            typer.echo(f"{name!r}: not in the gazetteer")
        raise typer.Exit(code=1)
    if as_json:
        rows: list[dict[str, Any]] = []
        for c in res.candidates[:limit]:
            p = c.place
            rows.append(
                {
                    "name": p.name,
                    "kind": p.kind,
                    "geonames_id": p.geonames_id,
                    "country": p.country,
                    "admin1": p.admin1,
                    "latitude": p.lat,
                    "longitude": p.lon,
                    "population": p.population,
                    "matched_as": c.how,
                    "score": round(c.score, 3),
                    "parts": {k: round(v, 3) for k, v in c.parts.items()},
                }
            )
        best = {
            "name": res.place.name,
            "latitude": res.lat,
            "longitude": res.lon,
            "precision": res.precision,
            "confidence": res.confidence,
        }
        typer.echo(json.dumps({"query": name, "resolved": best, "candidates": rows}))
        return
    typer.echo(
        f"{name!r} -> {res.place.name} ({res.lat}, {res.lon}), {res.precision}, "
        f"confidence {res.confidence}"
    )
    for c in res.candidates[:limit]:
        typer.echo("  " + describe(c))
