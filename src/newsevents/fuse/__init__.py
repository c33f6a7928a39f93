"""Fusing events from different articles into incidents, with all their sources.

The stages, one module each:

* :mod:`~newsevents.fuse.profile`: compact, serialisable event and incident profiles;
* :mod:`~newsevents.fuse.terms`: salient terms and their TF-IDF cosine;
* :mod:`~newsevents.fuse.boilerplate`: site boilerplate, left out of the terms;
* :mod:`~newsevents.fuse.article`: an article's main event, profiled with the whole article;
* :mod:`~newsevents.fuse.block`: which incidents an event may be compared with (date window,
  place distance, event type);
* :mod:`~newsevents.fuse.decide`: pair features, a logistic score and the decision, with
  its reasons;
* :mod:`~newsevents.fuse.reconcile`: merging an event into an incident (sources, counts as
  low / best / high, conflicting perpetrators and claims side by side, best date and place);
* :mod:`~newsevents.fuse.index`: the ``IncidentIndex`` protocol a store implements, and an
  in-memory index;
* :mod:`~newsevents.fuse.cluster`: online fusion of events or whole articles.

Settings (blocking windows, weights, threshold) are data: ``data/fusion.yaml``.

Typical use, storage aside::

    config = load_config()
    index = InMemoryIndex(config)
    profiles = profile_articles(((r.article, r.events) for r in results), index, config)
    assignments = fuse_articles(profiles, index, config)
"""

from __future__ import annotations

from newsevents.fuse.article import ArticleProfiles, article_profiles, main_event
from newsevents.fuse.cluster import (
    Assignment,
    fuse_article,
    fuse_article_events,
    fuse_articles,
    fuse_event,
    fuse_events,
    profile_articles,
)
from newsevents.fuse.config import FusionConfig, load_config
from newsevents.fuse.index import IncidentIndex, InMemoryIndex
from newsevents.fuse.profile import EventProfile, IncidentProfile, fallback_profile, profile_event
from newsevents.fuse.terms import CorpusStats, TermStats

__all__ = [
    "ArticleProfiles",
    "Assignment",
    "CorpusStats",
    "EventProfile",
    "FusionConfig",
    "InMemoryIndex",
    "IncidentIndex",
    "IncidentProfile",
    "TermStats",
    "article_profiles",
    "fallback_profile",
    "fuse_article",
    "fuse_article_events",
    "fuse_articles",
    "fuse_event",
    "fuse_events",
    "load_config",
    "main_event",
    "profile_articles",
    "profile_event",
]
