"""Builders of small hand-written articles, events and profiles for the fusion tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from newsevents.fuse.config import FusionConfig, load_config
from newsevents.model import (
    ActorKind,
    Article,
    Count,
    CountCategory,
    DateBasis,
    Event,
    PlaceMention,
    Precision,
    Role,
    RoleType,
    Span,
    TimeRef,
)

SUNDAY = dt.date(2014, 6, 15)

KOKOMO = {"name": "Kokomo", "lat": 40.4864, "lon": -86.1336, "admin1": "Indiana"}
MARION = {"name": "Marion", "lat": 40.5584, "lon": -85.6591, "admin1": "Indiana"}
CHICAGO = {"name": "Chicago", "lat": 41.8500, "lon": -87.6500, "admin1": "Illinois"}


@pytest.fixture(scope="session")
def config() -> FusionConfig:
    """The shipped fusion settings."""
    return load_config()


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start=start, end=start + len(phrase), text=phrase)


def make_article(
    text: str,
    *,
    id: str = "a1",
    title: str | None = None,
    published: dt.date | None = SUNDAY,
    outlet: str | None = "example.com",
) -> Article:
    """An article whose text is its title, a blank line and ``text``."""
    full = f"{title}\n\n{text}" if title else text
    return Article(id=id, title=title, text=full, published=published, outlet=outlet)


def make_event(
    article: Article,
    trigger: str,
    *,
    id: str | None = None,
    event_type: str = "ASSAULT",
    mode: str | None = "firearms",
    place: dict[str, Any] | None = None,
    day: dt.date | None = None,
    killed: int | None = None,
    injured: int | None = None,
    victims: tuple[str, ...] = (),
    perpetrators: tuple[str, ...] = (),
) -> Event:
    """An event of ``article`` triggered by the word ``trigger`` (which must be in it)."""
    text = article.text
    places = []
    if place is not None:
        places.append(
            PlaceMention(
                text=place["name"],
                is_event_location=True,
                name=place["name"],
                latitude=place["lat"],
                longitude=place["lon"],
                country_iso3="USA",
                admin1=place["admin1"],
                precision="exact place",
                confidence=0.7,
            )
        )
    roles = [
        Role(role=RoleType.victim, text=n, name=n, actor_id="unk_" + n, kind=ActorKind.person)
        for n in victims
    ] + [
        Role(role=RoleType.perpetrator, text=n, name=n, actor_id="unk_" + n, kind=ActorKind.person)
        for n in perpetrators
    ]
    time = None
    if day is not None:
        time = TimeRef(
            text="Sunday", start=day, end=day, precision=Precision.day, basis=DateBasis.expression
        )
    counts: dict[str, Count] = {}
    for category, value in ((CountCategory.killed, killed), (CountCategory.injured, injured)):
        if value is not None:
            counts[category.value] = Count(
                category=category, low=value, best=value, high=value, text=str(value)
            )
    return Event(
        id=id or f"{article.id}:{trigger}",
        article_id=article.id,
        event_type=event_type,
        mode=mode,
        triggers=[_span(text, trigger)],
        sentences=[Span(start=0, end=len(text), text=text)],
        roles=roles,
        places=places,
        time=time,
        **counts,
    )


@pytest.fixture(scope="session")
def article() -> Callable[..., Article]:
    """``article(text, id=..., title=..., published=..., outlet=...)``."""
    return make_article


@pytest.fixture(scope="session")
def event() -> Callable[..., Event]:
    """``event(article, trigger, event_type=..., place=KOKOMO, day=..., killed=...)``."""
    return make_event


@pytest.fixture(scope="session")
def places() -> dict[str, dict[str, Any]]:
    """Geocoded places: Kokomo and Marion (Indiana, 40 km apart), Chicago."""
    return {"kokomo": KOKOMO, "marion": MARION, "chicago": CHICAGO}
