"""Words of violence that tell of none: deaths from illness, "held talks", "cardiac arrest"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsevents.model import Event

pytestmark = pytest.mark.slow


def _kinds(events: list[Event]) -> set[tuple[str, str | None]]:
    return {(e.event_type, e.mode) for e in events}


@pytest.mark.parametrize(
    "text",
    [
        "The activist Ana Cruz died from COVID-19 last week, her family said.",
        "Most of the deaths were from cardiac arrest, the ministry said.",
        "The government and the rebels held talks on Sunday in Doha.",
    ],
)
def test_no_violent_event(extract: Callable[..., list[Event]], text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A death in custody stays, whatever cause the authorities give.
        (
            "Abdullah al-Hamid died from a stroke in custody while serving a prison sentence.",
            ("ASSAULT", None),
        ),
        ("Police held the journalist Ana Cruz for three days in Manila.", ("COERCE", "arrest")),
        ("Police held the protesters for three days in Manila.", ("COERCE", "arrest")),
    ],
)
def test_violent_event_kept(
    extract: Callable[..., list[Event]], text: str, kind: tuple[str, str | None]
) -> None:
    assert kind in _kinds(extract(text))
