"""The MiniLM encoder: wordpiece vectors with offsets, span and sentence vectors, file checks."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsevents.learn import encoder as encoder_module
from newsevents.learn.encoder import (
    DIM,
    TOKENIZER_SHA256,
    Encoder,
    TokenStates,
    default_threads,
    get_encoder,
    sentence_vectors,
    span_vector,
    token_states,
)
from newsevents.learn.files import ModelFileError, sha256_of


def test_wordpieces_have_vectors_and_offsets_into_the_text() -> None:
    text = "Gunmen attacked Kandahar's airport."
    (states,) = token_states([text])
    assert states.vectors.dtype == np.float32
    assert states.vectors.shape == (len(states.offsets), DIM)
    pieces = [text[start:end] for start, end in states.offsets]
    # Uncased WordPiece: "Kandahar's" is several pieces, each mapped back to the original case.
    assert pieces[:2] == ["Gunmen", "attacked"]
    assert "".join(pieces) == text.replace(" ", "")
    assert pieces[-1] == "."
    assert not states.truncated


def test_sentence_vector_is_unit_length_and_semantic() -> None:
    vectors = sentence_vectors(["A man was killed.", "Someone died.", "The stock market rose."])
    assert vectors.shape == (3, DIM)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2] + 0.2


def test_batch_neighbours_and_order_do_not_change_vectors() -> None:
    short = "The bomb exploded."
    long = "A much longer sentence, which makes the batch pad the first text by many wordpieces."
    (alone,) = token_states([short])
    together = token_states([long, short])
    assert together[1].text == short
    np.testing.assert_allclose(together[1].vectors, alone.vectors, atol=1e-5)
    np.testing.assert_allclose(together[1].sentence, alone.sentence, atol=1e-5)


def test_span_vector_means_the_overlapping_wordpieces() -> None:
    text = "Police said the explosion killed 12."
    (states,) = token_states([text])
    start = text.index("explosion")
    vector = span_vector(states, start, start + len("explosion"))
    rows = [i for i, (a, b) in enumerate(states.offsets) if a < start + 9 and b > start]
    np.testing.assert_allclose(vector, states.vectors[rows].mean(axis=0), atol=1e-6)
    # A span inside one wordpiece takes that wordpiece.
    np.testing.assert_allclose(span_vector(states, 1, 2), states.vectors[0], atol=1e-6)
    with pytest.raises(ValueError, match="empty span"):
        span_vector(states, 5, 5)


def test_long_text_is_truncated_and_spans_past_the_cut_are_refused() -> None:
    text = "word " * 400
    (states,) = token_states([text])
    assert states.truncated
    assert len(states.offsets) == encoder_module.MAX_WORDPIECES - 2
    with pytest.raises(ValueError, match="no wordpiece overlaps"):
        span_vector(states, len(text) - 5, len(text) - 1)


def test_empty_text_has_no_wordpieces_but_a_sentence_vector() -> None:
    (states,) = token_states([""])
    assert states.vectors.shape == (0, DIM)
    assert abs(float(np.linalg.norm(states.sentence)) - 1.0) < 1e-5
    assert sentence_vectors([]).shape == (0, DIM)


def test_altered_tokenizer_is_refused_with_its_name(tmp_path: Path) -> None:
    copy = tmp_path / "tokenizer.json"
    shutil.copy(encoder_module._default_tokenizer(), copy)
    assert sha256_of(copy) == TOKENIZER_SHA256
    with copy.open("a") as handle:
        handle.write(" ")
    with pytest.raises(ModelFileError, match=r"tokenizer\.json: sha256 is"):
        Encoder(tokenizer=copy).token_states(["x"])


def test_model_with_another_sha_is_refused_with_its_name(tmp_path: Path) -> None:
    model = tmp_path / "model.onnx"
    model.write_bytes(b"not a model")
    with pytest.raises(ModelFileError, match=r"model\.onnx: sha256 is .* expected 0{64}"):
        Encoder(model=model, model_sha256="0" * 64).token_states(["x"])
    with pytest.raises(ModelFileError, match="not found"):
        Encoder(model=tmp_path / "gone.onnx", model_sha256="0" * 64).token_states(["x"])


def test_threads_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(encoder_module.THREADS_VARIABLE, "3")
    assert default_threads() == 3
    monkeypatch.setenv(encoder_module.THREADS_VARIABLE, "none")
    with pytest.raises(ValueError, match="positive integer"):
        default_threads()
    monkeypatch.delenv(encoder_module.THREADS_VARIABLE)
    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    assert default_threads() == 1
    assert Encoder(threads=2).threads == 2
    with pytest.raises(ValueError):
        Encoder(threads=0)


def test_process_wide_encoder_is_made_once() -> None:
    assert get_encoder() is get_encoder()


def _record_runs(encoder: Encoder) -> list[list[str]]:
    """The texts of each run of ``encoder``'s model, appended as they happen."""
    calls: list[list[str]] = []
    real = encoder._encode

    def spy(session: Any, texts: list[str], encodings: list[Any]) -> list[TokenStates]:
        calls.append(list(texts))
        return real(session, texts, encodings)

    encoder._encode = spy  # type: ignore[method-assign]
    return calls


