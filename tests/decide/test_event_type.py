"""The typing step: the means of assaults from the types model, and ACLED looked up again.

The texts are written here (not taken from any dataset).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pytest

from newsevents.decide.event_type import (
    CHANGE_THRESHOLD,
    SET_THRESHOLD,
    evidence_text,
    means_mode,
    seizes_weapons,
    threat_mode,
    type_events,
)
from newsevents.decide.types_acled import PROTESTERS, crosswalk_inputs, retype
from newsevents.decide.types_model import SATP_LABELS, TypeModel
from newsevents.decide.types_text import Vocabulary, feature_blocks
from newsevents.extract.article import extract_article
from newsevents.learn.heads import make_head
from newsevents.model import (
    ActorKind,
    Article,
    Event,
    Instrument,
    Modality,
    Role,
    RoleType,
    Span,
)


def _probabilities(**by_label: float) -> list[float]:
    return [by_label.get(label, 0.0) for label in SATP_LABELS]


def test_a_confident_means_sets_the_mode_of_an_assault_that_has_none() -> None:
    high = _probabilities(**{"Bombing/Explosion": SET_THRESHOLD})
    assert means_mode(SATP_LABELS, high, None) == "explosives"
    low = _probabilities(**{"Bombing/Explosion": SET_THRESHOLD - 0.01})
    assert means_mode(SATP_LABELS, low, None) is None
    kidnapping = _probabilities(Kidnapping=0.9, **{"Bombing/Explosion": 0.5})
    assert means_mode(SATP_LABELS, kidnapping, None) == "abduct"


def test_replacing_a_means_the_lexicon_found_needs_more_confidence() -> None:
    probabilities = _probabilities(**{"Bombing/Explosion": 0.9})
    assert means_mode(SATP_LABELS, probabilities, "firearms") == "firearms"
    probabilities = _probabilities(**{"Bombing/Explosion": CHANGE_THRESHOLD})
    assert means_mode(SATP_LABELS, probabilities, "firearms") == "explosives"


def test_armed_assault_never_claims_a_firearm() -> None:
    # Any killing by armed men is an "armed assault" in the training data.
    probabilities = _probabilities(**{"Armed Assault": 0.99})
    assert means_mode(SATP_LABELS, probabilities, None) is None


def _fixed(row: Sequence[float]) -> TypeModel:
    """A type model that gives every text the probabilities ``row`` (zero weights)."""
    vocabulary = Vocabulary(("attack", "bomb"), (1.0, 1.0))
    blocks = feature_blocks(vocabulary)
    width = sum(b.size for b in blocks)
    p = np.clip(np.asarray(row, dtype=np.float64), 1e-6, 1 - 1e-6)
    head = make_head(
        name="types",
        version="test",
        seed=0,
        features=blocks,
        labels=SATP_LABELS,
        output="sigmoid",
        mean=np.zeros(width),
        scale=np.ones(width),
        layers=[(np.zeros((width, len(SATP_LABELS))), np.log(p / (1 - p)))],
    )
    return TypeModel(head=head, vocabulary=vocabulary, threshold=0.5)


def _event(
    event_type: str,
    mode: str | None,
    sentence: str,
    roles: Sequence[Role] = (),
    instruments: Sequence[Instrument] = (),
) -> Event:
    return Event(
        id="e1",
        article_id="a1",
        event_type=event_type,
        mode=mode,
        acled_event_type="Violence against civilians",
        acled_sub_event_type="Attack",
        triggers=[Span(start=0, end=6, text=sentence[:6])],
        sentences=[Span(start=0, end=len(sentence), text=sentence)],
        roles=list(roles),
        instruments=list(instruments),
    )


def test_type_events_reads_the_sentences_and_codes_the_new_mode_in_acled() -> None:
    sentence = "Thirteen crew members were abducted in a pirate attack on the ship."
    [typed] = type_events(
        [_event("ASSAULT", None, sentence)], _fixed(_probabilities(Kidnapping=0.97))
    )
    assert (typed.mode, typed.acled_sub_event_type) == ("abduct", "Abduction/forced disappearance")
    assert typed.cameo_code == "181"


def test_type_events_leaves_other_types_and_specific_modes_alone() -> None:
    model = _fixed(_probabilities(**{"Bombing/Explosion": 0.99}))
    events = [
        _event("COERCE", "arrest", "Police arrested three men."),
        _event("ASSAULT", "suicide-attack", "A suicide bomber struck a checkpoint."),
        _event("ASSAULT", "sexual", "Soldiers raped two women."),
    ]
    assert type_events(events, model) == events


def test_a_seizure_of_weapons_is_disrupted_weapons_use_not_territory() -> None:
    text = "Soldiers were dismantling the handgun seized from the gang when it went off."
    soldiers = Role(role=RoleType.actor, text="Soldiers", name="Soldiers", kind=ActorKind.military)
    seized = Role(
        role=RoleType.target,
        text="the handgun",
        name="handgun",
        spans=[Span(start=26, end=37, text=text[26:37])],
    )
    handgun = Instrument(
        text="handgun", category="firearms", spans=[Span(start=30, end=37, text=text[30:37])]
    )
    event = _event(
        "COERCE", "seize", text, roles=[soldiers, seized], instruments=[handgun]
    ).model_copy(
        update={
            "acled_event_type": "Battles",
            "acled_sub_event_type": "Government regains territory",
        }
    )
    assert seizes_weapons(event)
    [typed] = type_events([event], _fixed(_probabilities(Other=0.9)))
    assert (typed.acled_sub_event_type, typed.cameo_code) == ("Disrupted weapons use", "171")
    # A weapon named elsewhere than in what was seized leaves the seizure as it was coded.
    bare = event.model_copy(update={"roles": [soldiers]})
    assert not seizes_weapons(bare)
    assert type_events([bare], _fixed(_probabilities(Other=0.9))) == [bare]


def test_crosswalk_inputs_mark_demonstrators_and_weapon_categories() -> None:
    police = Role(
        role=RoleType.perpetrator, text="riot police", name="police", kind=ActorKind.police
    )
    crowd = Role(role=RoleType.victim, text="the protesters", name="protesters")
    gas = Instrument(text="tear gas", category="crowd-control")
    event = _event(
        "ASSAULT", None, "Riot police fired tear gas at the protesters.", [police, crowd], [gas]
    )
    targets, actors, weapons = crosswalk_inputs(event)
    assert PROTESTERS in targets and actors == ["police"]
    assert weapons == ["tear", "gas", "crowd-control"]
    assert retype(event, "ASSAULT", None).acled_event_type == "Protests"


def test_evidence_text_falls_back_to_the_trigger() -> None:
    event = _event("ASSAULT", None, "A blast hit the market.").model_copy(update={"sentences": []})
    assert evidence_text(event) == "A blas"  # the trigger span of _event: 6 characters


def _typed(text: str) -> list[Event]:
    article = Article(id="t", text=text, published=dt.date(2024, 5, 6))
    return extract_article(article).events


@pytest.mark.slow
def test_a_car_bomb_is_an_explosive_assault() -> None:
    [event] = _typed("A car bomb exploded near the market in Kabul on Monday, killing five people.")
    assert (event.event_type, event.mode) == ("ASSAULT", "explosives")
    assert event.acled_sub_event_type == "Remote explosive/landmine/IED"


@pytest.mark.slow
def test_protesters_arrested_is_an_arrest_or_a_protest_with_intervention() -> None:
    events = _typed("Police arrested three protesters in Nairobi on Tuesday.")
    assert [(e.event_type, e.mode) for e in events] == [("COERCE", "arrest")]
    assert events[0].acled_sub_event_type in ("Arrests", "Protest with intervention")


@pytest.mark.slow
def test_dismantling_a_handgun_is_not_territory_regained() -> None:
    events = _typed("Soldiers were dismantling the handgun seized from the gang when it went off.")
    assert events
    assert all(e.acled_sub_event_type != "Government regains territory" for e in events)


@pytest.mark.slow
def test_an_attack_in_which_crew_are_abducted_is_an_abduction() -> None:
    events = _typed(
        "In a pirate attack on the cargo ship off the coast of Nigeria on Friday, 13 of its "
        "19 crew members were abducted."
    )
    assert events
    assert all(e.mode == "abduct" for e in events if e.event_type == "ASSAULT")


@pytest.mark.slow
def test_people_detained_by_masked_men_are_abducted() -> None:
    [event] = _typed(
        "Masked men detained the opposition leader in central Minsk on Monday morning and "
        "drove her away in a van."
    )
    assert (event.event_type, event.mode) == ("ASSAULT", "abduct")
    assert event.acled_sub_event_type == "Abduction/forced disappearance"
    assert event.kidnapped is not None and event.kidnapped.best == 1
    assert event.arrested is None
    assert {r.role for r in event.roles} == {RoleType.perpetrator, RoleType.victim}


@pytest.mark.slow
def test_police_and_named_groups_still_arrest() -> None:
    for text in (
        "Police detained the opposition leader in central Minsk on Monday morning.",
        "Hamas arrested dozens of Islamic State supporters in Gaza on Monday.",
    ):
        events = _typed(text)
        assert [(e.event_type, e.mode) for e in events] == [("COERCE", "arrest")], text


@pytest.mark.slow
def test_the_month_of_march_is_no_protest_march() -> None:
    [event] = _typed("On Tuesday, March 8, Flagstaff police arrested a man in Flagstaff.")
    assert event.acled_sub_event_type == "Arrests"


@pytest.mark.parametrize(
    ("event_type", "mode", "threatened"),
    [
        ("ASSAULT", "explosives", "violence"),
        ("ASSAULT", None, "violence"),
        ("COERCE", "seize", "territory"),
        ("COERCE", "arrest", "arrest"),
        ("COERCE", "deport", "expel"),
        ("SANCTION", "withdraw", "relations"),
        ("COERCE", "censor", None),
    ],
)
def test_a_threat_says_what_it_threatens(
    event_type: str, mode: str | None, threatened: str | None
) -> None:
    assert threat_mode(_event(event_type, mode, "They threatened it.")) == threatened


def test_a_threatened_act_is_recorded_as_the_threat_made() -> None:
    sentence = "The group threatened to bomb the embassy."
    event = _event("ASSAULT", "explosives", sentence).model_copy(
        update={"modality": Modality.threatened}
    )
    [typed] = type_events([event], _fixed(_probabilities()))
    assert (typed.event_type, typed.mode, typed.modality) == (
        "THREATEN",
        "violence",
        Modality.threatened,
    )
    assert typed.acled_sub_event_type is None and typed.cameo_code == "138"
    # An act that happened stays what it was.
    done = _event("ASSAULT", "explosives", "The group bombed the embassy.")
    assert type_events([done], _fixed(_probabilities()))[0].event_type == "ASSAULT"


@pytest.mark.slow
def test_a_threat_to_attack_is_a_threat() -> None:
    events = _typed("The new video threatened to carry out an attack on President Vladimir Putin.")
    assert [(e.event_type, e.mode, e.modality) for e in events] == [
        ("THREATEN", "violence", Modality.threatened)
    ]
