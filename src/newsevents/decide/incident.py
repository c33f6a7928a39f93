"""Decide: the probability that each record is a real incident, from the trained model.

The model (``data/models/incident``, trained by ``newsevents train incident``) reads the
features of :mod:`newsevents.decide.features` and gives each record the probability that a
careful coder would record it as a real incident. That probability is the event's
``confidence``; extraction keeps the records at or above a minimum confidence.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from newsevents.decide.features import RECORD_FEATURES, TEXT_SIZE, features
from newsevents.learn.files import ModelFileError
from newsevents.learn.heads import Head, load_head, shipped_folder
from newsevents.model import Event

NAME = "incident"


@functools.cache
def model() -> tuple[Head, tuple[int, ...]]:
    """The shipped incident model, loaded and checked once per process, with the columns of
    :func:`~newsevents.decide.features.features` it reads: the record features it was
    trained on, by name, then the text features. Selecting by name lets the extractor
    compute a feature that a model being trained will read while the shipped one, trained
    before it existed, goes on working."""
    folder = shipped_folder(NAME)
    head = load_head(folder, NAME)
    blocks = {block.name: block for block in head.features}
    record, text = blocks.get("record"), blocks.get("text")
    if record is None or record.columns is None or text is None or text.size != TEXT_SIZE:
        raise ModelFileError(folder, "an incident model reads named record columns and text")
    unknown = [c for c in record.columns if c not in RECORD_FEATURES]
    if unknown:
        raise ModelFileError(folder, f"record features this version does not compute: {unknown}")
    index = [RECORD_FEATURES.index(c) for c in record.columns]
    index += range(len(RECORD_FEATURES), len(RECORD_FEATURES) + TEXT_SIZE)
    return head, tuple(index)


def score(
    events: Sequence[Event], text: str, text_rows: NDArray[np.float32] | None = None
) -> list[float]:
    """Probability that each of an article's records is a real incident (``text_rows``:
    their text features when computed already)."""
    if not events:
        return []
    head, columns = model()
    matrix = features(events, text, text_rows)[:, np.asarray(columns)]
    probabilities = head.predict(matrix)[:, 0]
    return [round(float(p), 3) for p in probabilities]


def decide(
    events: list[Event], text: str, text_rows: NDArray[np.float32] | None = None
) -> list[Event]:
    """The article's records with ``confidence`` set to the model's probability."""
    for event, probability in zip(events, score(events, text, text_rows), strict=True):
        event.confidence = probability
    return events
