"""Named people as participants: full names, titles, lists, appositions and pronouns."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.model import ActorKind, Event, RoleType

pytestmark = pytest.mark.slow
Extract = Callable[..., list[Event]]
_PATIENTS = (RoleType.victim, RoleType.detainee, RoleType.target)


def people(events: list[Event]) -> set[str]:
    """Names of the people who suffered any of ``events``."""
    return {
        r.name
        for e in events
        for r in e.roles
        if r.role in _PATIENTS and r.kind == ActorKind.person and r.actor_id
    }


def test_surname_takes_the_full_name_written_before(extract: Extract) -> None:
    text = (
        "Maria Gonzalez Perez is a lawyer who defends farmers in the valley. "
        "Police arrested Perez on Tuesday in the capital."
    )
    assert "Maria Gonzalez Perez" in people(extract(text))


def test_possessive_and_title_are_not_part_of_the_name(extract: Extract) -> None:
    names = people(extract("Soldiers shot Mr. Daniel Okafor at a checkpoint on Friday."))
    assert "Daniel Okafor" in names
    assert not any(n.startswith("Mr") for n in names)


def test_lower_case_descriptor_is_not_part_of_the_name(extract: Extract) -> None:
    names = people(extract("Police arrested journalist Sarah Kimani in Nairobi on Monday."))
    assert "Sarah Kimani" in names


def test_copula_lists_the_members_of_a_group(extract: Extract) -> None:
    text = (
        "Police arrested four activists in Lagos on Monday. The arrested activists are "
        "John Adeyemi, Grace Okonkwo and Peter Obi."
    )
    assert {"John Adeyemi", "Grace Okonkwo", "Peter Obi"} <= people(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Journalist Maria Gonzalez was arrested together with trade unionist Luis Mendoza.",
        "Police arrested Maria Gonzalez along with trade unionist Luis Mendoza on Friday.",
    ],
)
def test_together_with_shares_the_role(extract: Extract, text: str) -> None:
    assert {"Maria Gonzalez", "Luis Mendoza"} <= people(extract(text))


def test_he_refers_to_the_person_named_before(extract: Extract) -> None:
    text = (
        "Ahmed Karimi is a well-known blogger from the north. "
        "He was arrested by security forces on Sunday."
    )
    assert "Ahmed Karimi" in people(extract(text))


def test_possessive_pronoun_of_an_arrest_is_the_detainee(extract: Extract) -> None:
    text = "Omar Haddad runs a rights group in the city. Police confirmed his arrest on Monday."
    events = extract(text)
    assert "Omar Haddad" in people(events)
    agents = {r.name for e in events for r in e.roles if r.role in (RoleType.actor,)}
    assert "Omar Haddad" not in agents
