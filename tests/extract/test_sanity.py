"""Records pass the checks an analyst applies at a glance (no gold needed): no date after
publication or before 1900 that the text does not give, no toll that is a year, no
participant that is a weapon, a shot, a street or a body part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from newsevents.evaluate.scorers.sanity import violations
from newsevents.extract.non_participants import head_word, is_non_participant
from newsevents.model import Event, Role, RoleType, TimeRef

PUBLISHED = dt.date(2021, 3, 8)
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

#: Texts written to provoke each failure: a street number read as a year, a term of
#: detention read as a date, years read as tolls, things fired, weapons found, streets and
#: body parts read as participants.
PROVOKING = [
    "A man was shot dead outside 2412 East 13th Street in Tulsa on Sunday.",
    "The activist was detained on Friday in Minsk and will be held until 2027.",
    "In 2001, gunmen killed a villager in Kunduz. In 2005 they attacked the market again.",
    "A second man was charged on Friday in the 2015 slaying of a boy in Chicago.",
    "A gunman fired shots at a group of friends on Sunday in Dallas, wounding two.",
    "Police recovered a handgun after a man was shot in his head on Sunday in Dallas.",
    "A gunman opened fire on West 38th Street on Sunday, killing a man in Chicago.",
    "The boy's chest was hit by a bullet on Saturday in Baltimore; he survived.",
    "Police said the gunman fired 15 rounds at the house on Friday in Memphis.",
]


@pytest.mark.parametrize("text", PROVOKING)
def test_provoking_texts_give_clean_records(extract: Callable[..., list[Event]], text: str) -> None:
    events = extract(text, published=PUBLISHED)
    assert events, text
    assert violations(events, text, PUBLISHED) == []


def test_each_check_finds_its_error(extract: Callable[..., list[Event]]) -> None:
    text = "Gunmen killed 2001 people in 2001 in Kunduz on Sunday."
    event = extract(text, published=PUBLISHED)[0]
    late = TimeRef(
        start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 1), precision="day", basis="expression"
    )
    old = late.model_copy(update={"start": dt.date(1412, 11, 13), "end": dt.date(1412, 11, 13)})
    shots = Role(role=RoleType.victim, text="shots", name="shots")
    assert event.killed is not None
    bad = [
        event.model_copy(update={"time": late}),
        event.model_copy(update={"time": old}),
        event.model_copy(update={"killed": event.killed.model_copy(update={"best": 2001})}),
        event.model_copy(update={"roles": [*event.roles, shots]}),
    ]
    found = {v.check for e in bad for v in violations([e], text, PUBLISHED)}
    assert found == {"after_publication", "before_1900", "count_is_year", "non_actor"}


@pytest.mark.parametrize(
    ("text", "head", "non"),
    [
        ("shots", "shots", True),
        ("a loaded Glock handgun", "handgun", True),
        ("the 3100 block of North 25th Street", "block", True),
        ("his head", "head", True),
        ("the boy's chest", "chest", True),
        ("Donald Williams, 17, of the 3000 block of West Dickens Street", "williams", False),
        ("members of Hamas", "members", False),
        ("the police head", "head", False),
    ],
)
def test_non_participants(text: str, head: str, non: bool) -> None:
    assert head_word(text) == head
    assert is_non_participant(text) is non


@pytest.mark.slow
def test_no_violations_on_shared_gva_articles() -> None:
    if not (SHARED_DATA / "gva-records" / "incidents.jsonl").is_file():
        pytest.skip(f"{SHARED_DATA} is absent: the gold data lives outside the repository")
    from newsevents.evaluate import EvalOptions, get_runner

    report = get_runner("gva-records")(EvalOptions(data=SHARED_DATA, limit=60))
    counts = {k: v for k, v in report.scores.items() if k.startswith("violations_")}
    assert counts and all(v == 0 for v in counts.values()), report.details["violations"]
