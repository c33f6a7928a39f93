"""Training the factuality model: the data reader, determinism, and the train command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import DataFileError
from newsevents.learn.factuality import load_model
from newsevents.learn.heads import CARD_FILE, META_FILE, WEIGHTS_FILE
from newsevents.train.factuality_data import DATA_FILE, examples, read_sentences, sample
from newsevents.train.registry import TrainOptions, get_trainer

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(
    not (DATA / DATA_FILE).is_file(),
    reason=f"../shared/data/{DATA_FILE} is absent; training needs it",
)


def _line(**fields: object) -> str:
    record = {
        "id": "uw-train-1",
        "corpus": "uw",
        "source_split": "train",
        "tokens": ["Rebels", "did", "n't", "attack", "."],
        "text": "Rebels did n't attack .",
        "events": [{"token_index": 3, "factuality": -2.5, "token": "attack"}],
        "pos": ["NNS", "VBD", "RB", "VB", "."],
    }
    return json.dumps({**record, **fields})


def test_reader_gives_character_spans_of_the_predicates(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text(_line() + "\n\n" + _line(id="m-dev-2", corpus="meantime", source_split="dev"))
    sentences = read_sentences(path)
    assert [s.id for s in sentences] == ["uw-train-1", "m-dev-2"]
    first = examples(sentences)[0]
    assert first.text[first.start : first.end] == "attack"
    assert (first.target, first.corpus, first.split) == (-2.5, "uw", "train")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"text": "Rebels attacked ."}, "text is not the tokens joined"),
        ({"events": [{"token_index": 9, "factuality": 1.0}]}, "past the last token"),
        ({"events": [{"token_index": 0, "factuality": 4.0}]}, "less than or equal to 3"),
        ({"source_split": "validation"}, "source_split"),
    ],
)
def test_reader_names_the_bad_line(tmp_path: Path, fields: dict[str, object], problem: str) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text(_line() + "\n" + _line(**fields) + "\n")
    with pytest.raises(DataFileError, match=rf"f\.jsonl:2: .*{problem}"):
        read_sentences(path)


def test_sample_is_seeded_and_per_split(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    lines = [_line(id=f"s{i}", source_split=("train", "dev")[i % 2]) for i in range(20)]
    path.write_text("\n".join(lines))
    sentences = read_sentences(path)
    one, two = sample(sentences, 3, seed=1), sample(sentences, 3, seed=1)
    assert [s.id for s in one] == [s.id for s in two]
    assert sorted(s.source_split for s in one) == ["dev"] * 3 + ["train"] * 3
    assert [s.id for s in sample(sentences, 3, seed=2)] != [s.id for s in one]


def test_unknown_model_and_missing_data_are_reported(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["train", "nonsense", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "trainable models: factuality" in result.output
    result = runner.invoke(
        app, ["train", "factuality", "--data", str(tmp_path), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert "factuality.jsonl: not found" in result.output


@needs_data
@pytest.mark.slow
def test_training_twice_with_one_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    trainer = get_trainer("factuality")
    first = trainer.run(TrainOptions(data=DATA, out=tmp_path / "a", seed=3, limit=60))
    second = trainer.run(TrainOptions(data=DATA, out=tmp_path / "b", seed=3, limit=60))
    for name in (WEIGHTS_FILE, META_FILE):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert first.scores == second.scores
    # Another seed draws another sample, so other weights.
    trainer.run(TrainOptions(data=DATA, out=tmp_path / "c", seed=4, limit=60))
    assert (tmp_path / "c" / WEIGHTS_FILE).read_bytes() != (
        tmp_path / "a" / WEIGHTS_FILE
    ).read_bytes()


@needs_data
@pytest.mark.slow
def test_train_command_writes_a_loadable_model_and_prints_scores(tmp_path: Path) -> None:
    out = tmp_path / "model"
    result = CliRunner().invoke(
        app,
        ["train", "factuality", "--data", str(DATA), "--out", str(out), "--limit", "60", "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report["scores"]) == {"dev uw", "dev meantime", "test uw", "test meantime"}
    assert all(0 <= part["mae"] < 3 for part in report["scores"].values())
    model = load_model(out)
    assert model.head.seed == 0
    card = (out / CARD_FILE).read_text()
    assert "--limit 60" in card and "| test uw |" in card
    # Even on a small sample the model orders a fact above its negation.
    fact, denied = model.score(
        [("The bomb exploded .", 9, 17), ("The bomb did not explode .", 18, 25)]
    )
    assert fact > denied
