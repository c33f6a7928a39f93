"""Profiles of hand-built events and articles; the main event of an article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from newsevents.fuse.article import article_profiles, main_event
from newsevents.fuse.config import FusionConfig
from newsevents.fuse.profile import ANY_TYPE, fallback_profile, outlet_of, profile_event
from newsevents.model import Article, Event, Modality

TEXT = (
    "Police in Kokomo are investigating a shooting at a bar on Clinton Drive. "
    "Emmanuel Arrington, 33, was wounded. Officers later arrested a man."
)


def test_profile_of_an_event(
    config: FusionConfig,
    article: Callable[..., Article],
    event: Callable[..., Event],
    places: dict[str, dict[str, Any]],
) -> None:
    art = article(TEXT, title="Four shot at Kokomo bar")
    ev = event(
        art,
        "shooting",
        place=places["kokomo"],
        day=dt.date(2014, 6, 15),
        injured=4,
        victims=("Emmanuel Arrington",),
    )
    p = profile_event(ev, art, config.text)
    assert p.source.article_id == art.id and p.source.outlet == "example.com"
    assert p.place is not None and p.place.name == "Kokomo"
    assert p.date is not None and p.date.written and p.date.days == 1
    assert p.persons == ["emmanuel arrington"]
    assert p.counts["injured"].best == 4
    assert {"arrington", "clinton drive", "#33"} <= set(p.terms)
    assert "kokomo" in p.title_terms


def test_an_undated_event_is_dated_by_publication(
    config: FusionConfig, article: Callable[..., Article], event: Callable[..., Event]
) -> None:
    art = article(TEXT, published=dt.date(2014, 6, 16))
    p = profile_event(event(art, "shooting"), art, config.text)
    assert p.date is not None and not p.date.written
    assert p.date.end == dt.date(2014, 6, 16)


def test_the_main_event_is_the_most_severe_asserted_one(
    config: FusionConfig, article: Callable[..., Article], event: Callable[..., Event]
) -> None:
    art = article(TEXT)
    arrest = event(art, "arrested", event_type="COERCE", mode="arrest")
    shooting = event(art, "shooting")
    wounded = event(art, "wounded", mode=None)
    assert main_event([arrest, wounded, shooting], config) is shooting
    threatened = shooting.model_copy(update={"modality": Modality.threatened})
    assert main_event([threatened, arrest], config) is arrest
    assert main_event([], config) is None


def test_the_main_profile_pools_its_companions(
    config: FusionConfig,
    article: Callable[..., Article],
    event: Callable[..., Event],
    places: dict[str, dict[str, Any]],
) -> None:
    art = article(TEXT)
    shooting = event(art, "shooting")
    wounded = event(
        art,
        "wounded",
        mode=None,
        place=places["kokomo"],
        injured=4,
        victims=("Emmanuel Arrington",),
    )
    profiles = article_profiles(art, [wounded, shooting], config)
    main = profiles.main
    assert main.source.event_id == shooting.id and main.is_main
    assert main.place is not None and main.place.name == "Kokomo"
    assert main.counts["injured"].best == 4
    assert main.persons == ["emmanuel arrington"]
    assert [o.source.event_id for o in profiles.others] == [wounded.id]
    assert "clinton drive" in main.terms  # the whole article's words


def test_an_article_without_events_gets_a_fallback(
    config: FusionConfig, article: Callable[..., Article]
) -> None:
    art = article(TEXT, title="Shooting in Kokomo")
    profiles = article_profiles(art, [], config)
    assert profiles.main.is_fallback and profiles.main.event_type == ANY_TYPE
    assert profiles.main.source.event_id == f"article:{art.id}"
    assert "arrington" in profiles.main.terms
    assert fallback_profile(art, config.text).date is not None


def test_outlet_from_an_archived_url() -> None:
    art = Article(
        id="x",
        text="t",
        url="http://web.archive.org/web/20160530191334/http://www.fox59.com/2014/06/15/x/",
    )
    assert outlet_of(art) == "fox59.com"
