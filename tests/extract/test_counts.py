"""Counts of people killed, injured, arrested and kidnapped on short hand-written texts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.extract.counts import headline_counts, merge_counts
from newsevents.model import Count, CountCategory, Event


def _best(events: list[Event], category: str) -> int | None:
    values = [c.best for e in events if (c := getattr(e, category)) is not None]
    return max(values, key=lambda v: -1 if v is None else v) if values else None


def _count(low: int | None, best: int | None, high: int | None) -> Count:
    return Count(
        category=CountCategory.killed, low=low, best=best, high=high, text="x", confidence=0.8
    )


def test_stated_figure_wins_over_vague_one() -> None:
    # "at least 7 farmers" against "dozens" (20 to 99, best 24): the stated figure.
    assert merge_counts(_count(7, 7, None), _count(20, 24, 99)).best == 7
    # against one named victim (one of the toll, perhaps): the stated figure.
    assert merge_counts(_count(1, 1, 1), _count(4, 4, 4)).best == 4
    # two stated figures: the larger (a toll that rose).
    assert merge_counts(_count(4, 4, 4), _count(6, 6, 6)).best == 6


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("Soldiers detained more than 300 students in the capital on Monday.", "arrested", 300),
        ("Militants wounded over 40 villagers in the market on Monday.", "injured", 40),
        ("Militants killed at least 7 farmers in the village on Monday.", "killed", 7),
        ("Police said he was arrested in the capital on Monday.", "arrested", 1),
        ("A young girl had been shot and wounded by the gunmen in the village.", "injured", 1),
        ("The shopkeeper was shot at and injured by militants on Monday.", "injured", 1),
        (
            "Six guards, a 9-year-old boy and two women were injured in the bombing on Monday.",
            "injured",
            9,
        ),
        ("Police said there were six men, a boy and two women injured in the blast.", "injured", 9),
        (
            "Gunmen fired on a patrol on Monday and three policemen received bullet injuries.",
            "injured",
            3,
        ),
        (
            "Two soldiers were killed and four others suffered gunshot wounds in the ambush.",
            "injured",
            4,
        ),
    ],
)
def test_counts(
    extract: Callable[..., list[Event]], text: str, category: str, expected: int
) -> None:
    assert _best(extract(text), category) == expected


@pytest.mark.parametrize(
    ("text", "category", "bad"),
    [
        # An address, a year, a time or an age is no head count.
        ("Gunmen killed a man on the 4500 block of Elm Street on Monday.", "killed", 4501),
        ("Gunmen killed a man on the 4500 block of Elm Street on Monday.", "killed", 4500),
        ("Gunmen killed a trader in 2019 near the river.", "killed", 2019),
        ("Gunmen killed a trader at 11:45 near the river.", "killed", 45),
        ("Rebels killed Tom Baker, 17, near the river on Monday.", "killed", 17),
        # A number of groups says nothing of how many people were in them.
        ("Gunmen kidnapped two sets of farmers near the river on Monday.", "kidnapped", 2),
    ],
)
def test_numbers_that_are_not_counts(
    extract: Callable[..., list[Event]], text: str, category: str, bad: int
) -> None:
    assert _best(extract(text), category) != bad


def test_own_subject_is_not_shared(extract: Callable[..., list[Event]]) -> None:
    # Each "killed" has its own subject: the woman is one, not one with the children.
    text = "Police said the two children were killed before the woman was killed by the gunman."
    assert _best(extract(text), "killed") != 3


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Morgan County teen shot, killed", [("killed", 1, False)]),
        ("Police: Boy, 17, shot to death in Austin", [("killed", 1, False)]),
        ("Boy, 4, shoots self in groin", [("injured", 1, True)]),
        # Several people joined, or a plural, give no figure of one.
        ("Man, woman shot in Dallas", []),
        ("Man and woman shot", []),
        ("Men shot outside a bar", []),
        # A verb before the figure tells what befell them; a measure is no head count.
        ("Gunman Shoots 4 People Outside Restaurant", [("injured", 4, True)]),
        ("Man kills 2 in Dallas", [("killed", 2, False)]),
        # The doer of a verb with an object is no victim.
        ("Tulsa police say man killed his wife, then himself", []),
        # Found so, they were so; a doer who kills himself is the one dead.
        ("Three found dead in home were result of murder suicide", [("killed", 3, False)]),
        ("16-year-old found shot to death in Bordeaux", [("killed", 1, False)]),
        ("Teen accidentally shoots, kills self", [("killed", 1, False)]),
        ("Two Juveniles Shot in Accidental Shooting", [("injured", 2, True)]),
        # People shot besides the dead are the injured, not people hit of whom some died.
        ("Teen killed, 6 others shot on West Side", [("injured", 6, False), ("killed", 1, False)]),
        ("Officer shoots 3 times at car", []),
    ],
)
def test_headline_one_person(headline: str, expected: list[tuple[str, int, bool]]) -> None:
    found = headline_counts(headline + "\n\nA man was seen.")
    assert [(c.category.value, c.best, hit) for c, hit in found] == expected


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # The wound someone died of counts nobody hurt: its owner is among the dead.
        ("A man was shot in Dallas on Sunday. He died from his wounds at a hospital.", 1, None),
        # The hurt who died of their wounds count among the dead only.
        (
            "A woman was injured when shots were fired in Dallas on Sunday. "
            "She later died from her injuries.",
            1,
            None,
        ),
        (
            "Two men were injured in a shooting in Dallas on Sunday. "
            "One of them later died of his injuries, police said.",
            1,
            1,
        ),
        # Not the others told apart from the dead.
        (
            "A man has died and three others were injured after a shooting Saturday in "
            "Dallas. They were taken to hospitals, and one man died of his injuries.",
            1,
            3,
        ),
        # Some of the hurt told before died: they count among the dead only.
        (
            "A masked man opened fire at a home in Dallas on Friday, wounding four men. "
            "Three of them died.",
            3,
            1,
        ),
        ("Four men were injured in a shooting in Dallas on Friday. One of them died.", 1, 3),
        # A deadly hit of one person killed that person.
        ("Police are investigating a deadly shooting of a teen in Dallas on Monday.", 1, None),
    ],
)
def test_deaths_of_wounds(
    extract: Callable[..., list[Event]], text: str, killed: int | None, injured: int | None
) -> None:
    events = extract(text)
    assert (_best(events, "killed"), _best(events, "injured")) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # People shot besides the dead told before them are all injured.
        ("One man was killed and two others were shot in Dallas on Sunday.", 1, 2),
        ("A boy was killed and six other people were shot in Dallas on Sunday.", 1, 6),
        # One other person may be the dead of a pair.
        ("A teenager died Monday in Dallas. A boy accidentally shot another teenage boy.", 1, None),
        # A list in apposition to a figure spells out the people it counts.
        ("Police said two people - a man and a boy - were shot in Dallas on Sunday.", None, 2),
    ],
)
def test_people_besides_and_spelled_out(
    extract: Callable[..., list[Event]], text: str, killed: int | None, injured: int | None
) -> None:
    events = extract(text)
    assert (_best(events, "killed"), _best(events, "injured")) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # A word qualifying the act counts its victims.
        ("Police are investigating a double shooting in Dallas on Sunday.", None, 2),
        ("Police are investigating a triple homicide in Dallas on Sunday.", 3, None),
        # People named win over it.
        ("A man and a woman were shot in a double shooting in Dallas on Sunday.", None, 2),
    ],
)
def test_multiples(
    extract: Callable[..., list[Event]], text: str, killed: int | None, injured: int | None
) -> None:
    events = extract(text)
    assert (_best(events, "killed"), _best(events, "injured")) == (killed, injured)


def test_a_word_after_its_noun_counts_that_noun_only() -> None:
    # "found X dead and another man wounded": one dead and one hurt, not two of each.
    from newsevents.extract.counts import mention_counts
    from newsevents.extract.mentions import build_mentions
    from newsevents.nlp.pipeline import parse

    text = (
        "When they arrived on the scene they found 17-year-old Jahleel A. Munnings, from "
        "Quincy, dead and another man, 20-year-old Luis E. Nava Trujillo of Ephrata, wounded."
    )
    found = {
        category: count.best
        for sent in parse(text).sents
        for m in build_mentions(sent)
        for category, count in mention_counts(m, text, with_counted=True).items()
    }
    assert found == {CountCategory.killed: 1, CountCategory.injured: 1}
