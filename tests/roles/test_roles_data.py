"""Reading and labelling the roles model's training data, on tiny hand-made files."""

from __future__ import annotations

import json
from pathlib import Path

from newsevents.model import Article, Event, Span
from newsevents.nlp.pipeline import parse
from newsevents.roles.candidates import Sentences, event_candidates
from newsevents.train.roles_data import (
    UNKNOWN,
    TrainDoc,
    _occurrences,
    _token_offsets,
    candidate_labels,
    dev_screen,
)


def _doc(text: str, perps: list[str], targets: list[str], complete: bool) -> TrainDoc:
    return TrainDoc(
        "test",
        "d1",
        Article(id="a1", text=text),
        _occurrences(text, perps),
        _occurrences(text, targets),
        complete,
    )


def _labels(doc: TrainDoc, trigger: str) -> dict[str, tuple[int, int]]:
    text = doc.article.text
    start = text.index(trigger)
    event = Event(
        id="e1",
        article_id="a1",
        event_type="ASSAULT",
        triggers=[Span(start=start, end=start + len(trigger), text=trigger)],
        sentences=[Span(start=0, end=len(text), text=text)],
    )
    parsed = parse(text)
    return {
        c.head.text: candidate_labels(doc, c)
        for c in event_candidates(event, parsed, Sentences.of(parsed))
    }


def test_complete_sets_label_every_candidate() -> None:
    doc = _doc("Gunmen killed the mayor near the market.", ["Gunmen"], ["the mayor"], True)
    labels = _labels(doc, "killed")
    assert labels["Gunmen"] == (1, 0)
    assert labels["mayor"] == (0, 1)
    assert labels["market"] == (0, 0)


def test_sets_of_named_people_leave_other_phrases_unknown() -> None:
    text = "John Smith shot Mary Jones outside the bar on Main Street."
    doc = _doc(text, ["John Smith"], ["Mary Jones"], False)
    labels = _labels(doc, "shot")
    assert labels["Smith"] == (1, 0)
    assert labels["Jones"] == (0, 1)
    assert labels["bar"] == (UNKNOWN, UNKNOWN)


def test_names_are_found_as_whole_words() -> None:
    text = "Ann Lee met Anne Leeds; Ann Lee left."
    assert _occurrences(text, ["Ann Lee"]) == ((0, 7), (24, 31))
    assert _occurrences(text, ["Al"]) == ()  # too short to find safely


def test_token_offsets_align_or_give_up() -> None:
    assert _token_offsets("Police arrested him .", ["Police", "arrested", "him", "."]) == [
        (0, 6),
        (7, 15),
        (16, 19),
        (20, 21),
    ]
    assert _token_offsets("Police arrested him", ["Police", "detained"]) is None


def test_development_articles_are_screened_out(tmp_path: Path) -> None:
    (tmp_path / "coder-gold").mkdir()
    dev_text = " ".join(f"word{i}" for i in range(30))
    row = {"doc_id": "hrdsattack:42", "text": dev_text}
    (tmp_path / "coder-gold" / "dev.jsonl").write_text(json.dumps(row) + "\n")
    screen = dev_screen(tmp_path)
    same_id = TrainDoc("hrdsattack", "42", Article(id="x", text="other"), (), (), False)
    shares_text = TrainDoc(
        "gvdb", "7", Article(id="y", text="Intro. " + dev_text[:200]), (), (), False
    )
    unrelated = TrainDoc("gvdb", "8", Article(id="z", text="Nothing alike here."), (), (), False)
    assert screen.holds(same_id) and screen.holds(shares_text)
    assert not screen.holds(unrelated)
    # Without the folder nothing is screened.
    assert not dev_screen(tmp_path / "absent").holds(same_id)
