"""Head files: save/load round trip, byte-stable weights, and the checks made on load."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsevents.learn.files import ModelFileError
from newsevents.learn.heads import (
    META_FILE,
    WEIGHTS_FILE,
    FeatureBlock,
    Head,
    load_head,
    make_head,
    save_head,
    weights_bytes,
)


def _mlp(output: str = "softmax", labels: tuple[str, ...] = ("a", "b", "c")) -> Head:
    rng = np.random.default_rng(0)
    return make_head(
        name="toy",
        version="1",
        seed=7,
        features=(
            FeatureBlock(name="x", size=3),
            FeatureBlock(name="flags", size=2, columns=("p", "q")),
        ),
        labels=labels,
        output=output,  # type: ignore[arg-type]
        mean=rng.normal(size=5),
        scale=rng.uniform(0.5, 2.0, size=5),
        layers=[
            (rng.normal(size=(5, 4)), rng.normal(size=4)),
            (rng.normal(size=(4, len(labels))), rng.normal(size=len(labels))),
        ],
        extra={"threshold": 0.5, "note": "toy"},
    )


def test_round_trip_keeps_predictions_and_metadata(tmp_path: Path) -> None:
    head = _mlp()
    save_head(head, tmp_path)
    loaded = load_head(tmp_path, "toy")
    x = np.random.default_rng(1).normal(size=(6, 5)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(x), head.predict(x))
    assert loaded.features == head.features
    assert (loaded.labels, loaded.seed, loaded.version) == (("a", "b", "c"), 7, "1")
    assert loaded.extra == {"threshold": 0.5, "note": "toy"}
    meta = json.loads((tmp_path / META_FILE).read_text())
    assert (
        meta["weights_sha256"] == hashlib.sha256((tmp_path / WEIGHTS_FILE).read_bytes()).hexdigest()
    )


def test_weights_bytes_depend_only_on_the_arrays(tmp_path: Path) -> None:
    save_head(_mlp(), tmp_path / "one")
    save_head(_mlp(), tmp_path / "two")
    for name in (WEIGHTS_FILE, META_FILE):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert weights_bytes(_mlp()) != weights_bytes(_mlp(labels=("a", "b")))


def test_outputs_follow_the_transform() -> None:
    x = np.random.default_rng(2).normal(size=(4, 5))
    probabilities = _mlp().predict(x)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    sigmoid = _mlp("sigmoid", ("yes",)).predict(x * 1000)
    assert np.all((sigmoid >= 0) & (sigmoid <= 1))
    identity = _mlp("identity", ("y",))
    manual = np.maximum(
        ((x - identity.mean) / identity.scale) @ identity.layers[0][0] + identity.layers[0][1], 0
    )
    manual = manual @ identity.layers[1][0] + identity.layers[1][1]
    np.testing.assert_allclose(identity.predict(x), manual, rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match=r"takes \(n, 5\) features"):
        identity.predict(np.zeros((2, 4)))


def test_inconsistent_heads_are_refused() -> None:
    good = _mlp()
    with pytest.raises(ValueError, match="mean has shape"):
        replace(good, mean=np.zeros(4, np.float32))
    with pytest.raises(ValueError, match="scale has values that are not positive"):
        replace(good, scale=np.zeros(5, np.float32))
    with pytest.raises(ValueError, match="3 outputs for 2 labels"):
        replace(good, labels=("a", "b"))
    with pytest.raises(ValueError, match="not finite"):
        replace(good, mean=np.full(5, np.nan, np.float32))
    with pytest.raises(ValueError, match="must be float32"):
        replace(good, mean=np.zeros(5))  # type: ignore[arg-type]  # the wrong dtype on purpose
    with pytest.raises(ValueError, match="names 1 of 2 columns"):
        replace(
            good,
            features=(
                FeatureBlock(name="x", size=3),
                FeatureBlock(name="f", size=2, columns=("p",)),
            ),
        )


def test_altered_weights_are_refused_with_the_file_name(tmp_path: Path) -> None:
    save_head(_mlp(), tmp_path)
    weights = tmp_path / WEIGHTS_FILE
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match=r"weights\.npz: sha256 is"):
        load_head(tmp_path)


def test_bad_meta_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=r"meta\.json: not found"):
        load_head(tmp_path)
    save_head(_mlp(), tmp_path)
    with pytest.raises(ModelFileError, match="holds head 'toy', expected 'other'"):
        load_head(tmp_path, "other")
    meta_path = tmp_path / META_FILE
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "format": 99}))
    with pytest.raises(ModelFileError, match="format 99"):
        load_head(tmp_path)
    meta_path.write_text(json.dumps({**meta, "surprise": 1}))
    with pytest.raises(ModelFileError, match="surprise"):
        load_head(tmp_path)
    meta_path.write_text(json.dumps({**meta, "output": "tanh"}))
    with pytest.raises(ModelFileError, match="output"):
        load_head(tmp_path)
    meta_path.write_text("{")
    with pytest.raises(ModelFileError, match="not JSON"):
        load_head(tmp_path)


def test_weights_that_do_not_fit_the_layout_are_refused(tmp_path: Path) -> None:
    save_head(_mlp(), tmp_path)
    meta_path = tmp_path / META_FILE
    meta = json.loads(meta_path.read_text())
    # A consistent sha256 but one feature block wider than the arrays.
    meta["features"][0]["size"] = 4
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(
        ModelFileError, match=r"weights\.npz: mean has shape \(5,\), expected \(6,\)"
    ):
        load_head(tmp_path)
