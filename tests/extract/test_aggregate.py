"""Sums over many incidents and generic statements: never a dated single incident."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.extract.mentions import Mention
from newsevents.model import Event

pytestmark = pytest.mark.slow
Extract = Callable[..., list[Event]]


def mention_of(text: str, trigger: str) -> Mention:
    """The mention whose trigger head is the word ``trigger`` of ``text``."""
    from newsevents.extract.mentions import build_mentions
    from newsevents.nlp.pipeline import parse

    found = [m for s in parse(text).sents for m in build_mentions(s) if m.head.text == trigger]
    assert found, trigger
    return found[0]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("2,000 people have been detained since September.", "detained"),
        ("Hundreds of civilians are kidnapped every year.", "kidnapped"),
        ("Between 500 and 700 children are abducted every year.", "abducted"),
        ("Security forces have killed 300 protesters so far this year.", "killed"),
        ("Police arrested 40 activists in the past two months.", "arrested"),
        ("A wave of arrests swept the capital.", "arrests"),
        ("Twelve people were killed in attacks across the region.", "killed"),
        (
            "At least eight children have been wounded or killed this year in accidental "
            "shootings in Philadelphia.",
            "killed",
        ),
        ("5 Dead, 17 Wounded In Weekend Shootings\n\nA man was shot.", "dead"),
    ],
)
def test_counts_over_a_period_or_many_acts_are_aggregates(text: str, trigger: str) -> None:
    m = mention_of(text, trigger)
    assert m.aggregate and not m.habitual


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Police arrested 20 people in Lahore on Monday.", "arrested"),
        ("Gunmen killed five villagers last week.", "killed"),
        # Two named victims over two months are one accusation, not a sum.
        (
            "In the past two months, the regime has been accused of torturing activists "
            "Alaa Abdel Fattah and Esraa Abdel Fattah.",
            "torturing",
        ),
        # Acts in another clause total the others' dead, not these.
        (
            "Of these, 97 died in police firing, while the remaining were killed during "
            "other incidents of mob violence.",
            "died",
        ),
        # One fight is told as "clashes" as often as many.
        ("Three people were killed in clashes with police on Friday.", "killed"),
        ("Two men were wounded in a shooting on Sunday.", "wounded"),
        # The shots of one attack are no repeated acts.
        ("The two were shot multiple times Friday morning.", "shot"),
    ],
)
def test_single_incidents_are_not_aggregates(text: str, trigger: str) -> None:
    m = mention_of(text, trigger)
    assert not m.aggregate and not m.habitual


def test_acts_done_many_times_are_habitual() -> None:
    assert mention_of("He has been arrested several times by the police.", "arrested").habitual


def test_generic_statements_without_a_count_are_no_incident() -> None:
    m = mention_of("Journalists are often arrested in the region.", "arrested")
    assert m.habitual and not m.aggregate


def test_an_aggregate_record_keeps_its_total_and_has_no_date(extract: Extract) -> None:
    events = extract("2,000 people have been detained since September.")
    assert len(events) == 1
    total = events[0]
    assert total.aggregate and total.time is None
    assert total.arrested is not None and total.arrested.best == 2000


def test_a_generic_statement_is_never_a_dated_single_incident(extract: Extract) -> None:
    for event in extract("Hundreds of civilians are kidnapped every year."):
        assert event.aggregate and event.time is None, event


def test_an_aggregate_is_never_merged_with_a_single_incident(extract: Extract) -> None:
    text = (
        "Police arrested 20 protesters in Minsk on Monday. "
        "More than 2,000 people have been arrested since August."
    )
    arrests = [e for e in extract(text) if e.event_type == "COERCE"]
    single = [e for e in arrests if not e.aggregate]
    total = [e for e in arrests if e.aggregate]
    assert len(single) == 1 and len(total) == 1, [(e.aggregate, e.triggers) for e in arrests]
    assert single[0].arrested is not None and single[0].arrested.best == 20
    assert single[0].time is not None and single[0].time.precision.value == "day"
    assert total[0].arrested is not None and (total[0].arrested.best or 0) >= 2000
    assert total[0].time is None
