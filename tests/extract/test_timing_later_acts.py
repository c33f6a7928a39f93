"""A date on the telling of an act is not the act's own (texts written here)."""

from __future__ import annotations

from newsevents.extract.mentions import build_mentions
from newsevents.extract.timing import mention_dates
from newsevents.nlp.pipeline import parse


def _dates(text: str, trigger: str) -> list[str]:
    sent = next(iter(parse(text).sents))
    mentions = build_mentions(sent)
    m = next(m for m in mentions if m.head.text == trigger)
    return [e.text for e in mention_dates(m, mentions)]


def test_a_date_on_a_reporting_verb_does_not_date_the_act() -> None:
    assert _dates("Family members confirmed Monday that the toddler has died.", "died") == []
    assert _dates("Police said Thursday that a man was shot on Elm Street.", "shot") == []


def test_a_date_on_the_act_or_its_main_verb_still_dates_it() -> None:
    assert _dates("A man was shot on Elm Street on Thursday.", "shot") == ["Thursday"]
    assert _dates("Police found a man shot dead on Thursday night.", "shot") != []
