"""The trainable models by name, and what a training run takes and reports."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from newsevents.errors import NewsEventsError
from newsevents.learn.heads import shipped_folder


@dataclass(frozen=True)
class TrainOptions:
    """What a training run reads and writes.

    ``data`` is the shared gold data folder (``../shared/data``); ``out`` the model folder to
    write; ``limit``, when given, trains and scores on a seeded sample of that many items per
    split (for quick checks, never for a shipped model).
    """

    data: Path
    out: Path
    seed: int = 0
    limit: int | None = None


@dataclass(frozen=True)
class TrainResult:
    """Scores of a training run: ``scores[part][metric]``, e.g. ``scores["dev uw"]["mae"]``."""

    name: str
    out: Path
    scores: dict[str, dict[str, float]]
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Trainer:
    """A trainable model: its name, one line on what it is, and the module that trains it."""

    name: str
    summary: str
    module: str

    def run(self, options: TrainOptions) -> TrainResult:
        """Train the model with ``options`` (BLAS on one thread, so the result is repeatable)."""
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # untyped

        module = importlib.import_module(self.module)
        run = cast(Callable[[TrainOptions], TrainResult], module.run)
        with threadpool_limits(limits=1):
            return run(options)


TRAINERS: dict[str, Trainer] = {
    trainer.name: trainer
    for trainer in (
        Trainer(
            name="factuality",
            summary="event factuality from -3 to +3 (UW + MEANTIME), ridge over MiniLM features",
            module="newsevents.train.factuality",
        ),
        Trainer(
            name="incident",
            summary="probability that a record is a real incident, logistic over record + "
            "MiniLM features",
            module="newsevents.train.incident",
        ),
        Trainer(
            name="satp-types",
            summary="SATP attack types of a news summary (Armed Assault, Bombing/Explosion, "
            "Kidnapping, Other), logistic over word and MiniLM features",
            module="newsevents.train.satp",
        ),
        Trainer(
            name="types",
            summary="means of an incident (Armed Assault, Bombing/Explosion, Kidnapping, "
            "Other) from its sentences, logistic over word and MiniLM features",
            module="newsevents.train.types",
        ),
        Trainer(
            name="hrds-perpetrator",
            summary="HRDsAttack perpetrator type of an article from what the adapter's "
            "rules found, logistic over rule features",
            module="newsevents.train.hrds_perpetrator",
        ),
        Trainer(
            name="roles",
            summary="perpetrators and targets of an incident among the noun phrases around "
            "it, logistic over candidate and MiniLM features",
            module="newsevents.train.roles",
        ),
    )
}


class UnknownModelError(NewsEventsError):
    """No trainable model has that name."""


def get_trainer(name: str) -> Trainer:
    """The trainer called ``name``; raises UnknownModelError listing the known ones."""
    try:
        return TRAINERS[name]
    except KeyError:
        known = ", ".join(sorted(TRAINERS))
        raise UnknownModelError(f"unknown model {name!r}; trainable models: {known}") from None


def default_out(name: str) -> Path:
    """Where the shipped model ``name`` lives (the default output of ``newsevents train``)."""
    return shipped_folder(name)
