"""Tests of sentence case for Title Case lines (headlines)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.nlp.headline_case import is_title_case_line, recase_title_lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Teen Shot To Death In Pacoima", "Teen shot to death in Pacoima"),
        ("Man Killed In Oak Park Shooting", "Man killed in Oak Park shooting"),
        ("Two Killed In Shooting In Anchorage", "Two killed in shooting in Anchorage"),
        ("Mobile Police Investigate Shooting", "Mobile police investigate shooting"),
        # Acronyms stay as written.
        (
            "UPDATE: Deputies Arrest Suspect In Shooting",
            "UPDATE: deputies arrest suspect in shooting",
        ),
    ],
)
def test_title_case_lines_are_written_as_sentences(line: str, expected: str) -> None:
    assert recase_title_lines(line) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Police said a man was shot dead in Kensington on Sunday.",
        "John Smith Jr",  # too few words to judge
        "Islamic State group claims attack in Gaza",  # sentence case already
    ],
)
def test_other_lines_are_left_alone(text: str) -> None:
    assert not is_title_case_line(text) or recase_title_lines(text) == text
    assert recase_title_lines(text) == text


def test_only_title_case_lines_of_a_text_change() -> None:
    body = "Police said Four Men were arrested.\n"
    text = "Four Shot At Party In Compton\n\n" + body
    out = recase_title_lines(text)
    assert out.startswith("Four shot at party in Compton\n\n")
    assert out.endswith(body)


_words = st.sampled_from(
    [
        "Shot",
        "In",
        "Teen",
        "Police",
        "Oak",
        "Park",
        "İstanbul",
        "Straße",
        "UPDATE:",
        "-",
        "\n",
        "Of",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(_words, max_size=20).map(" ".join)))
def test_only_the_case_of_letters_changes(text: str) -> None:
    out = recase_title_lines(text)
    assert len(out) == len(text)
    assert all(a == b or a.lower() == b.lower() for a, b in zip(text, out, strict=True))