def test_repeated_texts_are_encoded_once_and_shared_read_only() -> None:
    encoder = Encoder(cache_texts=2)
    calls = _record_runs(encoder)
    first = encoder.token_states(["A bomb went off.", "A bomb went off.", "Two died."])
    assert calls == [["A bomb went off.", "Two died."]]
    assert first[0] is first[1]
    again = encoder.token_states(["Two died.", "Police came."])
    assert calls[-1] == ["Police came."]
    assert again[0] is first[2]
    # The cache holds two texts: the oldest, "A bomb went off.", was dropped.
    encoder.token_states(["A bomb went off."])
    assert calls[-1] == ["A bomb went off."]
    with pytest.raises(ValueError):
        first[2].vectors[0, 0] = 1.0


def test_texts_with_the_same_wordpieces_share_one_run() -> None:
    encoder = Encoder()
    calls = _record_runs(encoder)
    upper, lower, spaced = encoder.token_states(
        ["Rebels Shot a Guard.", "rebels shot a guard.", "Rebels Shot a Guard.   "]
    )
    assert calls == [["Rebels Shot a Guard."]]
    assert (lower.text, spaced.text) == ("rebels shot a guard.", "Rebels Shot a Guard.   ")
    assert lower.vectors is upper.vectors
    # A leading space moves every offset: that text is run on its own.
    encoder.token_states([" Rebels Shot a Guard."])
    assert calls[-1] == [" Rebels Shot a Guard."]


def test_cached_states_equal_fresh_ones() -> None:
    cached = Encoder().token_states(["Gunmen shot a judge in Kabul."])[0]
    fresh = Encoder(cache_texts=0).token_states(["Gunmen shot a judge in Kabul."])[0]
    np.testing.assert_array_equal(cached.vectors, fresh.vectors)
    np.testing.assert_array_equal(cached.offsets, fresh.offsets)


def test_batches_hold_texts_of_about_the_same_length() -> None:
    encoder = Encoder(cache_texts=0)
    session, tokenizer = encoder._load()
    widths: list[list[int]] = []

    class Spy:
        def run(self, names: list[str], feeds: dict[str, Any]) -> Any:
            widths.append([int(n) for n in feeds["attention_mask"].sum(axis=1)])
            return session.run(names, feeds)

    encoder._load = lambda: (Spy(), tokenizer)  # type: ignore[method-assign]
    texts = [
        "The bomb exploded.",
        "A much longer sentence, which would make a batch pad a short text by many wordpieces.",
        "The mine exploded.",
        "Two died.",
        "The shell exploded.",
    ]
    states = encoder.token_states(texts)
    # The long text runs alone, not with the short ones padded to its length.
    assert len(widths) == 2
    assert len(widths[0]) == 1
    for lengths in widths:
        assert min(lengths) >= max(lengths) - int(max(lengths) * encoder_module.PADDING_SHARE)
    # Exactly what each text gives alone.
    alone = Encoder(cache_texts=0)
    for text, got in zip(texts, states, strict=True):
        (single,) = alone.token_states([text])
        np.testing.assert_array_equal(got.vectors, single.vectors)
        np.testing.assert_array_equal(got.sentence, single.sentence)


def test_cleared_cache_runs_texts_again() -> None:
    encoder = Encoder()
    calls = _record_runs(encoder)
    encoder.token_states(["A bomb went off."])
    encoder.token_states(["A bomb went off."])
    assert calls == [["A bomb went off."]]
    encoder.clear_cache()
    encoder.token_states(["A bomb went off."])
    assert calls == [["A bomb went off."], ["A bomb went off."]]
