"""Who did it, and of what kind: described people act for the institution their description
names, a country that acts is its state."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.model import ActorKind, Event, Role, RoleType

pytestmark = pytest.mark.slow
Extract = Callable[..., list[Event]]
_AGENTS = (RoleType.perpetrator, RoleType.actor)
_PATIENTS = (RoleType.victim, RoleType.detainee, RoleType.target)


def _roles(events: list[Event], roles: tuple[RoleType, ...]) -> list[Role]:
    return [r for e in events for r in e.roles if r.role in roles]


def _agent(events: list[Event], name: str) -> Role:
    found = [r for r in _roles(events, _AGENTS) if name in r.name]
    assert found, [(r.role, r.name) for e in events for r in e.roles]
    return found[0]


def test_a_titled_person_acts_for_the_institution(extract: Extract) -> None:
    events = extract("District Judge Alma Rusk sentenced the blogger Tomas Vell on Monday.")
    judge = _agent(events, "Alma Rusk")
    assert judge.kind == ActorKind.person
    assert judge.affiliation_id == "judiciary"


def test_a_person_in_apposition_with_an_officer_is_police(extract: Extract) -> None:
    events = extract("Mary Okon, a police officer, arrested the activist Tomas Vell on Monday.")
    assert _agent(events, "Mary Okon").affiliation_id == "police"


def test_a_rank_before_a_name_is_military(extract: Extract) -> None:
    events = extract("Colonel Ibra Sanu shot the farmer in the market on Monday.")
    assert _agent(events, "Ibra Sanu").affiliation_id == "military"


def test_a_civilian_description_is_no_affiliation(extract: Extract) -> None:
    events = extract("The lawyer Ana Petrov shot the farmer in the market on Monday.")
    roles = [r for r in _roles(events, _AGENTS) if "Ana Petrov" in r.name]
    assert all(r.affiliation_id is None for r in roles)


def test_a_plural_only_agent_is_found_by_its_written_form(extract: Extract) -> None:
    events = extract("Security operatives arrested the activist Tomas Vell on Monday.")
    assert _agent(events, "operatives").kind == ActorKind.military


def test_a_country_that_acts_is_its_state(extract: Extract) -> None:
    events = extract("Ukraine detained the blogger Tomas Vell in Kyiv on Monday.")
    assert _agent(events, "Ukraine").kind == ActorKind.state


def test_a_surname_owning_a_murder_underwent_it(extract: Extract) -> None:
    # The model tags a lone surname as an organisation; as the owner of a murder it is who
    # was killed, not who killed.
    events = extract("Rights groups condemned Vell's murder in the capital last year.")
    assert not [r for r in _roles(events, _AGENTS) if "Vell" in r.name]
    assert any("Vell" in r.name for r in _roles(events, _PATIENTS))


def test_a_mistagged_surname_is_no_state(extract: Extract) -> None:
    events = extract("Jamal Khashoggi's murder in Istanbul shocked the world in 2018.")
    assert not [r for r in _roles(events, _AGENTS) if r.kind == ActorKind.state]


def test_a_known_head_of_state_acts_for_the_government(extract: Extract) -> None:
    events = extract("Daniel Ortega jailed the blogger Tomas Vell in Managua on Monday.")
    ortega = _agent(events, "Ortega")
    assert ortega.kind == ActorKind.person
    assert ortega.affiliation_id == "government"


def test_a_royal_title_is_the_government(extract: Extract) -> None:
    events = extract("Crown Prince Salim Adour jailed the blogger Tomas Vell on Monday.")
    assert _agent(events, "Adour").affiliation_id == "government"


def test_a_nationality_before_the_act_is_its_state(extract: Extract) -> None:
    events = extract("American airstrikes killed five civilians in Mosul on Monday.")
    assert _agent(events, "American").kind == ActorKind.state


def test_a_person_of_a_nationality_is_no_state(extract: Extract) -> None:
    events = extract("An American killed the journalist in Lagos on Monday.")
    assert not [r for r in _roles(events, _AGENTS) if r.kind == ActorKind.state]


def test_a_word_mistagged_as_a_nationality_is_no_state(extract: Extract) -> None:
    # "incendiary" is sometimes tagged a nationality: only known demonyms stand for states.
    events = extract("Incendiary bombs destroyed the offices of the newspaper on Monday.")
    assert not [r for r in _roles(events, _AGENTS) if r.kind == ActorKind.state]


def test_the_nationality_of_victims_is_no_state(extract: Extract) -> None:
    events = extract(
        "The militant admitted the torture and killings of American hostages in Raqqa."
    )
    assert not [r for r in _roles(events, _AGENTS) if r.kind == ActorKind.state]


def test_a_named_occasion_is_no_participant(extract: Extract) -> None:
    text = (
        "Activists condemn arrests on Human Rights Day\n\n"
        "Police arrested seven activists on Human Rights Day in Manila."
    )
    names = [r.name for e in extract(text) for r in e.roles]
    assert "Human Rights Day" not in names


def test_who_condemns_an_arrest_did_not_make_it(extract: Extract) -> None:
    events = extract("Rights groups condemned Okonkwo's arrest in the capital last year.")
    arrests = [e for e in events if e.mode == "arrest"]
    assert arrests
    assert not [r for r in _roles(arrests, _AGENTS) if "Rights groups" in r.name]


def test_members_of_a_group_take_its_kind(extract: Extract) -> None:
    events = extract("Members of a suspected armed group abducted the activist Ana Cruz on Monday.")
    assert _agent(events, "Members").kind == ActorKind.armed_group
    events = extract("Armed group members abducted the activist Ana Cruz on Monday.")
    assert _agent(events, "members").kind == ActorKind.armed_group


def test_the_forces_of_an_armed_group_are_of_its_kind(extract: Extract) -> None:
    events = extract("Hamas security forces detained the activist Ana Cruz in Gaza on Monday.")
    assert _agent(events, "security forces").kind == ActorKind.armed_group
    events = extract("Nigerian security forces detained the activist Ana Cruz on Monday.")
    assert _agent(events, "security forces").kind == ActorKind.military


# A headline drops "was": its bare past participle is passive ("Blogger arrested").


def test_a_headline_participle_is_passive(extract: Extract) -> None:
    text = "Blogger Tomas Vell arrested, charged after reporting on the war\n\nHe was freed."
    events = extract(text)
    assert not [r for r in _roles(events, _AGENTS) if "Vell" in r.name]
    assert any("Vell" in r.name for r in _roles(events, _PATIENTS))


def test_an_active_headline_keeps_its_doer(extract: Extract) -> None:
    text = "Police arrest blogger Tomas Vell in Kyiv\n\nHe was held on Monday, his lawyer said."
    kinds = [r.kind for r in _roles(extract(text), _AGENTS) if "olice" in r.name]
    assert kinds[:1] == [ActorKind.police]
