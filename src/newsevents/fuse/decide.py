"""Deciding whether an event belongs to an incident: pair features, a score, the reasons.

Features of an (event profile, incident profile) pair, each 0 when unknown:

* ``text``, ``title``: TF-IDF cosine of the salient terms of the texts and of the headlines;
* ``names_shared``: people named in both (by surname, each weighted by its rarity, at
  most 2);
* ``place_same`` (within 2 km), ``place_near`` (within 25 km), both weighted by the rarity
  of the place's name, ``place_far`` (farther), ``admin1_differs``: the geocoded places;
* ``date_overlap`` (written dates that overlap), ``date_conflict`` (day-precise written
  dates two or more days apart), ``publication_gap`` (``log1p`` of the days between
  publications);
* ``killed_agree`` / ``killed_conflict``, ``injured_agree`` / ``injured_conflict``: the
  counts both sides report are equal / differ;
* ``mode_same``: the PLOVER modes are known and equal;
* ``actors_shared``: a knowledge-base actor in both.

The score is a logistic function of the weighted features (``decision.weights`` in
``fusion.yaml``, ``bias`` included): the probability that the pair is one incident; it is
0 when the text similarity is below ``decision.min_text``. An event joins the
best-scoring candidate when that probability reaches ``decision.threshold``; each decision
records the features that moved the score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from newsevents.fuse.block import gap_days, haversine_km, publication_gap
from newsevents.fuse.config import Decision
from newsevents.fuse.profile import CountSummary, EventProfile, IncidentProfile, PlacePoint
from newsevents.fuse.terms import TermStats, cosine, term_of
from newsevents.model import Precision

SAME_PLACE_KM = 2.0
NEAR_PLACE_KM = 25.0
MAX_SHARED_NAMES = 2


@dataclass(frozen=True)
class PairScore:
    """The score of one candidate incident and what made it."""

    incident_id: str
    probability: float
    features: dict[str, float]
    contributions: dict[str, float]

    def reasons(self, limit: int = 5) -> tuple[str, ...]:
        """The features that moved the score most, as ``name=value (+weight)`` strings."""
        moved = sorted(
            ((k, c) for k, c in self.contributions.items() if k != "bias" and c),
            key=lambda kc: -abs(kc[1]),
        )[:limit]
        return tuple(f"{k}={self.features[k]:.2f} ({c:+.2f})" for k, c in moved)


@dataclass(frozen=True)
class Verdict:
    """The decision for one event: the incident it joins (None: a new one) and why."""

    incident_id: str | None
    probability: float | None
    reasons: tuple[str, ...]
    candidates: int


def _surnames(names: Sequence[str]) -> set[str]:
    return {n.split()[-1] for n in names if len(n.split()[-1]) > 2}


def names_feature(profile: EventProfile, incident: IncidentProfile, stats: TermStats) -> float:
    """People named in both, by surname, each weighted by how rare the surname is."""
    shared = _surnames(profile.persons) & _surnames(incident.persons)
    return min(float(MAX_SHARED_NAMES), sum(stats.specificity(s) for s in shared))


def _places(incident: IncidentProfile) -> list[PlacePoint]:
    return incident.places or ([incident.place] if incident.place else [])


def place_features(
    profile: EventProfile, incident: IncidentProfile, stats: TermStats
) -> dict[str, float]:
    """``place_same``, ``place_near``, ``place_far`` and ``admin1_differs``.

    A shared or nearby place is weighted by how rarely its name is written (its
    specificity): one more shooting in Chicago says little, a second report from a small
    town much.
    """
    out = {"place_same": 0.0, "place_near": 0.0, "place_far": 0.0, "admin1_differs": 0.0}
    places = _places(incident)
    ours = [p for p in (profile.place, *profile.other_places) if p is not None]
    if profile.place is None or not places:
        return out
    km, here = min((haversine_km(p, q), p.name) for p in ours for q in places)
    if km > NEAR_PLACE_KM:
        out["place_far"] = 1.0
    else:
        key = "place_same" if km <= SAME_PLACE_KM else "place_near"
        out[key] = stats.specificity(term_of(here))
    admin1 = {q.admin1 for q in places if q.admin1}
    if profile.place.admin1 and admin1 and profile.place.admin1 not in admin1:
        out["admin1_differs"] = 1.0
    return out


def date_features(profile: EventProfile, incident: IncidentProfile) -> dict[str, float]:
    """``date_overlap``, ``date_conflict`` and ``publication_gap``."""
    out = {"date_overlap": 0.0, "date_conflict": 0.0, "publication_gap": 0.0}
    a, b = profile.date, incident.date
    if a is not None and b is not None and a.written and b.written:
        gap = gap_days((a.start, a.end), (b.start, b.end))
        out["date_overlap"] = 1.0 if gap == 0 else 0.0
        day = a.precision == Precision.day and b.precision == Precision.day
        out["date_conflict"] = 1.0 if day and gap >= 2 else 0.0
    pub = publication_gap(profile, incident)
    if pub is not None:
        out["publication_gap"] = math.log1p(pub)
    return out


def _count_agreement(profile: EventProfile, incident: IncidentProfile, category: str) -> float:
    """1 when the figures agree, -1 when they differ, 0 when either is unknown."""
    count = profile.counts.get(category)
    summary: CountSummary | None = incident.counts.get(category)
    if count is None or summary is None or count.value() is None:
        return 0.0
    value = count.value()
    reported = {r.value() for r in summary.reports.values()} - {None}
    if not reported:
        return 0.0
    return 1.0 if value in reported else -1.0


def text_feature(profile: EventProfile, incident: IncidentProfile, stats: TermStats) -> float:
    """TF-IDF cosine of the profile's and the incident's terms."""
    # The incident's version (its number of sources) keys its cached norm; so does the
    # profile's event id, as one profile is scored against every candidate.
    version = (incident.incident_id, len(incident.sources))
    return cosine(
        profile.terms, incident.terms, stats, ("p", profile.source.event_id), ("i", *version)
    )


def features(
    profile: EventProfile,
    incident: IncidentProfile,
    stats: TermStats,
    text: float | None = None,
) -> dict[str, float]:
    """Every feature of a pair (see the module docstring); ``text`` if already known."""
    version = (incident.incident_id, len(incident.sources))
    actors = {a for ids in profile.actors.values() for a in ids}
    incident_actors = {a for ids in incident.actors.values() for a in ids}
    out = {
        "bias": 1.0,
        "text": text_feature(profile, incident, stats) if text is None else text,
        "title": cosine(
            profile.title_terms,
            incident.title_terms,
            stats,
            ("pt", profile.source.event_id),
            ("it", *version),
        ),
        "names_shared": names_feature(profile, incident, stats),
        "mode_same": 1.0 if profile.mode and profile.mode == incident.mode else 0.0,
        "actors_shared": 1.0 if actors & incident_actors else 0.0,
    }
    out |= place_features(profile, incident, stats)
    out |= date_features(profile, incident)
    for category in ("killed", "injured"):
        agreement = _count_agreement(profile, incident, category)
        out[f"{category}_agree"] = 1.0 if agreement > 0 else 0.0
        out[f"{category}_conflict"] = 1.0 if agreement < 0 else 0.0
    return out


def score_pair(
    profile: EventProfile, incident: IncidentProfile, stats: TermStats, decision: Decision
) -> PairScore:
    """The probability that ``profile`` reports ``incident``, with its parts."""
    text = text_feature(profile, incident, stats)
    if text < decision.min_text:
        # Reports of one incident share some of its particulars; a place, a day and a
        # death toll alone are shared by different shootings in one city.
        return PairScore(incident.incident_id, 0.0, {"text": text}, {"text": 0.0})
    feats = features(profile, incident, stats, text)
    contributions = {k: decision.weights.get(k, 0.0) * v for k, v in feats.items()}
    z = sum(contributions.values())
    probability = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
    return PairScore(incident.incident_id, probability, feats, contributions)


def _first_source(incident: IncidentProfile) -> tuple[str, str]:
    """The earliest-sorting (article, event) among an incident's reports."""
    return min(((s.article_id, s.event_id) for s in incident.sources), default=("", ""))


