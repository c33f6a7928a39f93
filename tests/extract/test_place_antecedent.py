"""A definite place noun refers back to the place of that kind named before it."""

from __future__ import annotations

import pytest

from newsevents.extract.article import _named_antecedent
from newsevents.nlp.pipeline import parse

pytestmark = pytest.mark.slow


def _span(text: str, phrase: str):  # type: ignore[no-untyped-def]
    doc = parse(text)
    start = text.rindex(phrase)
    return doc.char_span(start, start + len(phrase))


def test_the_camp_is_the_camp_named_before() -> None:
    text = "Militants seized the Zamzam refugee camp on Monday. They shot a guard inside the camp."
    assert _named_antecedent(_span(text, "the camp")).text == "Zamzam refugee camp"


def test_a_camp_never_named_stays_as_it_is() -> None:
    text = "Police raided a house on Monday. They shot a guard inside the camp."
    assert _named_antecedent(_span(text, "the camp")).text == "the camp"
