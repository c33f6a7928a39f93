"""A definite description stands for the one person the article gives it to: "the
journalist" after "journalist Masih Alinejad"; never when two people share it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.extract.descriptions import described_people, person_described
from newsevents.model import Event, Role
from newsevents.nlp.pipeline import parse

Extract = Callable[..., list[Event]]


def _role(events: list[Event], text: str) -> Role:
    return next(r for e in events for r in e.roles if r.text == text)


def test_descriptions_by_compound_apposition_and_naming() -> None:
    doc = parse(
        "Police arrested suspect John Doe on Friday. Mary Roe, a local reporter, saw it. "
        "The victim was identified as Mark Lee."
    )
    people = described_people(doc)
    assert [d.name for d in people["suspect"]] == ["John Doe"]
    assert [d.name for d in people["reporter"]] == ["Mary Roe"]
    assert [d.name for d in people["victim"]] == ["Mark Lee"]


def test_only_a_definite_singular_description_is_linked() -> None:
    doc = parse("Police arrested suspect John Doe. The suspect and two suspects were held.")
    people = described_people(doc)
    the_suspect = next(t for t in doc if t.text == "suspect" and t.i > 5)
    assert (found := person_described(the_suspect, people)) is not None
    assert found.name == "John Doe"
    plural = next(t for t in doc if t.text == "suspects")
    assert person_described(plural, people) is None


def test_a_description_given_to_two_people_stays_as_written() -> None:
    doc = parse(
        "Police arrested suspect John Doe and suspect Jim Poe. The suspect was later freed."
    )
    people = described_people(doc)
    the_suspect = [t for t in doc if t.text == "suspect"][-1]
    assert person_described(the_suspect, people) is None


@pytest.mark.slow
def test_the_description_is_named_in_the_event(extract: Extract) -> None:
    events = extract(
        "Iranian agents plotted to kidnap journalist Masih Alinejad in New York on Monday. "
        "Police said the journalist was attacked by the agents on Monday.",
        published="2021-07-14",
    )
    role = _role(events, "the journalist")
    assert role.name == "Masih Alinejad"
    assert {s.text for s in role.spans} == {"the journalist", "Masih Alinejad"}
    events = extract(
        "A man was shot dead in Dayton on Friday. The victim was identified as Mark Lee, 31. "
        "Police said someone shot the victim twice.",
        published="2021-07-14",
    )
    assert _role(events, "the victim").name == "Mark Lee"
