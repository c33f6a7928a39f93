"""Pair features, the logistic score and the decision with its reasons."""

from __future__ import annotations

from newsevents.fuse.config import FusionConfig
from newsevents.fuse.decide import decide, features, score_pair
from newsevents.fuse.profile import CountRange, EventProfile, PlacePoint, SourceRef
from newsevents.fuse.reconcile import new_incident
from newsevents.fuse.terms import TermStats

KOKOMO = PlacePoint(name="Kokomo", latitude=40.49, longitude=-86.13, precision="exact place")


def _report(n: int, terms: dict[str, float], **fields: object) -> EventProfile:
    source = SourceRef(article_id=f"a{n}", event_id=f"e{n}")
    return EventProfile.model_validate(
        {"source": source, "event_type": "ASSAULT", "terms": terms, **fields}
    )


def _stats() -> TermStats:
    stats = TermStats()
    for n in range(20):
        stats.observe(f"bg{n}", ["police", "shooting"])
    return stats


SAME = {"arrington": 1.0, "clinton drive": 1.0, "#315": 1.0, "police": 1.0}


def test_features_of_a_matching_pair() -> None:
    stats = _stats()
    incident = new_incident(
        _report(
            1,
            SAME,
            place=KOKOMO,
            persons=["emmanuel arrington"],
            counts={"injured": CountRange(best=4)},
        )
    )
    profile = _report(
        2, SAME, place=KOKOMO, persons=["e arrington"], counts={"injured": CountRange(best=4)}
    )
    f = features(profile, incident, stats)
    assert f["text"] > 0.99
    assert f["names_shared"] > 0.9  # one rare surname
    assert f["place_same"] > 0.9
    assert f["injured_agree"] == 1.0 and f["injured_conflict"] == 0.0


def test_the_decision_joins_a_matching_incident_and_says_why(config: FusionConfig) -> None:
    stats = _stats()
    incident = new_incident(_report(1, SAME, place=KOKOMO))
    verdict = decide(_report(2, SAME, place=KOKOMO), [incident], stats, config.decision)
    assert verdict.incident_id == incident.incident_id
    assert verdict.probability is not None and verdict.probability > config.decision.threshold
    assert any(r.startswith("text=") for r in verdict.reasons)


def test_a_shared_city_alone_does_not_fuse(config: FusionConfig) -> None:
    stats = _stats()
    incident = new_incident(_report(1, {"police": 1.0, "smith": 1.0}, place=KOKOMO))
    other = _report(
        2, {"police": 1.0, "jones": 1.0}, place=KOKOMO, counts={"killed": CountRange(best=1)}
    )
    score = score_pair(other, incident, stats, config.decision)
    assert score.probability < config.decision.threshold
    verdict = decide(other, [incident], stats, config.decision)
    assert verdict.incident_id is None
    assert verdict.reasons[0].startswith("best candidate")


def test_no_candidate_means_a_new_incident(config: FusionConfig) -> None:
    verdict = decide(_report(1, SAME), [], _stats(), config.decision)
    assert verdict.incident_id is None and verdict.reasons == ("no candidate incident",)


def test_equal_scores_are_decided_by_the_incidents_not_their_ids_or_order(
    config: FusionConfig,
) -> None:
    """A database hands out incident ids (and rows) in another order after a crash: the
    decision between equally good candidates must not depend on them."""
    stats = _stats()
    first = new_incident(_report(1, SAME, place=KOKOMO), "1000")
    second = new_incident(_report(3, SAME, place=KOKOMO), "900")
    report = _report(2, SAME, place=KOKOMO)
    chosen = {
        decide(report, candidates, stats, config.decision).incident_id
        for candidates in ([first, second], [second, first])
    }
    assert chosen == {"1000"}
    renamed = [second.model_copy(update={"incident_id": "1"}), first]
    assert decide(report, renamed, stats, config.decision).incident_id == "1000"
