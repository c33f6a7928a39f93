"""Model cards: the ``card.md`` written beside a model's weights."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsevents.learn.heads import CARD_FILE


@dataclass(frozen=True)
class TrainingSet:
    """A data set a model learned from (or was scored on)."""

    name: str
    licence: str
    use: str


@dataclass(frozen=True)
class Card:
    """What a model card says; :func:`write_card` lays it out."""

    title: str
    summary: str
    training_sets: tuple[TrainingSet, ...]
    method: str
    scores: dict[str, dict[str, float]]
    date: str
    seed: int
    command: str
    notes: tuple[str, ...] = field(default_factory=tuple)


def retrain_command(name: str, seed: int, limit: int | None = None) -> str:
    """The one command that reproduces model ``name`` from the shared gold data."""
    command = f"newsevents train {name} --data ../shared/data --seed {seed}"
    return command if limit is None else f"{command} --limit {limit}"


def render_card(card: Card) -> str:
    """The card as Markdown."""
    metrics = list(dict.fromkeys(metric for values in card.scores.values() for metric in values))
    lines = [f"# {card.title}", "", card.summary, "", "## Training data", ""]
    lines += [f"- **{s.name}** ({s.licence}): {s.use}" for s in card.training_sets]
    lines += [
        "",
        "The training data is not part of newsevents; only the learned weights are shipped.",
        "",
        "## Method",
        "",
        card.method,
        "",
        "## Scores",
        "",
        "| part | " + " | ".join(metrics) + " |",
        "| --- | " + " | ".join("---" for _ in metrics) + " |",
    ]
    for part, values in card.scores.items():
        cells = [_cell(m, values[m]) if m in values else "" for m in metrics]
        lines.append(f"| {part} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Provenance",
        "",
        f"- trained: {card.date}, seed {card.seed}",
        f"- retrain (deterministic given the seed): `{card.command}`",
    ]
    lines += [f"- {note}" for note in card.notes]
    return "\n".join(lines) + "\n"


def _cell(metric: str, value: float) -> str:
    # Metrics named n_... are counts.
    return f"{value:,.0f}" if metric.startswith("n_") else f"{value:.3f}"


def write_card(card: Card, folder: Path) -> Path:
    """Write ``card.md`` into ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CARD_FILE
    path.write_text(render_card(card), encoding="utf-8")
    return path
