"""Victims named by their age ("a 17-year-old") and victims of a passive gerund ("after being
shot"), on short hand-written texts."""

from __future__ import annotations

from collections.abc import Callable

from newsevents.model import Event, RoleType

Extract = Callable[..., list[Event]]


def _assaults(events: list[Event]) -> list[Event]:
    return [e for e in events if e.event_type == "ASSAULT"]


def test_a_person_named_by_age_is_a_victim(extract: Extract) -> None:
    (event,) = _assaults(extract("A 17-year-old was shot in Fort Pierce on Sunday."))
    assert [r.text for r in event.roles if r.role == RoleType.victim] == ["A 17-year-old"]
    assert event.injured is not None and event.injured.best == 1


def test_the_subject_underwent_the_passive_gerund(extract: Extract) -> None:
    text = "A 2-year-old is in critical condition after being shot in the face, police said."
    (event,) = _assaults(extract(text))
    assert [r.text for r in event.roles if r.role == RoleType.victim] == ["A 2-year-old"]


def test_an_age_that_is_no_person_makes_no_event(extract: Extract) -> None:
    assert not _assaults(extract("The 20-year-old law was repealed after being debated."))


def test_the_one_found_shot_to_death_is_the_victim(extract: Extract) -> None:
    text = "When officers responded, they found 20-year-old Jacob Allen shot to death."
    (event,) = _assaults(extract(text))
    assert [r.role for r in event.roles] == [RoleType.victim]
    assert event.killed is not None and event.killed.best == 1


def test_one_found_doing_something_is_no_victim(extract: Extract) -> None:
    assert not _assaults(extract("Police found the gunmen fled the scene."))
