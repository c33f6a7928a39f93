"""``newsevents actors search NAME``: what a name resolves to in the knowledge base, and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from newsevents.errors import DataFileError

actors_app = typer.Typer(
    help="Look up actors in the knowledge base.", no_args_is_help=True, add_completion=False
)

ActorFilesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors",
        help="Extra actor file (YAML, the shipped format); repeat for several. "
        "Default: $NEWSEVENTS_ACTORS.",
    ),
]


def describe(name: str, actor_files: list[Path] | None = None) -> dict[str, Any]:
    """The resolution of ``name``: matched actor, step, score, alias, parents and relations."""
    from newsevents.resolve.actors import load_kb

    kb = load_kb(actor_files)
    out: dict[str, Any] = {"query": name, "key": kb.normalise(name), "match": None}
    match = kb.match(name)
    if match is not None:
        actor = match.actor
        out["match"] = {
            "id": actor.id,
            "name": actor.name,
            "kind": actor.kind.value,
            "sector": actor.sector,
            "country": actor.country,
            "step": match.step.value,
            "score": match.score,
            "matched_alias": match.matched_alias,
            "parents": [p.id for p in kb.parents(actor.id)],
            "relations": [r.model_dump(mode="json") for r in actor.relations],
            "roles": [r.model_dump(mode="json", exclude_none=True) for r in actor.roles],
            "wikidata": actor.wikidata,
        }
    else:
        agent = kb.match_agent(name)
        if agent is not None:
            out["agent"] = {
                "id": agent.agent.id,
                "name": agent.agent.name,
                "kind": agent.agent.kind.value,
                "sector": agent.agent.sector,
                "form": agent.matched_form,
                "plural": agent.plural,
                "score": agent.score,
            }
        out["unknown_id"] = kb.stable_id_for_unknown(name)
    return out


@actors_app.command("search")
def search_command(
    name: Annotated[str, typer.Argument(help="A name as written in an article.")],
    actor_files: ActorFilesOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show what NAME resolves to (actor, generic agent or a stable unknown id) and why."""
    try:
        found = describe(name, actor_files)
    except DataFileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, sort_keys=True))
        return
    match = found["match"]
    if match is not None:
        typer.echo(f"{name!r} -> {match['id']} ({match['name']})")
        typer.echo(
            f"  step {match['step']}, score {match['score']}, via {match['matched_alias']!r}"
        )
        typer.echo(f"  kind {match['kind']}, sector {match['sector']}, country {match['country']}")
        for rel in match["relations"]:
            since = f" since {rel['since']}" if rel.get("since") else ""
            typer.echo(f"  {rel['type']} {rel['target']}{since}")
        for role in match["roles"]:
            span = f"{role.get('since', '')}..{role.get('until', '')}"
            typer.echo(f"  post {role['code']} {span}")
    elif "agent" in found:
        agent = found["agent"]
        typer.echo(f"{name!r} -> generic agent {agent['id']} ({agent['kind']}, {agent['sector']})")
        typer.echo(f"  form {agent['form']!r}, plural {agent['plural']}, score {agent['score']}")
    else:
        typer.echo(f"{name!r} -> not in the knowledge base; stable id {found['unknown_id']}")
    typer.echo(f"  normalised key {found['key']!r}")
