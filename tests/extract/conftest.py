"""Helpers for extraction tests on short hand-written texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from newsevents.model import Event

PUBLISHED = dt.date(2021, 3, 8)  # a Monday


@pytest.fixture(scope="session")
def extract() -> Callable[..., list[Event]]:
    """``extract(text, published=PUBLISHED, outlet=None)`` through the public API."""
    from newsevents.api import extract as run

    def _run(
        text: str, published: dt.date | None = PUBLISHED, outlet: str | None = None
    ) -> list[Event]:
        return run(text, published=published, outlet=outlet)

    return _run
