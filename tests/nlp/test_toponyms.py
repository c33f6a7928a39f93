"""Toponym spans for geoparsing, and armed-group names that contain a place name."""

from __future__ import annotations

import pytest

from newsevents.nlp.pipeline import parse
from newsevents.nlp.places import find_toponyms

pytestmark = pytest.mark.slow


def _names(text: str) -> list[str]:
    return [text[s:e] for s, e in find_toponyms(parse(text))]


def test_places_demonyms_and_datelines() -> None:
    text = (
        "COLUMBIA --- Syrian refugees arrived in Gainesville, Ga., on Monday, "
        "the Tennessee Arts Commission said."
    )
    names = _names(text)
    assert "COLUMBIA" in names
    assert "Syrian" in names
    assert "Gainesville" in names and "Ga." in names
    assert "Tennessee" in names
    assert "Monday" not in names


@pytest.mark.parametrize(
    "text",
    [
        "GREENSBURG, Ind. (WISH) – A boy was shot.",
        "GREENSBURG | A boy was shot.",
        "GREENSBURG, New York - A boy was shot.",
        "GREENSBURG (WISH)–Police say a boy was shot.",
    ],
)
def test_datelines_with_the_outlet_or_a_bar(text: str) -> None:
    assert "GREENSBURG" in _names(text)


def test_a_hyphen_touching_a_word_makes_no_dateline() -> None:
    assert "ABC-TV" not in _names("ABC-TV reported that a boy was shot.")


def test_armed_group_is_not_cut_into_a_place() -> None:
    text = "Ansar Bayt al-Maqdis claimed the attack on soldiers in North Sinai."
    names = _names(text)
    assert not any("Bayt al-Maqdis" in n for n in names)
    assert any("Sinai" in n for n in names)


def test_armed_group_stays_an_actor_in_extraction() -> None:
    from newsevents.api import extract

    text = (
        "Militants of Ansar Bayt al-Maqdis killed five soldiers in an attack on a checkpoint "
        "in El Arish on Sunday, the army said."
    )
    events = extract(text)
    assert events
    places = [p.text for e in events for p in e.places]
    assert not any("Bayt al-Maqdis" in p for p in places)
    actors = [r.text for e in events for r in e.roles]
    assert any("Ansar Bayt al-Maqdis" in a for a in actors)
    located = [p for e in events for p in e.places if p.latitude is not None]
    assert located and all(p.country_iso3 == "EGY" for p in located)


def test_a_known_town_the_model_left_unlabelled_after_a_preposition() -> None:
    text = (
        "Three policemen were wounded at Shagai Road in Peshawar, the provincial capital "
        "of Khyber Pakhtunkhwa, on Monday."
    )
    assert "Peshawar" in _names(text)


def test_a_capitalised_word_after_a_preposition_that_is_no_known_place() -> None:
    assert "Qorvaltine" not in _names("The guards stood in Qorvaltine Yard on Monday.")


def test_a_town_before_its_state_after_an_outlets_name() -> None:
    names = _names("Girl shot at home - WMC Action News 5 - Memphis, Tennessee\n\nA girl was shot.")
    assert "Memphis" in names


def test_a_surname_before_a_state_is_no_town() -> None:
    from newsevents.nlp.places import _towns_before_states

    assert _towns_before_states("said Smith, Texas Rangers spokesman") == []
    text = "a shooting in Clinton, Md., on Sunday"
    assert [text[s:e] for s, e in _towns_before_states(text)] == ["Clinton"]


def test_a_division_after_a_place_and_a_comma_whatever_its_tag() -> None:
    text = (
        "Militiamen killed 4 people in Dicho Abagermama kebele, Sibu Sire woreda "
        "(East Wellega, Oromia)."
    )
    assert "Oromia" in _names(text)
