"""Candidates and their features on short hand-written sentences."""

from __future__ import annotations

from spacy.tokens import Doc

from newsevents.model import Event, Role, RoleType, Span
from newsevents.nlp.pipeline import parse
from newsevents.roles.candidates import Sentences, event_candidates
from newsevents.roles.features import HAND_FEATURES, WIDTH, _relation, article_features


def _event(text: str, trigger: str, roles: list[Role] | None = None) -> Event:
    start = text.index(trigger)
    span = Span(start=start, end=start + len(trigger), text=trigger)
    return Event(
        id="e1",
        article_id="a1",
        event_type="ASSAULT",
        triggers=[span],
        sentences=[Span(start=0, end=len(text), text=text)],
        roles=roles or [],
    )


def _phrases(doc: Doc, event: Event) -> dict[str, str]:
    """Each candidate phrase with its relation to the trigger."""
    out = {}
    for cand in event_candidates(event, doc, Sentences.of(doc)):
        phrase = " ".join(t.text for t in cand.tokens)
        out[phrase] = _relation(cand.head, cand.anchor)[0]
    return out


def test_active_sentence_gives_subject_and_object() -> None:
    text = "Masked men detained the activist on Monday."
    doc = parse(text)
    found = _phrases(doc, _event(text, "detained"))
    assert found["Masked men"] == "subject"
    assert found["the activist"] == "object"
    assert "Monday" not in " ".join(found)  # a date is no participant


def test_passive_sentence_gives_passive_subject_and_by_phrase() -> None:
    text = "The journalist was abducted by armed men in Kabul."
    doc = parse(text)
    found = _phrases(doc, _event(text, "abducted"))
    assert found["The journalist"] == "passive_subject"
    assert found["armed men"] == "by"


def test_neighbouring_sentences_are_candidates_of_another_sentence() -> None:
    text = "Gunmen opened fire on a bus. The driver was wounded. Police came later. It rained."
    doc = parse(text)
    event = _event(text, "wounded")
    found = _phrases(doc, event)
    assert found["Gunmen"] == "other_sentence"
    assert found["The driver"] == "passive_subject"
    assert "Police" in found
    # Two sentences away is out of reach.
    assert all("rain" not in phrase for phrase in found)


def test_rule_role_and_claim_marks_reach_the_features() -> None:
    text = "Rebels attacked the convoy."
    rebels = Span(start=0, end=6, text="Rebels")
    role = Role(role=RoleType.perpetrator, text="Rebels", spans=[rebels], name="Rebels")
    doc = parse(text)
    [incident] = article_features([_event(text, "attacked", [role])], doc)
    assert incident.matrix.shape == (len(incident.candidates), WIDTH)
    row = next(k for k, c in enumerate(incident.candidates) if c.head.text == "Rebels")
    column = HAND_FEATURES.index("rule_agent")
    assert incident.matrix[row, column] == 1.0
    other = next(k for k, c in enumerate(incident.candidates) if c.head.text == "convoy")
    assert incident.matrix[other, column] == 0.0
    # The vectors are filled in.
    assert float(abs(incident.matrix[row, len(HAND_FEATURES) :]).sum()) > 0


def test_unwanted_incidents_get_no_candidates() -> None:
    text = "Rebels attacked the convoy."
    doc = parse(text)
    [incident] = article_features([_event(text, "attacked")], doc, lambda e: False)
    assert incident.candidates == [] and incident.matrix.shape == (0, WIDTH)


def test_feature_names_are_unique() -> None:
    assert len(set(HAND_FEATURES)) == len(HAND_FEATURES)
