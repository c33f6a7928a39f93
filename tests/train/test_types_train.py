"""Training the type models: the data readers, and byte-identical retraining."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.decide.types_model import SATP_MODEL, TYPES_MODEL, load_type_model
from newsevents.errors import DataFileError
from newsevents.learn.heads import CARD_FILE, WEIGHTS_FILE
from newsevents.train.registry import TrainOptions, get_trainer
from newsevents.train.types_data import (
    CODER_FILE,
    GVDB_FILE,
    MUC_FILE,
    SATP_FILE,
    coder_gold_ids,
    gvdb_texts,
    muc_texts,
    satp_texts,
    sentences,
)

SUMMARIES = {
    "Bombing/Explosion": "An IED exploded near a market in {place}, injuring two traders.",
    "Armed Assault": "Militants opened fire on a police post in {place}, killing a constable.",
    "Kidnapping": "Militants abducted a contractor from {place} and demanded a ransom.",
    "Other": "Police recovered arms and ammunition from a hideout in {place}.",
}
LABELS = ["Armed Assault", "Bombing/Explosion", "Kidnapping", "Other"]


def _satp_line(i: int, label: str, split: str, **fields: object) -> str:
    record = {
        "id": f"satp-{i}",
        "text": SUMMARIES[label].format(place=f"District {i}"),
        "labels": [label],
        "label_vector": [int(label == lab) for lab in LABELS],
        "relevant": True,
        "label_conflict": False,
        "conflibert_files": [],
        "suggested_split": split,
    }
    return json.dumps({**record, **fields})


def _data(tmp_path: Path) -> Path:
    """A tiny shared data folder: SATP, MUC-4 train, GVDB and coder-gold."""
    lines = [
        _satp_line(i, label, split)
        for i, (label, split) in enumerate(
            (label, split)
            for split in ("train", "train", "train", "dev", "test")
            for label in LABELS
        )
    ]
    lines.append(_satp_line(99, "Other", "train", relevant=False))
    lines.append(_satp_line(98, "Kidnapping", "train"))  # in coder-gold: never read
    for folder, name, text in (
        (SATP_FILE, "", "\n".join(lines) + "\n"),
        (CODER_FILE, "", json.dumps({"doc_id": "satp-conflibert:satp-98"}) + "\n"),
    ):
        del name
        path = tmp_path / folder
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    doc = "the army reported a bombing in lima. a car bomb exploded. guerrillas fled."
    muc = [
        {
            "docid": f"DEV-MUC3-{i:04d}",
            "doctext": doc,
            "templates": [
                {
                    "incident_type": "bombing",
                    "PerpInd": [[["guerrillas", doc.index("guerrillas")]]],
                    "PerpOrg": [],
                    "Target": [],
                    "Victim": [],
                    "Weapon": [[["car bomb", doc.index("car bomb")]]],
                }
            ],
        }
        for i in range(3)
    ]
    (tmp_path / MUC_FILE).parent.mkdir(parents=True)
    (tmp_path / MUC_FILE).write_text("\n".join(json.dumps(m) for m in muc) + "\n")
    gvdb = {"id": "gvdb-1", "text": "A man was shot dead on Main Street. Police are looking."}
    (tmp_path / GVDB_FILE).parent.mkdir(parents=True)
    (tmp_path / GVDB_FILE).write_text(json.dumps(gvdb) + "\n")
    return tmp_path


def test_satp_reader_keeps_relevant_summaries_and_leaves_out_coder_gold(tmp_path: Path) -> None:
    data = _data(tmp_path)
    held = coder_gold_ids(data)
    assert held == {"satp-conflibert:satp-98"}
    texts = satp_texts(data, held)
    ids = {t.id for t in texts}
    assert "satp-99" not in ids and "satp-98" not in ids
    assert len(texts) == 20
    assert {t.split for t in texts} == {"train", "dev", "test"}


def test_satp_reader_names_a_line_whose_labels_disagree(tmp_path: Path) -> None:
    path = tmp_path / SATP_FILE
    path.parent.mkdir(parents=True)
    path.write_text(
        _satp_line(1, "Other", "train")
        + "\n"
        + _satp_line(2, "Other", "train", labels=["Kidnapping"])
    )
    with pytest.raises(DataFileError, match=r"satp\.jsonl:2: .*disagree"):
        satp_texts(tmp_path)


def test_muc_and_gvdb_readers_take_the_sentences_of_the_fillers(tmp_path: Path) -> None:
    data = _data(tmp_path)
    muc = muc_texts(data)
    assert [(t.text, t.labels) for t in muc[:1]] == [
        ("a car bomb exploded. guerrillas fled.", ("Bombing/Explosion",))
    ]
    [gvdb] = gvdb_texts(data)
    # No annotated name: the first two sentences.
    assert gvdb.text == "A man was shot dead on Main Street. Police are looking."
    assert gvdb.labels == ("Armed Assault",)


def test_sentences_split_after_end_marks() -> None:
    text = "A bomb went off. Two died!  Police came? yes"
    assert [text[a:b] for a, b in sentences(text)] == [
        "A bomb went off.",
        "Two died!",
        "Police came?",
        "yes",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("name", [SATP_MODEL, TYPES_MODEL])
def test_training_is_repeatable_byte_for_byte(tmp_path: Path, name: str) -> None:
    data = _data(tmp_path / "data")
    first, second = tmp_path / "one", tmp_path / "two"
    result = get_trainer(name).run(TrainOptions(data=data, out=first))
    get_trainer(name).run(TrainOptions(data=data, out=second))
    assert (first / WEIGHTS_FILE).read_bytes() == (second / WEIGHTS_FILE).read_bytes()
    assert (first / CARD_FILE).is_file()
    model = load_type_model(first, name)
    assert model.labels == tuple(LABELS)
    assert any("test" in part.lower() for part in result.scores)
