"""A process forked after the encoder ran can still use it (no inherited thread-pool locks)."""

from __future__ import annotations

import multiprocessing

import pytest

from newsevents.learn.encoder import Encoder

_ENCODER: Encoder | None = None


def _encode_in_child(text: str) -> tuple[int, ...]:
    assert _ENCODER is not None
    return tuple(_ENCODER.sentence_vectors([text]).shape)


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)
def test_forked_child_encodes_after_parent_used_two_threads() -> None:
    global _ENCODER
    _ENCODER = Encoder(threads=2)
    assert _ENCODER.sentence_vectors(["a bomb exploded"]).shape == (1, 384)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        result = pool.map_async(_encode_in_child, ["police arrested him", "gunmen fired"])
        # Before sessions were released at fork, the children waited forever here.
        assert result.get(timeout=60) == [(1, 384), (1, 384)]
    # The parent loads its session again on next use.
    assert _ENCODER.sentence_vectors(["they fled"]).shape == (1, 384)
