"""Who did it when the act's own sentence does not say: suspects named elsewhere, pronouns
resolved to the name they refer back to, unidentified and described doers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.extract.people import PeopleIndex, PersonName
from newsevents.model import Event, Role, RoleType

Extract = Callable[..., list[Event]]
_AGENTS = (RoleType.perpetrator, RoleType.actor)
_PATIENTS = (RoleType.victim, RoleType.detainee, RoleType.target)


def _roles(events: list[Event], kinds: tuple[RoleType, ...], event_type: str) -> list[Role]:
    return [r for e in events if e.event_type == event_type for r in e.roles if r.role in kinds]


def _mentions(roles: list[Role]) -> set[str]:
    return {s.text for r in roles for s in r.spans}


def test_full_mention_gives_where_the_name_is_written_in_full() -> None:
    people = PeopleIndex(
        [PersonName(("Marcellus", "Brooks"), 10, 26), PersonName(("Brooks",), 80, 86)]
    )
    found = people.full_mention(("Brooks",), 80)
    assert found is not None
    assert (found.text, found.start_char, found.end) == ("Marcellus Brooks", 10, 26)
    assert people.full_mention(("Smith",), 80) is None


@pytest.mark.slow
def test_surname_carries_the_mention_of_the_full_name(extract: Extract) -> None:
    text = (
        "Maria Gonzalez Perez is a lawyer who defends farmers in the valley. "
        "Police arrested Perez on Tuesday in the capital."
    )
    assert "Maria Gonzalez Perez" in _mentions(_roles(extract(text), _PATIENTS, "COERCE"))


@pytest.mark.slow
def test_pronoun_carries_the_name_it_refers_back_to(extract: Extract) -> None:
    text = (
        "Noah Smith, a researcher, said migrant workers are exploited. "
        "Malcolm Bidali is a blogger in Doha. "
        "Malcolm was working as a security guard until he was arrested by police on May 4."
    )
    mentions = _mentions(_roles(extract(text), _PATIENTS, "COERCE"))
    assert "he" in mentions
    assert {"Malcolm", "Malcolm Bidali"} & mentions
    assert "Noah Smith" not in mentions


@pytest.mark.slow
def test_pronoun_prefers_the_subject_of_the_main_clause(extract: Extract) -> None:
    text = (
        "Wang Quanzhang is a human rights lawyer. "
        "When Wang learned his wife Li Wenzu was ill, he tried to take a taxi to Beijing. "
        "He was arrested by police officers on the highway on Sunday."
    )
    detainees = _roles(extract(text), _PATIENTS, "COERCE")
    assert any(r.name == "Wang Quanzhang" for r in detainees)
    assert not any(r.name == "Li Wenzu" for r in detainees)


@pytest.mark.slow
def test_suspect_charged_in_another_sentence_is_the_perpetrator(extract: Extract) -> None:
    text = (
        "A 20-year-old man was shot dead at a recreation center in Flagstaff on Friday. "
        "Police say 15-year-old Fernando Enriquez has been arrested and faces a charge of "
        "homicide."
    )
    doers = _roles(extract(text), _AGENTS, "ASSAULT")
    assert any(r.name == "Fernando Enriquez" for r in doers)


@pytest.mark.slow
def test_suspect_believed_responsible_is_the_perpetrator(extract: Extract) -> None:
    text = (
        "Police in Lyon were searching for a man believed to be responsible for a blast "
        "which injured 13 people on Friday."
    )
    assert "a man" in {r.text for r in _roles(extract(text), _AGENTS, "ASSAULT")}


@pytest.mark.slow
def test_someone_is_an_unidentified_perpetrator(extract: Extract) -> None:
    text = (
        "Four people were standing outside an apartment complex in St. Louis on Sunday "
        "when someone opened fire on them, killing one."
    )
    assert "someone" in {r.text for r in _roles(extract(text), _AGENTS, "ASSAULT")}


@pytest.mark.slow
def test_described_shooter_is_the_perpetrator(extract: Extract) -> None:
    text = "Three people were shot dead at a bar in Austin on Saturday, including the shooter."
    texts = {r.text for r in _roles(extract(text), _AGENTS, "ASSAULT")}
    assert any("shooter" in t for t in texts)


def test_the_names_a_clause_gives_a_described_participant() -> None:
    from newsevents.extract.participants import identified_names
    from newsevents.nlp.pipeline import parse

    text = "One police constable identified as Rafaqat Khan was killed in the attack."
    doc = parse(text)
    (constable,) = [t for t in doc if t.text == "constable"]
    assert [s.text for s in identified_names(constable, text)] == ["Rafaqat Khan"]
    (attack,) = [t for t in doc if t.text == "attack"]
    assert identified_names(attack, text) == []


@pytest.mark.slow
def test_a_possessor_named_in_full_elsewhere_underwent_the_act(extract: Extract) -> None:
    text = (
        "Kidnappers who once terrorised Lagos schools behind AVM Smith’s abduction– Police "
        "sources\n\nGunmen abducted Musiliu Smith, a retired air vice marshal, at his home "
        "in Lagos on Monday, police said."
    )
    events = extract(text)
    assert "Smith" not in " ".join(r.text for r in _roles(events, _AGENTS, "ASSAULT"))


def test_a_noun_for_the_doer_is_the_perpetrator_though_it_tells_the_act(extract: Extract) -> None:
    # "suicide bomber" is a word for the act and for who did it: another doer the article
    # names does not take its place.
    text = (
        "A suicide bomber blew himself up in Kabul on Monday, killing six soldiers. The "
        "attack was carried out by the Taliban, police said."
    )
    (event,) = [e for e in extract(text) if e.event_type == "ASSAULT"]
    doers = [r.text for r in event.roles if r.role.value == "perpetrator"]
    assert "A suicide bomber" in doers
