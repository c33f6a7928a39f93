"""Online fusion of hand-built articles: reports of one shooting become one incident with
all its sources; another shooting in the same city and week stays apart; every article is
placed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from newsevents.fuse import (
    IncidentIndex,
    InMemoryIndex,
    fuse_article_events,
    fuse_articles,
    fuse_events,
    profile_articles,
    profile_event,
)
from newsevents.fuse.config import FusionConfig
from newsevents.model import Article, Event

DAY = dt.date(2014, 6, 15)

BAR = (
    "Four people were shot outside the Ultimate Place 2 B bar on Clinton Drive around "
    "3:15 a.m. Sunday. Police identified them as Emmanuel Arrington, 33, Sieyumbe Arrington, "
    "37, Cristobal Guerrero, 31, and Anthony Heard, 39. Guerrero is in critical condition."
)
BAR_AGAIN = (
    "Kokomo police are investigating a shooting at the Ultimate Place 2 B on Clinton Drive "
    "that sent four people to the hospital. Emmanuel Arrington and Cristobal Guerrero were "
    "flown to Fort Wayne; Anthony Heard was treated and released."
)
OTHER = (
    "A 17-year-old boy was shot in the leg on Markland Avenue near Washington Street on "
    "Saturday evening. Police said Tyrese Coleman was taken to St. Vincent hospital and is "
    "expected to survive. Witnesses told officers they heard six shots."
)


def _articles(
    article: Callable[..., Article], event: Callable[..., Event], places: dict[str, Any]
) -> list[tuple[Article, list[Event]]]:
    a1 = article(BAR, id="a1", title="Four shot outside Kokomo nightclub", published=DAY)
    a2 = article(
        BAR_AGAIN,
        id="a2",
        title="Kokomo bar shooting sends 4 to hospital",
        published=DAY + dt.timedelta(days=1),
    )
    a3 = article(
        OTHER,
        id="a3",
        title="Teen wounded in Kokomo shooting",
        published=DAY + dt.timedelta(days=1),
    )
    k = places["kokomo"]
    return [
        (a1, [event(a1, "shot", place=k, day=DAY, injured=4, victims=("Emmanuel Arrington",))]),
        (
            a2,
            [
                event(a2, "shooting", place=k, injured=4, victims=("Cristobal Guerrero",)),
                event(a2, "treated", mode=None),
            ],
        ),
        (a3, [event(a3, "shot", place=k, day=DAY - dt.timedelta(days=1), injured=1)]),
    ]


def test_reports_of_one_shooting_fuse_and_another_stays_apart(
    config: FusionConfig,
    article: Callable[..., Article],
    event: Callable[..., Event],
    places: dict[str, Any],
) -> None:
    index = InMemoryIndex(config)
    profiles = profile_articles(_articles(article, event, places), index, config)
    assignments = fuse_articles(profiles, index, config)
    main = {a.article_id: a for a in assignments if a.main}
    assert main["a1"].created and main["a1"].incident_id == main["a2"].incident_id
    assert main["a3"].incident_id != main["a1"].incident_id
    assert not main["a2"].created and main["a2"].reasons
    # The article's second event joins its main event's incident.
    second = next(a for a in assignments if a.event_id == "a2:treated")
    assert second.incident_id == main["a2"].incident_id
    assert second.reasons == ("same article as its main event",)
    incident = index.get(main["a1"].incident_id)
    assert incident is not None and incident.n_sources == 2
    assert incident.counts["injured"].best == 4
    assert {"emmanuel arrington", "cristobal guerrero"} <= set(incident.persons)
    assert len(index) == 2


def test_every_article_is_placed_even_without_events(
    config: FusionConfig, article: Callable[..., Article]
) -> None:
    index = InMemoryIndex(config)
    empty = article("Subscribe to our newsletter.", id="x1", title="Weather today")
    out = fuse_article_events(empty, [], index, config)
    assert len(out) == 1 and out[0].main and out[0].created
    assert out[0].event_id == "article:x1"


def test_event_level_fusion_in_order(
    config: FusionConfig,
    article: Callable[..., Article],
    event: Callable[..., Event],
    places: dict[str, Any],
) -> None:
    index = InMemoryIndex(config)
    items = _articles(article, event, places)
    profiles = [
        profile_event(e, a, config.text, text=a.text) for a, events in items for e in events[:1]
    ]
    assignments = fuse_events(profiles, index, config)
    assert [a.created for a in assignments] == [True, False, True]


def test_the_in_memory_index_is_an_incident_index(config: FusionConfig) -> None:
    index: IncidentIndex = InMemoryIndex(config)
    assert index.get("nothing") is None
