"""Small trained heads: their file format, validation and pure-numpy inference.

A head maps a feature vector to one or more outputs: a linear or logistic regression, a
softmax classifier, or a small MLP (ReLU hidden layers). It lives in a folder holding

- ``weights.npz``: float32 arrays ``mean`` and ``scale`` (the features are standardised as
  ``(x - mean) / scale``), then ``w0``, ``b0``, ``w1``, ``b1``...: layer ``k`` computes
  ``h @ wk + bk``, with a ReLU between layers and ``output`` after the last one;
- ``meta.json``: the format version, the head's name and version, the training seed, the
  feature layout (named blocks of columns, in order), the output labels and transform, the
  sha256 of ``weights.npz``, and model-specific settings (``extra``);
- ``card.md``: the model card (training data and licences, scores, date, retrain command).

Everything is checked on load (:func:`load_head`): the weights file's sha256, the shapes
against the layout, finite values, positive scales; a bad folder raises
:class:`~newsevents.learn.files.ModelFileError` naming the file. :func:`save_head` writes the
same bytes for the same weights (fixed zip timestamps, no compression), so a retrain with the
same seed can be checked byte for byte.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import orjson
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsevents.learn.files import ModelFileError, check_sha256

#: Version of the folder layout above; a reader refuses any other.
FORMAT_VERSION = 1
WEIGHTS_FILE = "weights.npz"
META_FILE = "meta.json"
CARD_FILE = "card.md"

Output = Literal["identity", "sigmoid", "softmax"]
JSONValue = str | int | float | bool | None | list[Any] | dict[str, Any]
# A fixed timestamp makes the zip bytes depend on the arrays only.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class FeatureBlock(BaseModel):
    """A named run of ``size`` feature columns (``columns`` names each one, when given)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    size: int = Field(gt=0)
    columns: tuple[str, ...] | None = None


class HeadMeta(BaseModel):
    """The contents of ``meta.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int
    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    seed: int
    features: tuple[FeatureBlock, ...] = Field(min_length=1)
    labels: tuple[str, ...] = Field(min_length=1)
    output: Output
    weights_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    extra: dict[str, JSONValue] = Field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Head:
    """A trained head: its layout, its weights, and inference over a feature matrix."""

    name: str
    version: str
    seed: int
    features: tuple[FeatureBlock, ...]
    labels: tuple[str, ...]
    output: Output
    mean: NDArray[np.float32]
    scale: NDArray[np.float32]
    layers: tuple[tuple[NDArray[np.float32], NDArray[np.float32]], ...]
    extra: Mapping[str, JSONValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problem = _layout_problem(self)
        if problem:
            raise ValueError(problem)

    @property
    def n_features(self) -> int:
        """Width of the feature vectors the head takes."""
        return sum(block.size for block in self.features)

    def predict(self, features: NDArray[np.floating[Any]]) -> NDArray[np.float32]:
        """Outputs for a ``(n, n_features)`` matrix: shape ``(n, len(labels))``."""
        matrix = np.asarray(features, dtype=np.float32)
        if matrix.ndim != 2 or matrix.shape[1] != self.n_features:
            raise ValueError(
                f"head {self.name} takes (n, {self.n_features}) features, not {matrix.shape}"
            )
        hidden = (matrix - self.mean) / self.scale
        for index, (weights, bias) in enumerate(self.layers):
            hidden = hidden @ weights + bias
            if index < len(self.layers) - 1:
                hidden = np.maximum(hidden, 0.0)
        result: NDArray[np.float32] = _transform(hidden, self.output).astype(np.float32)
        return result


def _transform(values: NDArray[np.float32], output: Output) -> NDArray[np.float32]:
    if output == "sigmoid":
        # Clipped so that exp() cannot overflow; the sigmoid is 0 or 1 to float32 precision there.
        return (1.0 / (1.0 + np.exp(-np.clip(values, -60.0, 60.0)))).astype(np.float32)
    if output == "softmax":
        shifted = np.exp(values - values.max(axis=1, keepdims=True))
        normalised: NDArray[np.float32] = shifted / shifted.sum(axis=1, keepdims=True)
        return normalised
    return values


def _layout_problem(head: Head) -> str | None:
    """What is wrong with the head's shapes and values, or None."""
    width = head.n_features
    if len(set(head.labels)) != len(head.labels):
        return "labels repeat"
    if head.output == "softmax" and len(head.labels) < 2:
        return "a softmax head needs at least two labels"
    for block in head.features:
        if block.columns is not None and len(block.columns) != block.size:
            return f"feature block {block.name} names {len(block.columns)} of {block.size} columns"
    for label, array in (("mean", head.mean), ("scale", head.scale)):
        if array.shape != (width,):
            return f"{label} has shape {array.shape}, expected ({width},)"
    if not np.all(head.scale > 0):
        return "scale has values that are not positive"
    if not head.layers:
        return "no layers"
    rows = width
    for index, (weights, bias) in enumerate(head.layers):
        if weights.ndim != 2 or weights.shape[0] != rows:
            return f"w{index} has shape {weights.shape}, expected ({rows}, k)"
        if bias.shape != (weights.shape[1],):
            return f"b{index} has shape {bias.shape}, expected ({weights.shape[1]},)"
        rows = weights.shape[1]
    if rows != len(head.labels):
        return f"the last layer gives {rows} outputs for {len(head.labels)} labels"
    arrays = [head.mean, head.scale, *(a for layer in head.layers for a in layer)]
    if any(array.dtype != np.float32 for array in arrays):
        return "arrays must be float32"
    if not all(np.all(np.isfinite(array)) for array in arrays):
        return "arrays hold values that are not finite"
    return None


