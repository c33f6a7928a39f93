"""The event-place model: which of a sentence's places is where the event happened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsevents.extract.location import (
    PlaceModel,
    choose,
    place_features,
    place_model,
    sentence_places,
)
from newsevents.model import Event
from newsevents.nlp.pipeline import parse

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def _choice(text: str, trigger: str) -> str | None:
    doc = parse(text)
    tok = next(t for t in doc if t.text == trigger)
    places = sentence_places(tok.sent)
    choice = choose(tok, places)
    return None if choice.index is None else places[choice.index].text


def test_shipped_weights_validate() -> None:
    model = place_model()
    assert isinstance(model, PlaceModel)
    assert len(model.weights) > 100
    # The features the model relies on most are present and point the expected way.
    assert model.weights["prep=in"] > 0
    assert model.weights["label=NORP"] < 0


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("A car bomb exploded in Gaza City on Sunday.", "exploded", "Gaza City"),
        # The origin of the attackers is not where the attack happened.
        ("Gunmen from Mali attacked a village near Dori in Burkina Faso.", "attacked", "Dori"),
        # A place in the victim's description is not the place of the event either.
        ("Police arrested a man in Lagos who had fled from Abuja.", "arrested", "Lagos"),
    ],
)
def test_chooses_the_place_of_the_event(text: str, trigger: str, expected: str) -> None:
    assert _choice(text, trigger) == expected


def test_no_place_when_the_sentence_names_none_for_the_event() -> None:
    assert _choice("The minister condemned the killing of two farmers.", "killing") is None


def test_unknown_names_after_place_words_are_candidates() -> None:
    doc = parse("Fighters stormed the village of Kafr Zibad at dawn.")
    names = [p.text for p in sentence_places(next(doc.sents))]
    assert "Kafr Zibad" in names


def test_features_describe_the_attachment() -> None:
    doc = parse("Troops shelled positions in Idlib.")
    tok = next(t for t in doc if t.text == "shelled")
    (feats,) = place_features(tok, sentence_places(tok.sent))
    assert feats["prep=in"] == 1.0
    assert feats["nearest_in_tree"] == 1.0


def test_extracted_event_carries_the_chosen_place(extract: Callable[..., list[Event]]) -> None:
    events = extract("Soldiers from Chad killed five militants near Gao on Tuesday.")
    (event,) = [e for e in events if e.event_type == "ASSAULT"]
    located = [p.text for p in event.places if p.is_event_location]
    assert located == ["Gao"]


@pytest.mark.skipif(
    not (DATA / "event-location" / "labeled_text.jsonl").is_file(),
    reason="../shared/data/event-location is absent; the staleness check needs it",
)
@pytest.mark.slow
def test_shipped_weights_match_a_fresh_training() -> None:
    from newsevents.extract.location_train import train

    fresh = train(DATA / "event-location")["weights"]
    shipped = place_model().weights
    assert isinstance(fresh, dict)
    # Weights are rounded to 4 decimals; allow for the last digit, and for weights at the
    # cut-off appearing on one side only.
    for key in set(fresh) | set(shipped):
        assert abs(fresh.get(key, 0.0) - shipped.get(key, 0.0)) <= 1e-3, key