def decide(
    profile: EventProfile,
    candidates: Sequence[IncidentProfile],
    stats: TermStats,
    decision: Decision,
) -> Verdict:
    """The candidate ``profile`` joins (the most probable above the threshold), or none."""
    scored = [score_pair(profile, c, stats, decision) for c in candidates]
    if not scored:
        return Verdict(None, None, ("no candidate incident",), 0)
    # Equal scores are settled by what the incidents are, never by their ids or the order
    # they come in: a database hands out ids and rows in an order that differs between a
    # clean run and one resumed after a crash, and the decision must not.
    top = max(s.probability for s in scored)
    tied = [s for s in scored if s.probability == top]
    best = tied[0]
    if len(tied) > 1:
        firsts = {c.incident_id: _first_source(c) for c in candidates}
        best = min(tied, key=lambda s: firsts[s.incident_id])
    if best.probability < decision.threshold:
        reasons = (f"best candidate {best.incident_id} only p={best.probability:.2f}",)
        return Verdict(None, best.probability, reasons + best.reasons(), len(scored))
    return Verdict(best.incident_id, best.probability, best.reasons(), len(scored))


__all__ = [
    "PairScore",
    "Verdict",
    "date_features",
    "decide",
    "features",
    "place_features",
    "score_pair",
    "text_feature",
]