def make_head(
    *,
    name: str,
    version: str,
    seed: int,
    features: Sequence[FeatureBlock],
    labels: Sequence[str],
    output: Output,
    mean: NDArray[np.floating[Any]],
    scale: NDArray[np.floating[Any]],
    layers: Sequence[tuple[NDArray[np.floating[Any]], NDArray[np.floating[Any]]]],
    extra: Mapping[str, JSONValue] | None = None,
) -> Head:
    """A :class:`Head` with every array cast to float32 (raises ValueError when inconsistent)."""

    def f32(array: NDArray[np.floating[Any]]) -> NDArray[np.float32]:
        return np.ascontiguousarray(array, dtype=np.float32)

    return Head(
        name=name,
        version=version,
        seed=seed,
        features=tuple(features),
        labels=tuple(labels),
        output=output,
        mean=f32(mean),
        scale=f32(scale),
        layers=tuple((f32(w), f32(b)) for w, b in layers),
        extra=dict(extra or {}),
    )


def weights_bytes(head: Head) -> bytes:
    """``weights.npz`` of the head, byte for byte the same for the same arrays."""
    arrays: dict[str, NDArray[np.float32]] = {"mean": head.mean, "scale": head.scale}
    for index, (weights, bias) in enumerate(head.layers):
        arrays[f"w{index}"] = weights
        arrays[f"b{index}"] = bias
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for key, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def save_head(head: Head, folder: Path) -> None:
    """Write ``weights.npz`` and ``meta.json`` of ``head`` into ``folder`` (made if absent)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = weights_bytes(head)
    (folder / WEIGHTS_FILE).write_bytes(data)
    meta = HeadMeta(
        format=FORMAT_VERSION,
        name=head.name,
        version=head.version,
        seed=head.seed,
        features=head.features,
        labels=head.labels,
        output=head.output,
        weights_sha256=hashlib.sha256(data).hexdigest(),
        extra=dict(head.extra),
    )
    text = orjson.dumps(
        meta.model_dump(mode="json", exclude_none=True),
        option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS,
    )
    (folder / META_FILE).write_bytes(text + b"\n")


def load_head(folder: Path, name: str | None = None) -> Head:
    """The head saved in ``folder``, checked; ``name``, when given, must be the head's name."""
    meta_path = folder / META_FILE
    try:
        raw = orjson.loads(meta_path.read_bytes())
    except FileNotFoundError:
        raise ModelFileError(meta_path, "not found") from None
    except orjson.JSONDecodeError as exc:
        raise ModelFileError(meta_path, f"not JSON: {exc}") from None
    try:
        meta = HeadMeta.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'top level'}: {error['msg']}"
            for error in exc.errors()
        )
        raise ModelFileError(meta_path, problems) from None
    if meta.format != FORMAT_VERSION:
        raise ModelFileError(
            meta_path, f"format {meta.format}; this newsevents reads {FORMAT_VERSION}"
        )
    if name is not None and meta.name != name:
        raise ModelFileError(meta_path, f"holds head {meta.name!r}, expected {name!r}")
    weights_path = folder / WEIGHTS_FILE
    check_sha256(weights_path, meta.weights_sha256)
    try:
        with np.load(weights_path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelFileError(weights_path, f"not a weights archive: {exc}") from None
    n_layers = sum(1 for key in arrays if key.startswith("w"))
    expected = {"mean", "scale"} | {f"{p}{i}" for i in range(n_layers) for p in "wb"}
    if set(arrays) != expected:
        found = ", ".join(sorted(arrays))
        raise ModelFileError(
            weights_path, f"arrays {found}; expected {', '.join(sorted(expected))}"
        )
    try:
        return Head(
            name=meta.name,
            version=meta.version,
            seed=meta.seed,
            features=meta.features,
            labels=meta.labels,
            output=meta.output,
            mean=arrays["mean"],
            scale=arrays["scale"],
            layers=tuple((arrays[f"w{i}"], arrays[f"b{i}"]) for i in range(n_layers)),
            extra=meta.extra,
        )
    except ValueError as exc:
        raise ModelFileError(weights_path, str(exc)) from None


def shipped_folder(name: str) -> Path:
    """The folder of the head ``name`` shipped in ``newsevents/data/models``."""
    from importlib import resources

    return Path(str(resources.files("newsevents") / "data" / "models" / name))
