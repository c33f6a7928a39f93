"""Type models: their text features, their files, and the shipped SATP model's scores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from newsevents.decide.types_model import (
    SATP_MODEL,
    TYPES_MODEL,
    load_type_model,
    satp_types,
    shipped_type_model,
)
from newsevents.decide.types_text import (
    Vocabulary,
    build_vocabulary,
    tokens,
    vocabulary_of,
    word_matrix,
)
from newsevents.learn.files import ModelFileError
from newsevents.learn.heads import META_FILE, FeatureBlock, shipped_folder

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
SATP = DATA / "satp-conflibert" / "satp.jsonl"


def test_tokens_are_lower_cased_words_of_two_characters_or_more() -> None:
    assert tokens("A car-bomb hit 2 U.N. vans; 12 dead") == [
        "car",
        "bomb",
        "hit",
        "vans",
        "12",
        "dead",
    ]


def test_vocabulary_keeps_the_most_frequent_words_and_their_idf() -> None:
    texts = ["bomb blast market", "bomb blast road", "gunmen shot bomb", "gunmen fled"]
    vocabulary = build_vocabulary(texts, size=2, min_df=2)
    # bomb (3 texts) first, then blast and gunmen (2 each): the alphabetical one wins the tie.
    assert vocabulary.words == ("blast", "bomb")
    assert vocabulary.idf[1] < vocabulary.idf[0]
    assert build_vocabulary(reversed(texts), size=2, min_df=2) == vocabulary


def test_word_rows_have_unit_length_and_count_sublinearly() -> None:
    vocabulary = Vocabulary(("blast", "bomb"), (1.0, 2.0))
    rows = word_matrix(["bomb bomb blast", "nothing here"], vocabulary)
    assert np.isclose(np.linalg.norm(rows[0]), 1.0)
    assert not rows[1].any()
    expected = np.asarray([1.0, (1 + np.log(2)) * 2.0])
    assert np.allclose(rows[0], expected / np.linalg.norm(expected))


def test_vocabulary_of_a_layout_that_is_not_the_features_is_refused() -> None:
    words = FeatureBlock(name="words", size=2, columns=("a", "b"))
    with pytest.raises(ValueError, match="expected"):
        vocabulary_of((words,), [1.0, 1.0])
    with pytest.raises(ValueError, match="list of numbers"):
        vocabulary_of((words, FeatureBlock(name="minilm", size=384)), "1,1")
    with pytest.raises(ValueError, match="2 words but 1 idf"):
        vocabulary_of((words, FeatureBlock(name="minilm", size=384)), [1.0])


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"threshold": 1.5}, "threshold must be a probability"),
        ({"encoder_sha256": "0" * 64}, "trained on encoder"),
        ({"idf": [1.0]}, "idf"),
    ],
)
def test_a_model_folder_with_bad_settings_is_refused(
    tmp_path: Path, change: dict[str, object], problem: str
) -> None:
    folder = tmp_path / SATP_MODEL
    shutil.copytree(shipped_folder(SATP_MODEL), folder)
    meta = json.loads((folder / META_FILE).read_text())
    meta["extra"].update(change)
    (folder / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match=problem):
        load_type_model(folder, SATP_MODEL)


def test_the_shipped_models_load_with_the_four_satp_labels() -> None:
    for name in (SATP_MODEL, TYPES_MODEL):
        model = shipped_type_model(name)
        assert model.labels == ("Armed Assault", "Bombing/Explosion", "Kidnapping", "Other")
        assert 0 < model.threshold < 1


def test_satp_types_of_short_summaries() -> None:
    texts = [
        "An IED planted by Maoists exploded under a police vehicle in Sukma District.",
        "Militants abducted two contractors from a construction site in Kupwara and "
        "demanded a ransom for their release.",
        "Militants opened fire on a police patrol in Pulwama District, killing a constable.",
    ]
    assert [labels[0] for labels in satp_types(texts)] == [
        "Bombing/Explosion",
        "Kidnapping",
        "Armed Assault",
    ]


@pytest.mark.slow
@pytest.mark.skipif(not SATP.is_file(), reason=f"{SATP} is absent; the SATP scores need it")
def test_shipped_satp_model_scores_on_satp_test() -> None:
    from newsevents.decide.types_text import feature_matrix
    from newsevents.train.types_data import satp_texts
    from newsevents.train.types_fit import label_matrix, scores

    model = shipped_type_model(SATP_MODEL)
    test = [t for t in satp_texts(DATA) if t.split == "test"]
    x = feature_matrix([t.text for t in test], model.vocabulary)
    result = scores(model, x, label_matrix([t.labels for t in test], model.labels))
    # docs/quality.md: 88.4 macro F1; ConfliBERT reports 86.7 on its own split.
    assert result["macro_f1"] >= 85.0
