"""Victims named where the article says who they were."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.extract.identified import identifications
from newsevents.model import Event, RoleType
from newsevents.nlp.pipeline import parse

Extract = Callable[..., list[Event]]


def _names(text: str) -> list[list[str]]:
    return [[n.text for n in found.names] for found in identifications(parse(text), text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The victim was identified as John Smith, 25.", [["John Smith"]]),
        (
            "The coroner identified the two deceased people as Mary Jones, 35; and Anna Jones, 9.",
            [["Mary Jones", "Anna Jones"]],
        ),
        (
            "Police released the identities of the two people found dead. Alex Martin, 20, "
            "and Erica Rodriguez, 21.",
            [["Alex Martin", "Erica Rodriguez"]],
        ),
        # What is identified must be a victim by its own words.
        ("The man was identified as John Smith.", []),
        ("The suspect, identified as John Smith, killed the victim.", []),
        ("The shooter was identified as John Smith.", []),
    ],
)
def test_identifications(text: str, names: list[list[str]]) -> None:
    assert _names(text) == names


def test_the_named_victims_go_to_the_assault_told_before(extract: Extract) -> None:
    text = (
        "A man was shot dead on Sunday in Chicago, police said. Officers found him on "
        "Qorvalt Avenue. The victim was identified as John Smith, 25."
    )
    (event,) = [e for e in extract(text) if e.event_type == "ASSAULT"]
    named = [r for r in event.roles if r.role == RoleType.victim and r.text == "John Smith"]
    assert named and named[0].spans[0].text == "John Smith"
