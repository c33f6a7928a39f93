"""Texts that report no incident, or one incident several times: what extraction keeps.

Each text is written here (not taken from any dataset). "Kept" means at or above the
default minimum confidence, what ``extract`` and ``ingest`` store by default.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.decide import DEFAULT_MIN_CONFIDENCE
from newsevents.extract.article import extract_article
from newsevents.model import Article, Event


def _kept(text: str) -> list[Event]:
    article = Article(id="t", text=text, published=dt.date(2024, 5, 6))
    events = extract_article(article).events
    return [e for e in events if e.confidence >= DEFAULT_MIN_CONFIDENCE]


def _all(text: str) -> list[Event]:
    article = Article(id="t", text=text, published=dt.date(2024, 5, 6))
    return extract_article(article).events


def test_month_march_is_not_a_protest() -> None:
    text = (
        "Police said the suspect was arrested on Friday, March 3, near the station. "
        "He appeared in court on March 8."
    )
    assert not [e for e in _all(text) if e.event_type == "PROTEST"]


def test_link_to_another_story_is_not_an_event() -> None:
    text = (
        "Gunmen shot dead two farmers near Kaduna on Sunday, police said.\n\n"
        "See also: Jail guard arrested for brawl at a hookah bar"
    )
    events = _all(text)
    assert events
    assert not [e for e in events if e.event_type == "COERCE"]


def test_one_kidnapping_told_four_times_is_one_record() -> None:
    text = (
        "Six people kidnapped in Bwari.\n\n"
        "Six people were kidnapped by gunmen in Bwari on Wednesday, residents said. "
        "The kidnapped villagers were taken into the forest. "
        "A farmer who escaped said the abduction lasted minutes. "
        "Another resident said his brother was also kidnapped while working on his farm."
    )
    kidnaps = [e for e in _all(text) if e.mode == "abduct"]
    assert len(kidnaps) == 1


def test_two_shootings_in_two_places_stay_apart() -> None:
    text = (
        "A man was shot dead on Park Lane on Saturday night, police said. "
        "On Sunday morning, a woman was shot in the back on Utah Street."
    )
    shootings = [e for e in _all(text) if e.event_type == "ASSAULT"]
    assert len(shootings) == 2


@pytest.mark.parametrize(
    "text",
    [
        # figurative
        "The prime minister attacked the opposition leader over the budget in parliament.",
        # technical
        "The instructor showed the recruits how to strip and clean the rifle safely.",
        # general news
        "The company said its shares were hit by weak sales and it will cut 200 jobs.",
    ],
)
def test_non_events_are_not_kept(text: str) -> None:
    assert _kept(text) == []


def test_real_attack_is_kept() -> None:
    text = (
        "Gunmen killed five soldiers in an attack on an army post in Borno state on "
        "Tuesday, the military said."
    )
    kept = _kept(text)
    assert [e.event_type for e in kept] == ["ASSAULT"]
