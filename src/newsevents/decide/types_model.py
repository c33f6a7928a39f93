"""Trained text type models: which kinds of incident a short text reports.

A type model is a head of :mod:`newsevents.learn.heads` with one sigmoid output per label
(one-vs-rest logistic regressions) over the word and MiniLM features of
:mod:`newsevents.decide.types_text`. Two are shipped:

- ``satp-types``: the SATP (South Asia Terrorism Portal) attack types of a news summary,
  Armed Assault, Bombing/Explosion, Kidnapping and Other (``newsevents train satp-types``);
- ``types``: the same four labels learned from SATP, MUC-4 and GVDB together, which the
  typing step (:mod:`newsevents.decide.event_type`) reads from each incident's sentences
  (``newsevents train types``).

A text gets every label whose probability reaches the model's ``threshold``, and its most
probable label when none does (every text of the training data has at least one).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from newsevents.decide.types_text import Vocabulary, feature_matrix, vocabulary_of
from newsevents.learn.encoder import Encoder
from newsevents.learn.factuality import encoder_sha256
from newsevents.learn.files import ModelFileError
from newsevents.learn.heads import META_FILE, Head, load_head, shipped_folder

#: The four attack types of SATP (GTD-style), the labels of both shipped type models.
ARMED = "Armed Assault"
BOMBING = "Bombing/Explosion"
KIDNAPPING = "Kidnapping"
OTHER = "Other"
SATP_LABELS = (ARMED, BOMBING, KIDNAPPING, OTHER)
SATP_MODEL = "satp-types"
TYPES_MODEL = "types"


@dataclass(frozen=True)
class TypeModel:
    """A loaded type model: its head, vocabulary and decision threshold."""

    head: Head
    vocabulary: Vocabulary
    threshold: float

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels, in output order."""
        return self.head.labels

    def probabilities(
        self, texts: Sequence[str], encoder: Encoder | None = None
    ) -> NDArray[np.float32]:
        """Probability of each label for each text: shape ``(len(texts), len(labels))``."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self.head.predict(feature_matrix(texts, self.vocabulary, encoder))

    def decide(self, probabilities: NDArray[np.float32]) -> list[tuple[str, ...]]:
        """The labels of each row: those at or above the threshold, else the most probable."""
        out: list[tuple[str, ...]] = []
        for row in probabilities:
            chosen = tuple(
                lab for lab, p in zip(self.labels, row, strict=True) if p >= self.threshold
            )
            out.append(chosen or (self.labels[int(np.argmax(row))],))
        return out

    def classify(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        """The labels of each text."""
        return self.decide(self.probabilities(texts))


def load_type_model(folder: Path, name: str) -> TypeModel:
    """The type model ``name`` saved in ``folder``, checked: its layout must be that of
    :mod:`newsevents.decide.types_text`, its outputs sigmoids, its threshold a probability,
    and it must have been trained on the installed encoder."""
    head = load_head(folder, name)
    meta = folder / META_FILE
    try:
        vocabulary = vocabulary_of(head.features, head.extra.get("idf"))
    except ValueError as exc:
        raise ModelFileError(meta, str(exc)) from None
    if head.output != "sigmoid":
        raise ModelFileError(meta, f"output {head.output!r}; a type model has sigmoid outputs")
    threshold = head.extra.get("threshold")
    if not isinstance(threshold, int | float) or not 0.0 < threshold < 1.0:
        raise ModelFileError(meta, f"extra.threshold must be a probability, not {threshold!r}")
    trained_on = head.extra.get("encoder_sha256")
    if trained_on != encoder_sha256():
        raise ModelFileError(
            meta, f"trained on encoder {trained_on}, but the installed one is {encoder_sha256()}"
        )
    return TypeModel(head=head, vocabulary=vocabulary, threshold=float(threshold))


@functools.cache
def shipped_type_model(name: str) -> TypeModel:
    """The shipped type model ``name``, loaded and checked once per process."""
    return load_type_model(shipped_folder(name), name)


def satp_types(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """The SATP attack types of each text (e.g. ``("Bombing/Explosion",)``)."""
    return shipped_type_model(SATP_MODEL).classify(texts)


__all__ = [
    "ARMED",
    "BOMBING",
    "KIDNAPPING",
    "OTHER",
    "SATP_LABELS",
    "SATP_MODEL",
    "TYPES_MODEL",
    "TypeModel",
    "load_type_model",
    "satp_types",
    "shipped_type_model",
]
