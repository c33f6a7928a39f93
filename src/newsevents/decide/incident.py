"""Decide: the probability that each record is a real incident, from the trained model.

The model (``data/models/incident``, trained by ``newsevents train incident``) reads the
features of :mod:`newsevents.decide.features` and gives each record the probability that a
careful coder would record it as a real incident. That probability is the event's
``confidence``; extraction keeps the records at or above a minimum confidence.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from newsevents.decide.features import features
from newsevents.learn.heads import Head, load_head, shipped_folder
from newsevents.model import Event

NAME = "incident"


@functools.cache
def model() -> Head:
    """The shipped incident model, loaded and checked once per process."""
    return load_head(shipped_folder(NAME), NAME)


def score(events: Sequence[Event], text: str) -> list[float]:
    """Probability that each of an article's records is a real incident."""
    if not events:
        return []
    probabilities = model().predict(features(events, text))[:, 0]
    return [round(float(p), 3) for p in probabilities]


def decide(events: list[Event], text: str) -> list[Event]:
    """The article's records with ``confidence`` set to the model's probability."""
    for event, probability in zip(events, score(events, text), strict=True):
        event.confidence = probability
    return events
