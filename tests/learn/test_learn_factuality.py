"""Event factuality: the shipped model's behaviour, its features, and the checks on load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsevents.learn.factuality import (
    MODEL_NAME,
    SCALE,
    factuality,
    factuality_many,
    load_model,
)
from newsevents.learn.factuality_features import (
    CUE_COLUMNS,
    MAX_CONTEXT_CHARS,
    N_FEATURES,
    context_bounds,
    cue_flags,
    words,
)
from newsevents.learn.files import ModelFileError
from newsevents.learn.heads import META_FILE, shipped_folder


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _score(text: str, word: str) -> float:
    return factuality(text, [_span(text, word)])[0]


def test_certain_hedged_and_negated_events_are_ordered() -> None:
    happened = _score("The bomb exploded.", "exploded")
    hedged = _score("The bomb may have exploded.", "exploded")
    negated = _score("The bomb did not explode.", "explode")
    assert happened > hedged > negated
    assert happened > 2.5 and negated < 0
    assert all(SCALE[0] <= s <= SCALE[1] for s in (happened, hedged, negated))


def test_a_span_scores_the_same_in_its_sentence_and_in_the_article() -> None:
    sentence = "The Taliban did not claim the attack."
    article = f"Gunmen attacked a checkpoint on Sunday. {sentence}\nMore follows."
    assert factuality(article, [_span(article, "claim")]) == factuality(
        sentence, [_span(sentence, "claim")]
    )


def test_batches_keep_the_input_order() -> None:
    items = [
        ("Rebels did not attack the town.", *_span("Rebels did not attack the town.", "attack")),
        ("Rebels attacked the town.", *_span("Rebels attacked the town.", "attacked")),
        ("Rebels might attack the town.", *_span("Rebels might attack the town.", "attack")),
    ]
    together = factuality_many(items)
    alone = [factuality(text, [(start, end)])[0] for text, start, end in items]
    # Padding in a batch moves the last float32 digits only.
    assert together == pytest.approx(alone, abs=1e-4)
    assert together[0] < together[2] < together[1]
    assert factuality("Nothing here.", []) == []


def test_bad_spans_are_refused() -> None:
    with pytest.raises(ValueError, match="not inside a text"):
        factuality("Short.", [(3, 40)])
    with pytest.raises(ValueError, match="not inside a text"):
        factuality("Short.", [(2, 2)])


def test_unusual_text_longer_than_the_encoder_takes_still_scores() -> None:
    # No spaces and one wordpiece per character: the first context is too long to encode.
    text = "爆" * 1500 + " exploded " + "炸" * 1500
    (score,) = factuality(text, [_span(text, "exploded")])
    assert SCALE[0] <= score <= SCALE[1]


def test_words_split_like_the_training_tokens() -> None:
    assert [w.text for w in words("They didn't, won't or can’t go.")] == [
        "they",
        "did",
        "n't",
        ",",
        "wo",
        "n't",
        "or",
        "ca",
        "n't",
        "go",
        ".",
    ]
    text = "He'll go"
    assert [(w.text, text[w.start : w.end]) for w in words(text)][:2] == [
        ("he", "He"),
        ("'ll", "'ll"),
    ]


def test_context_is_the_sentence_of_the_span() -> None:
    text = "Mr. Smith said the U.S. army attacked. Police arrived.\nA new line"
    lo, hi = context_bounds(text, *_span(text, "attacked"))
    assert text[lo:hi] == "Mr. Smith said the U.S. army attacked."
    lo, hi = context_bounds(text, *_span(text, "arrived"))
    assert text[lo:hi] == "Police arrived."
    lo, hi = context_bounds(text, *_span(text, "line"))
    assert text[lo:hi] == "A new line"


def test_long_sentences_are_cut_around_the_span_at_spaces() -> None:
    text = " ".join(["word"] * 400) + " exploded " + " ".join(["word"] * 400)
    lo, hi = context_bounds(text, *_span(text, "exploded"))
    assert hi - lo <= MAX_CONTEXT_CHARS
    assert "exploded" in text[lo:hi]
    assert text[lo:hi].startswith("word") and text[lo:hi].endswith("word")


def test_cue_flags() -> None:
    text = "Officials said rebels did not attack if asked ?"
    flags = dict(zip(CUE_COLUMNS, cue_flags(text, *_span(text, "attack")), strict=True))
    assert flags["left:negation"] == 1 and flags["left:modal"] == 0
    assert flags["sentence:?"] == 1 and flags["sentence:if"] == 1
    assert flags["after:reporting"] == 0
    text = "Rebels may have attacked, police said."
    flags = dict(zip(CUE_COLUMNS, cue_flags(text, *_span(text, "attacked")), strict=True))
    assert flags["left:modal"] == 1 and flags["after:reporting"] == 1


def test_shipped_model_matches_the_feature_layout() -> None:
    model = load_model()
    assert model.head.n_features == N_FEATURES
    assert model.head.name == MODEL_NAME


def _copy_with_meta(tmp_path: Path, change: dict[str, object]) -> Path:
    folder = tmp_path / MODEL_NAME
    shutil.copytree(shipped_folder(MODEL_NAME), folder)
    meta = json.loads((folder / META_FILE).read_text())
    for key, value in change.items():
        if key.startswith("extra."):
            meta["extra"][key.removeprefix("extra.")] = value
        else:
            meta[key] = value
    (folder / META_FILE).write_text(json.dumps(meta))
    return folder


def test_a_model_with_another_layout_or_encoder_is_refused(tmp_path: Path) -> None:
    meta = json.loads((shipped_folder(MODEL_NAME) / META_FILE).read_text())
    cues = meta["features"][-1]
    renamed = [*meta["features"][:-1], {**cues, "columns": ["x", *cues["columns"][1:]]}]
    with pytest.raises(ModelFileError, match="feature layout"):
        load_model(_copy_with_meta(tmp_path / "a", {"features": renamed}))
    with pytest.raises(ModelFileError, match=r"trained on encoder 0+"):
        load_model(_copy_with_meta(tmp_path / "b", {"extra.encoder_sha256": "0" * 64}))
    with pytest.raises(ModelFileError, match="snap_above must be a number"):
        load_model(_copy_with_meta(tmp_path / "c", {"extra.snap_above": "high"}))
