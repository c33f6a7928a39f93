"""Triggers that need a particular object: bases set up, groups formed, ground given up."""

from __future__ import annotations

import pytest

from newsevents.extract.triggers import find_triggers

pytestmark = pytest.mark.slow


def _ids(text: str) -> list[str]:
    from newsevents.nlp.pipeline import parse

    doc = parse(text)
    return [m.entry.id for sent in doc.sents for m in find_triggers(sent)]


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Turkish forces set up a new military base near the town.", "establish_base"),
        ("The army established an observation post in the village.", "establish_base"),
        ("The commanders formed a new brigade last month.", "form_group"),
        ("Government troops withdrew from the town on Sunday.", "withdraw"),
        ("The government released 30 prisoners on Monday.", "release_captives"),
        ("Police used tear gas to disperse the protesters.", "disperse"),
        ("Two suicide bombers blew themselves up at the gate.", "suicide"),
    ],
)
def test_trigger_with_its_object(text: str, entry: str) -> None:
    assert entry in _ids(text)


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("The ministry set up a committee to study the reform.", "establish_base"),
        ("The two companies formed a partnership.", "form_group"),
        ("The candidate withdrew from the race.", "withdraw"),
        ("The company released its annual report.", "release_captives"),
    ],
)
def test_same_verb_with_another_object_is_no_trigger(text: str, entry: str) -> None:
    assert entry not in _ids(text)
