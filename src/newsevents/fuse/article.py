"""An article's profiles: its main event, profiled with what the whole article says, and
its other events.

An article usually reports one incident, and extraction often splits that incident into
several events (a shooting, a death, "the victims"), each with part of the particulars. So
the *main event* is profiled with the whole article's words and with what its companions
(events of a compatible type whose dates allow the same incident) add: the place and a
written date when it has none, every named person, the largest figure of each count, every
actor. It decides the article's incident. An article with no event gets a fallback
profile (:func:`~newsevents.fuse.profile.fallback_profile`), so every article is placed.

The main event is, in order: one incident rather than a sum over many; one the article
asserts (or attributes: claimed, alleged, suspected) rather than threatens or denies; of the
highest ``main_event.type_priority`` (the more severe incident leads a report); first
mentioned within ``lead_chars`` (the headline and first paragraph); mentioned first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsevents.fuse.block import dates_compatible, types_compatible
from newsevents.fuse.boilerplate import SegmentStats
from newsevents.fuse.config import FusionConfig
from newsevents.fuse.profile import (
    MAX_OTHER_PLACES,
    CountRange,
    EventProfile,
    IncidentProfile,
    fallback_profile,
    profile_event,
)
from newsevents.model import Article, Event, Modality

_FACTUAL = frozenset({Modality.asserted, Modality.claimed, Modality.alleged, Modality.suspected})


@dataclass(frozen=True)
class ArticleProfiles:
    """The profiles of one article: the main one (decides its incident) and the others."""

    article: Article
    main: EventProfile
    others: tuple[EventProfile, ...]


def _first(event: Event) -> int:
    return min((t.start for t in event.triggers), default=0)


def main_event(events: Sequence[Event], config: FusionConfig) -> Event | None:
    """The event an article is mainly about (see the module docstring)."""
    if not events:
        return None
    settings = config.main_event

    def key(event: Event) -> tuple[bool, bool, float, bool, int]:
        return (
            event.aggregate,
            event.modality not in _FACTUAL,
            -settings.type_priority.get(event.event_type, 0.0),
            _first(event) >= settings.lead_chars,
            _first(event),
        )

    return min(events, key=key)


def _companion(main: EventProfile, other: EventProfile, config: FusionConfig) -> bool:
    """Whether another event of the same article may be part of the main one's incident."""
    blocking = config.blocking
    if not types_compatible(main.event_type, other.event_type, blocking):
        return False
    probe = IncidentProfile(incident_id="", event_type=main.event_type, date=main.date)
    return dates_compatible(other, probe, blocking)


def _pooled(main: EventProfile, companions: Sequence[EventProfile]) -> EventProfile:
    points = [p for x in (main, *companions) for p in (x.place, *x.other_places) if p]
    place = points[0] if points else None
    others = list(
        {p.name: p for p in points[1:] if p.name != (place.name if place else "")}.values()
    )
    date = main.date
    if date is None or not date.written:
        date = next((c.date for c in companions if c.date and c.date.written), date)
    counts = dict(main.counts)
    for c in companions:
        for category, count in c.counts.items():
            now = counts.get(category)
            if now is None or (count.value() or 0) > (now.value() or 0):
                counts[category] = CountRange.model_validate(count.model_dump())
    actors = {role: set(ids) for role, ids in main.actors.items()}
    for c in companions:
        for role, ids in c.actors.items():
            actors.setdefault(role, set()).update(ids)
    return main.model_copy(
        update={
            "place": place,
            "other_places": others[:MAX_OTHER_PLACES],
            "date": date,
            "counts": counts,
            "actors": {r: sorted(ids) for r, ids in sorted(actors.items())},
            "persons": sorted({p for x in (main, *companions) for p in x.persons}),
            "place_names": sorted({p for x in (main, *companions) for p in x.place_names}),
            "perpetrators": sorted({p for x in (main, *companions) for p in x.perpetrators}),
            "claims": sorted({c for x in (main, *companions) for c in x.claims}),
            "is_main": True,
        }
    )


def article_profiles(
    article: Article,
    events: Sequence[Event],
    config: FusionConfig,
    boilerplate: SegmentStats | None = None,
) -> ArticleProfiles:
    """The main profile (pooled over its companions) and the other events' profiles.

    ``boilerplate`` (the sentences seen so far, see :mod:`newsevents.fuse.boilerplate`)
    keeps site boilerplate out of the terms; observe the article into it first.
    """
    settings = config.text
    main = main_event(events, config)
    if main is None:
        return ArticleProfiles(article, fallback_profile(article, settings, boilerplate), ())
    ordered = sorted((e for e in events if e is not main), key=_first)
    others = tuple(profile_event(e, article, settings, boilerplate=boilerplate) for e in ordered)
    profile = profile_event(main, article, settings, text=article.text, boilerplate=boilerplate)
    # A sum over many incidents ("2,000 detained since September") lends no count or place
    # to the one incident the article is about.
    companions = [
        o
        for o, event in zip(others, ordered, strict=True)
        if not event.aggregate and _companion(profile, o, config)
    ]
    return ArticleProfiles(article, _pooled(profile, companions), others)


__all__ = ["ArticleProfiles", "article_profiles", "main_event"]
