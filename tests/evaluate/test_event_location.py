"""Event-location reader, split and scoring on hand-written records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents.errors import NewsEventsError
from newsevents.evaluate.base import EvalOptions
from newsevents.evaluate.event_location import (
    LocationRecord,
    Prediction,
    in_split,
    is_correct,
    parse_record,
    pick_event,
    read_records,
    run,
    score,
)
from newsevents.model import Event, Span

TEXT = "Gunmen attacked a market in Goma on Monday."


def _record(locations: tuple[tuple[int, int], ...] = ((28, 32),)) -> LocationRecord:
    return LocationRecord("1", TEXT, ((7, 15),), locations)


def test_parse_and_read_records(tmp_path: Path) -> None:
    spans = [
        {"start": 7, "end": 15, "label": "VERB"},
        {"start": 28, "end": 32, "label": "LOCATION"},
    ]
    lines = [
        json.dumps({"text": TEXT, "_id": 42, "spans": spans}),
        json.dumps({"text": "No verb here.", "_id": 43, "spans": []}),
        "",
    ]
    path = tmp_path / "labeled_text.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    [rec] = read_records(path)
    assert rec == LocationRecord("42", TEXT, ((7, 15),), ((28, 32),))
    assert parse_record({"text": "", "spans": spans}, 1) is None


def test_empty_span_offsets_are_repaired_from_tokens() -> None:
    tokens = [
        {"text": w, "start": TEXT.index(w), "end": TEXT.index(w) + len(w), "id": n}
        for n, w in enumerate(["Gunmen", "attacked", "Goma"])
    ]
    spans = [
        {"start": 7, "end": 15, "label": "VERB"},
        {"start": 2, "end": 2, "token_start": 2, "token_end": 2, "label": "LOCATION"},
    ]
    rec = parse_record({"text": TEXT, "_id": 5, "spans": spans, "tokens": tokens}, 1)
    assert rec is not None and rec.locations == ((28, 32),)


def test_split_is_a_fixed_partition_and_unknown_split_fails() -> None:
    ids = [str(n) for n in range(1000)]
    dev = {i for i in ids if in_split(i, "dev")}
    train = {i for i in ids if in_split(i, "train")}
    assert dev.isdisjoint(train) and dev | train == set(ids)
    assert 150 < len(dev) < 250
    with pytest.raises(NewsEventsError, match=r"labeled_text\.jsonl"):
        in_split("1", "test")


def test_is_correct_by_span_text_and_absence() -> None:
    rec = _record()
    assert is_correct(rec, Prediction(True, (28, 32), "Goma"))
    assert is_correct(rec, Prediction(True, None, "goma"))
    assert not is_correct(rec, Prediction(True, (18, 24), "market"))
    assert not is_correct(rec, Prediction(True, None, None))
    assert is_correct(_record(()), Prediction(True, None, None))
    assert not is_correct(_record(()), Prediction(True, (28, 32), "Goma"))


def test_score_hand_computed() -> None:
    recs = [_record(), _record(), _record(()), _record()]
    preds = [
        Prediction(True, (28, 32), "Goma"),  # right
        Prediction(True, None, "Kinshasa"),  # wrong
        Prediction(True, None, None),  # right: no gold location, none predicted
        Prediction(False, None, None),  # no event found: wrong
    ]
    s = score(recs, preds, preds)
    assert s["accuracy"] == 50.0
    assert s["located_accuracy"] == pytest.approx(100 / 3)
    assert s["unlocated_accuracy"] == 100.0
    assert s["pipeline_accuracy"] == 50.0
    assert s["pipeline_accuracy_found"] == pytest.approx(200 / 3)
    assert s["pipeline_event_found"] == 75.0
    assert "pipeline_accuracy" not in score(recs, preds)
    assert score([], [])["accuracy"] == 0.0


def _event(start: int, end: int) -> Event:
    return Event.model_validate(
        {
            "id": f"e{start}",
            "article_id": "a",
            "event_type": "ASSAULT",
            "triggers": [Span(start=start, end=end, text="x")],
        }
    )


def test_pick_event_prefers_overlap_then_nearest() -> None:
    far, near, hit = _event(30, 35), _event(16, 18), _event(8, 12)
    assert pick_event([far, hit, near], [(7, 15)]) is hit
    assert pick_event([far, near], [(7, 15)]) is near
    assert pick_event([], [(7, 15)]) is None


def test_run_rejects_unknown_split(tmp_path: Path) -> None:
    (tmp_path / "labeled_text.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(NewsEventsError, match="split"):
        run(EvalOptions(data=tmp_path, split="test"))
    with pytest.raises(NewsEventsError, match=r"labeled_text\.jsonl"):
        run(EvalOptions(data=tmp_path / "absent"))
