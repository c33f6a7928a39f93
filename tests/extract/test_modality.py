"""Modality of single mentions: the factuality score decides fact, negation or possibility;
cue words decide claims, accusations, threats, plans, requests and denials."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.extract.mentions import Mention
from newsevents.model import Event, Modality

pytestmark = pytest.mark.slow
Extract = Callable[..., list[Event]]

#: Modalities that store an act as having happened.
FACTS = frozenset({Modality.asserted, Modality.claimed})


def mention_of(text: str, trigger: str) -> Mention:
    """The mention whose trigger head is the word ``trigger`` of ``text``."""
    from newsevents.extract.mentions import build_mentions
    from newsevents.nlp.pipeline import parse

    doc = parse(text)
    found = [m for s in doc.sents for m in build_mentions(s) if m.head.text == trigger]
    assert found, (trigger, [m.head.text for s in doc.sents for m in build_mentions(s)])
    return found[0]


def modality(text: str, trigger: str) -> tuple[Modality, list[str]]:
    """The modality of the mention of ``trigger`` and the words shown as its evidence."""
    from newsevents.extract.modality import mention_modality

    kind, cues, _ = mention_modality(mention_of(text, trigger), [], None, text)
    return kind, [c.text for c in cues]


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Gunmen killed five villagers on Monday.", "killed", Modality.asserted),
        ("No one was arrested.", "arrested", Modality.negated),
        ("Police did not arrest the protesters.", "arrest", Modality.negated),
        ("Police said they would arrest anyone who protests.", "arrest", Modality.planned),
        ("The rebels will attack the town next week.", "attack", Modality.planned),
        ("If the talks fail, the army may attack.", "attack", Modality.hypothetical),
        ("Rebels may have attacked the town on Monday.", "attacked", Modality.suspected),
        ("He is accused of torturing activists.", "torturing", Modality.alleged),
        ("The rebels threatened to attack the town.", "attack", Modality.threatened),
        ("Police uncovered a plot to kidnap the governor.", "kidnap", Modality.planned),
        ("They were part of a plot to kidnap a reporter.", "kidnap", Modality.planned),
        ("Police prevented an attack on the embassy.", "attack", Modality.negated),
        ("The villagers managed to nab two of the militants.", "nab", Modality.asserted),
        ("The villagers did not manage to nab the militants.", "nab", Modality.negated),
    ],
)
def test_mention_modality(text: str, trigger: str, expected: Modality) -> None:
    assert modality(text, trigger)[0] == expected


@pytest.mark.parametrize(
    ("text", "trigger", "cue"),
    [
        ("The US asked Cuba to capture him.", "capture", "asked"),
        ("The minister called for the arrest of the killers.", "arrest", "called"),
    ],
)
def test_requested_acts_are_stored_as_hypothetical(text: str, trigger: str, cue: str) -> None:
    assert modality(text, trigger) == (Modality.hypothetical, [cue])


def test_negation_shows_its_word() -> None:
    assert modality("No one was arrested.", "arrested") == (Modality.negated, ["No"])


def test_denied_involvement_leaves_the_act_alleged() -> None:
    # The bombing happened; who did it is in dispute.
    kind, cues = modality("The group denied involvement in the bombing.", "bombing")
    assert kind == Modality.alleged and cues == ["denied"]
    assert modality("The rebels denied attacking the town.", "attacking")[0] == Modality.denied


def test_threats_made_are_recorded_as_threats() -> None:
    threat = mention_of("The rebels threatened to attack the town.", "threatened")
    assert threat.event_type == "THREATEN"
    assert modality("The rebels threatened to attack the town.", "threatened")[0] == (
        Modality.threatened
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No one was arrested after the clashes in Minsk.", Modality.negated),
        ("Police said they would arrest anyone who protests in Minsk.", Modality.planned),
        ("The US asked Cuba to capture the fugitive in Havana.", Modality.hypothetical),
        ("If the talks fail, the army may attack the rebels in Kidal.", Modality.hypothetical),
        ("He is accused of torturing activists in Cairo.", Modality.alleged),
    ],
)
def test_extracted_records_never_store_these_as_facts(
    extract: Extract, text: str, expected: Modality
) -> None:
    events = extract(text)
    acts = [e for e in events if e.event_type != "THREATEN"]
    assert acts, text
    assert all(e.modality not in FACTS for e in acts), [(e.event_type, e.modality) for e in acts]
    assert any(e.modality == expected for e in acts)


def test_a_denied_bombing_is_asserted_or_alleged_with_the_denial_recorded(
    extract: Extract,
) -> None:
    events = [e for e in extract("The group denied involvement in the bombing.") if e.triggers]
    bombing = next(e for e in events if any(t.text == "bombing" for t in e.triggers))
    assert bombing.modality in (Modality.asserted, Modality.alleged)
    assert [c.stance.value for c in bombing.claims] == ["denied"]


def test_an_accusation_elsewhere_makes_the_reported_act_alleged(extract: Extract) -> None:
    text = (
        "Five students were shot outside Therrell High School on Tuesday. "
        "Marcellus Brooks is accused of shooting the students."
    )
    shootings = [e for e in extract(text) if e.event_type == "ASSAULT"]
    assert len(shootings) == 1, [[t.text for t in e.triggers] for e in shootings]
    assert shootings[0].modality == Modality.alleged


def test_hearsay_alone_does_not_make_a_reported_act_alleged(extract: Extract) -> None:
    text = (
        "Gunmen kidnapped six people in Zuma village on Sunday. "
        "The six were reportedly kidnapped from their homes."
    )
    kidnappings = [e for e in extract(text) if e.event_type == "ASSAULT"]
    assert [e.modality for e in kidnappings] == [Modality.asserted]


def test_characters_the_encoder_drops_do_not_stop_the_score() -> None:
    # A zero-width space is the only "word" before the trigger: the model has no left
    # context to read, and still scores the sentence.
    assert modality("\u200b killed five villagers in Kaduna.", "killed")[0] == Modality.asserted


def test_a_context_the_model_cannot_read_leaves_the_others_scored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsevents.extract import trigger_factuality as tf
    from newsevents.nlp.pipeline import parse

    def fake(items: list[tuple[str, int, int]]) -> list[float]:
        if any("Kaduna" in text for text, _, _ in items):
            raise ValueError("no wordpiece overlaps the span")
        return [-2.0] * len(items)

    monkeypatch.setattr(tf, "factuality_many", fake)
    doc = parse("Police did not arrest anyone. Gunmen killed five villagers in Kaduna.")
    arrest, killed = (t for t in doc if t.text in ("arrest", "killed"))
    assert tf.trigger_factuality(arrest) == -2.0
    assert tf.trigger_factuality(killed) == tf.UNSCORED


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The rebels vowed to avenge the killing of their leader.", "killing"),
        ("The army promised to retaliate for the bombing of its base.", "bombing"),
        ("The group threatened attacks in revenge for the execution of two members.", "execution"),
    ],
)
def test_an_avenged_act_already_happened(text: str, trigger: str) -> None:
    # The avenging is threatened; what is avenged is a fact.
    assert modality(text, trigger)[0] == Modality.asserted


def test_an_act_to_come_that_is_avenged_stays_open_to_the_threat() -> None:
    assert modality("The rebels vowed to avenge any attack on the town.", "attack")[0] != (
        Modality.asserted
    )
