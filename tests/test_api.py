"""The public Python API and the offline promise."""

from __future__ import annotations

import datetime as dt
import importlib
import socket

import pytest

import newsevents

STORY = "Gunmen kidnapped two engineers near Port Harcourt on Sunday, police said."


def test_api_all_is_explicit() -> None:
    assert set(newsevents.__all__) == {
        "Article",
        "Event",
        "NewsEventsError",
        "__version__",
        "extract",
        "extract_result",
    }
    for name in newsevents.__all__:
        assert getattr(newsevents, name) is not None


@pytest.mark.slow
def test_api_extract_returns_events_and_stays_callable() -> None:
    events = newsevents.extract(STORY, published=dt.date(2021, 3, 9), outlet="Delta Post")
    assert [e.event_type for e in events] == ["ASSAULT"]
    # Importing the extraction stage binds `newsevents.extract` to the package; it must still
    # be the function users call.
    importlib.import_module("newsevents.extract.article")

    again = newsevents.extract(STORY, published="2021-03-09")
    assert again[0].kidnapped is not None and again[0].kidnapped.best == 2
    assert again[0].time is not None and again[0].time.start == dt.date(2021, 3, 7)


@pytest.mark.slow
def test_api_extract_result_gives_the_reason() -> None:
    res = newsevents.extract_result("The orchestra played Mozart to a full hall on Friday night.")
    assert res.events == [] and res.reason == "no conflict event found"


def test_api_extract_rejects_empty_text() -> None:
    with pytest.raises(newsevents.NewsEventsError):
        newsevents.extract("   ")


@pytest.mark.slow
def test_api_runs_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("newsevents tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    events = newsevents.extract(STORY, published="2021-03-09")
    assert events
