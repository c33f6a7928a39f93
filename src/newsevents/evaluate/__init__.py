"""Evaluation on public gold data: an adapter per dataset, scorers matching published metrics.

Each dataset module exposes ``run(options: EvalOptions) -> EvalReport``. The registry below
maps the names accepted by ``newsevents eval`` to those modules, which are imported only
when used.
"""

from __future__ import annotations

import importlib

from newsevents.evaluate.base import EvalOptions, EvalReport, Runner

__all__ = ["DATASETS", "EvalOptions", "EvalReport", "get_runner"]

#: Dataset name -> module implementing ``run``.
DATASETS: dict[str, str] = {
    "muc4": "newsevents.evaluate.muc4",
    "hrdsattack": "newsevents.evaluate.hrdsattack",
    "wikievents": "newsevents.evaluate.wikievents",
    "case2021": "newsevents.evaluate.case2021",
    "ceha": "newsevents.evaluate.ceha",
    "india-police-events": "newsevents.evaluate.india_police",
    "geoparsing": "newsevents.evaluate.geoparsing",
    "event-location": "newsevents.evaluate.event_location",
    "gvc": "newsevents.evaluate.gvc",
    "gva-pool": "newsevents.evaluate.gvc",
    "coder": "newsevents.evaluate.coder",
    "gva-records": "newsevents.evaluate.gva_records",
}


def get_runner(name: str) -> Runner:
    """The ``run`` function of dataset ``name``; the error lists the valid names."""
    if name not in DATASETS:
        valid = ", ".join(sorted(DATASETS))
        raise KeyError(f"unknown dataset {name!r}; valid datasets: {valid}")
    module = importlib.import_module(DATASETS[name])
    runner: Runner = module.run
    return runner
