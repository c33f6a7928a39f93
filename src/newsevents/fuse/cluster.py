"""Online fusion: each event in turn joins the best candidate incident or opens a new one.

:func:`fuse_events` takes event profiles one by one (an ingest stream); :func:`fuse_articles`
takes whole articles and uses the prior that an article reports one incident: its main
profile decides the article's incident, and its other events join that incident when
blocking allows it (``decision.same_article_joins``), else are fused on their own (an
earlier shooting recalled in the background is another incident).

:func:`profile_articles` first counts the sentences of a whole batch (so that site
boilerplate is known, :mod:`newsevents.fuse.boilerplate`), then profiles each article; the
fusing functions first count every profile's terms (so that IDF reflects the whole batch
and the result depends less on the order of arrival), then fuse in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsevents.fuse.article import ArticleProfiles, article_profiles
from newsevents.fuse.block import block_reason
from newsevents.fuse.config import FusionConfig, load_config
from newsevents.fuse.decide import decide
from newsevents.fuse.index import IncidentIndex
from newsevents.fuse.profile import EventProfile, IncidentProfile
from newsevents.fuse.reconcile import merge, new_incident
from newsevents.model import Article, Event


@dataclass(frozen=True)
class Assignment:
    """Which incident one event (or article fallback) went to, and why."""

    event_id: str
    article_id: str
    incident_id: str
    created: bool
    probability: float | None
    reasons: tuple[str, ...]
    main: bool


def fuse_event(
    profile: EventProfile, index: IncidentIndex, config: FusionConfig | None = None
) -> Assignment:
    """Fuse one profile into ``index``: join the best candidate or open an incident."""
    config = config or load_config()
    index.stats.terms.observe(profile.source.article_id, profile.terms)
    candidates = index.candidates(profile)
    verdict = decide(profile, candidates, index.stats.terms, config.decision)
    chosen = next((c for c in candidates if c.incident_id == verdict.incident_id), None)
    if chosen is None:
        incident = index.add(new_incident(profile))
        return _assignment(profile, incident, True, verdict.probability, verdict.reasons)
    merged = merge(chosen, profile)
    index.update(merged)
    return _assignment(profile, merged, False, verdict.probability, verdict.reasons)


def _assignment(
    profile: EventProfile,
    incident: IncidentProfile,
    created: bool,
    probability: float | None,
    reasons: tuple[str, ...],
) -> Assignment:
    return Assignment(
        event_id=profile.source.event_id,
        article_id=profile.source.article_id,
        incident_id=incident.incident_id,
        created=created,
        probability=probability,
        reasons=reasons,
        main=profile.is_main,
    )


def fuse_events(
    profiles: Iterable[EventProfile], index: IncidentIndex, config: FusionConfig | None = None
) -> list[Assignment]:
    """Fuse profiles in the order given (online clustering); one assignment per profile."""
    config = config or load_config()
    batch = list(profiles)
    for profile in batch:
        index.stats.terms.observe(profile.source.article_id, profile.terms)
    return [fuse_event(p, index, config) for p in batch]


def _join_same_article(
    profile: EventProfile, incident: IncidentProfile, index: IncidentIndex
) -> Assignment:
    # The article's words are already in the incident's terms through its main profile:
    # the event's sentences would count them twice.
    merged = merge(incident, profile.model_copy(update={"terms": {}, "title_terms": {}}))
    index.update(merged)
    return _assignment(profile, merged, False, None, ("same article as its main event",))


def fuse_article(
    article: ArticleProfiles, index: IncidentIndex, config: FusionConfig | None = None
) -> list[Assignment]:
    """Fuse one article: its main profile first, then its other events."""
    config = config or load_config()
    main = fuse_event(article.main, index, config)
    out = [main]
    for other in article.others:
        incident = index.get(main.incident_id)
        if (
            config.decision.same_article_joins
            and incident is not None
            and block_reason(other, incident, config.blocking) is None
        ):
            out.append(_join_same_article(other, incident, index))
        else:
            out.append(fuse_event(other, index, config))
    return out


def profile_articles(
    items: Iterable[tuple[Article, Sequence[Event]]],
    index: IncidentIndex,
    config: FusionConfig | None = None,
) -> list[ArticleProfiles]:
    """Profiles of a batch of articles (with their events), boilerplate counted first."""
    config = config or load_config()
    batch = list(items)
    segments = index.stats.segments
    for article, _ in batch:
        segments.observe(article.id, article.published, article.title or "", article.text)
    return [article_profiles(a, events, config, segments) for a, events in batch]


def fuse_article_events(
    article: Article,
    events: Sequence[Event],
    index: IncidentIndex,
    config: FusionConfig | None = None,
) -> list[Assignment]:
    """Fuse one newly stored article with its events (none is fine): the one call an ingest
    hook makes per article. The first assignment is the article's main one."""
    config = config or load_config()
    profiles = profile_articles([(article, events)], index, config)[0]
    index.stats.terms.observe(article.id, profiles.main.terms)
    return fuse_article(profiles, index, config)


def fuse_articles(
    articles: Iterable[ArticleProfiles], index: IncidentIndex, config: FusionConfig | None = None
) -> list[Assignment]:
    """Fuse articles in the order given; every event of every article gets an assignment."""
    config = config or load_config()
    batch: Sequence[ArticleProfiles] = list(articles)
    for article in batch:
        index.stats.terms.observe(article.main.source.article_id, article.main.terms)
    return [a for article in batch for a in fuse_article(article, index, config)]


__all__ = [
    "Assignment",
    "fuse_article",
    "fuse_article_events",
    "fuse_articles",
    "fuse_event",
    "fuse_events",
    "profile_articles",
]
