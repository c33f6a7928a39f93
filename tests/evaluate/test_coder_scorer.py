"""The incident scorer on hand-made gold and system records: type compatibility, evidence
overlap, one-to-one matching, mergeable groups, optional events, false positives, field
accuracy and calibration. No extractor, no data files."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from newsevents.evaluate.scorers.assignment import assignment_pairs, max_assignment
from newsevents.evaluate.scorers.calibration import calibration
from newsevents.evaluate.scorers.incidents import (
    DateRange,
    GoldEvent,
    GoldMention,
    GoldPlace,
    ScoredArticle,
    SystemEvent,
    SystemMention,
    SystemPlace,
    Tally,
    field_checks,
    match_article,
    mergeable_groups,
    normalise_admin1,
    normalise_text,
    same_incident,
    score,
    types_compatible,
)

DAY = dt.date(2021, 3, 7)


def gold(
    id: str = "E1",
    type: str = "ASSAULT",
    evidence: tuple[tuple[int, int], ...] = ((0, 50),),
    core: bool = True,
    **fields: Any,
) -> GoldEvent:
    return GoldEvent(id=id, core=core, plover_type=type, evidence=evidence, **fields)


def system(
    id: str = "s1",
    type: str = "ASSAULT",
    sentences: tuple[tuple[int, int], ...] = ((0, 50),),
    **fields: Any,
) -> SystemEvent:
    return SystemEvent(id=id, plover_type=type, sentences=sentences, **fields)


def article(
    golds: list[GoldEvent], systems: list[SystemEvent], pool: str = "pool"
) -> ScoredArticle:
    return ScoredArticle("doc", pool, tuple(golds), tuple(systems))


def matched(golds: list[GoldEvent], systems: list[SystemEvent]) -> dict[str, list[str]]:
    """System id -> gold ids of the matching kept."""
    result = match_article(article(golds, systems))
    return {p.system.id: [g.id for g in p.gold] for p in result.pairs}


# -- type compatibility -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        ("ASSAULT", "ASSAULT", True),
        ("COERCE", "ASSAULT", True),
        ("ASSAULT", "COERCE", True),
        ("PROTEST", "ASSAULT", True),
        ("COERCE", "PROTEST", True),
        ("ACCUSE", "ASSAULT", False),
        ("MOBILIZE", "COERCE", False),
        ("ACCUSE", "THREATEN", False),
    ],
)
def test_types_compatible_by_plover_type_and_crossovers(
    ours: str, theirs: str, expected: bool
) -> None:
    assert types_compatible(system(type=ours), gold(type=theirs)) is expected


def test_types_compatible_by_the_same_acled_sub_type_only_when_not_null() -> None:
    sub = "Arrests"
    assert types_compatible(
        system(type="MOBILIZE", acled_sub_event_type=sub),
        gold(type="COERCE", acled_sub_event_type=sub),
    )
    assert not types_compatible(system(type="ACCUSE"), gold(type="THREATEN"))


# -- same incident ------------------------------------------------------------------------


def test_same_incident_when_a_system_sentence_overlaps_gold_evidence() -> None:
    g = gold(evidence=((100, 200), (300, 400)))
    assert same_incident(system(sentences=((350, 420),)), g)
    assert not same_incident(system(sentences=((0, 100), (200, 300))), g)


def test_triggers_stand_in_for_missing_sentences() -> None:
    g = gold(evidence=((100, 200),))
    assert same_incident(system(sentences=(), triggers=((150, 156),)), g)
    assert not same_incident(system(sentences=(), triggers=((20, 26),)), g)
    # Sentences, when given, decide: a trigger inside the gold sentence does not count.
    assert not same_incident(system(sentences=((0, 90),), triggers=((150, 156),)), g)


def test_without_evidence_dates_must_overlap_and_places_agree() -> None:
    place = GoldPlace("Gao", 10, 13, "MLI", "Gao")
    g = gold(place=place, date=DateRange(DAY, DAY, "day"))
    here = (SystemPlace("Gao", ((10, 13),), "MLI", "Gao"),)
    week = DateRange(DAY - dt.timedelta(days=3), DAY + dt.timedelta(days=3), "week")
    no_evidence: dict[str, Any] = {"sentences": (), "triggers": ()}
    assert same_incident(system(**no_evidence, places=here, date=week), g)
    later = DateRange(DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=1), "day")
    assert not same_incident(system(**no_evidence, places=here, date=later), g)
    # An unknown date overlaps any; the place then decides.
    assert same_incident(system(**no_evidence, places=here), g)
    elsewhere = (SystemPlace("Mopti", ((40, 45),), "MLI", "Mopti"),)
    assert not same_incident(system(**no_evidence, places=elsewhere), g)
    same_region = (SystemPlace("the town", ((80, 88),), "MLI", "Gao Region"),)
    assert same_incident(system(**no_evidence, places=same_region), g)
    assert not same_incident(system(**no_evidence), g)


def test_an_incompatible_type_is_never_matched_even_on_the_same_sentence() -> None:
    assert matched([gold(type="ASSAULT")], [system(type="ACCUSE")]) == {}


# -- one-to-one matching ------------------------------------------------------------------


def test_one_gold_event_takes_one_system_event_the_other_is_a_false_positive() -> None:
    result = match_article(article([gold()], [system("a"), system("b")]))
    assert (result.tp, result.fp, result.fn) == (1, 1, 0)


def test_matching_maximises_the_number_of_matches() -> None:
    g1, g2 = gold("E1", evidence=((0, 50),)), gold("E2", evidence=((60, 100),))
    # "a" can go to either; "b" only to E1: the greedy choice a-E1 would leave b unmatched.
    a = system("a", sentences=((0, 100),))
    b = system("b", sentences=((0, 50),))
    assert matched([g1, g2], [a, b]) == {"a": ["E2"], "b": ["E1"]}


def test_a_core_event_wins_over_an_optional_one() -> None:
    optional = gold("E1", core=False)
    core = gold("E2")
    result = match_article(article([optional, core], [system()]))
    assert [g.id for p in result.pairs for g in p.gold] == ["E2"]
    assert (result.tp, result.fp, result.neutral) == (1, 0, 0)


def test_ties_are_broken_by_field_agreement() -> None:
    g = gold(type="ASSAULT", mode="firearms", modality="asserted")
    worse = system("worse", type="COERCE", mode="arrest", modality="alleged")
    better = system("better", type="ASSAULT", mode="firearms")
    assert matched([g], [worse, better]) == {"better": ["E1"]}
    assert matched([g], [better, worse]) == {"better": ["E1"]}


def test_optional_matched_is_neutral_and_optional_unmatched_counts_nothing() -> None:
    optional = gold("E1", core=False)
    result = match_article(article([optional], [system()]))
    assert (result.tp, result.fp, result.fn, result.neutral) == (0, 0, 0, 1)
    result = match_article(article([optional], []))
    assert (result.tp, result.fp, result.fn, result.neutral) == (0, 0, 0, 0)


def test_unmatched_system_events_are_false_positives_and_missed_core_false_negatives() -> None:
    g = gold(evidence=((0, 50),))
    result = match_article(article([g], [system("far", sentences=((60, 90),))]))
    assert (result.tp, result.fp, result.fn) == (0, 1, 1)
    assert [s.id for s in result.false_positives] == ["far"]
    assert [m.id for m in result.missed] == ["E1"]


# -- mergeable groups ---------------------------------------------------------------------


def _pair_of_scenes() -> tuple[GoldEvent, GoldEvent]:
    first = gold("E1", evidence=((0, 50),), mergeable_with=("E2",))
    second = gold("E2", evidence=((60, 100),), mergeable_with=("E1",))
    return first, second


def test_mergeable_groups_are_linked_in_either_direction() -> None:
    a = gold("E1", mergeable_with=("E3",))
    b = gold("E2")
    c = gold("E3")
    d = gold("E4", mergeable_with=("E3", "E9"))
    assert mergeable_groups([a, b, c, d]) == [("E1", "E3", "E4")]


def test_a_mergeable_group_matched_as_one_unit_counts_one_tp_per_core_member() -> None:
    first, second = _pair_of_scenes()
    result = match_article(article([first, second], [system("one", sentences=((0, 100),))]))
    assert (result.tp, result.fp, result.fn) == (2, 0, 0)
    assert result.merged == (("E1", "E2"),)
    # One system event stating only one scene still reports the merged incident.
    result = match_article(article([first, second], [system("one", sentences=((0, 50),))]))
    assert (result.tp, result.fn) == (2, 0)


def test_a_mergeable_group_matched_member_by_member_when_that_is_better() -> None:
    first, second = _pair_of_scenes()
    first = dataclasses.replace(first, mode="firearms")
    second = dataclasses.replace(second, mode="firearms")
    # Fewer false positives beat field agreement: "a" alone agrees better with the merged
    # pair than "b" does with E2, but leaving "b" unmatched would make it a false positive.
    systems = [
        system("a", sentences=((0, 50),), mode="firearms"),
        system("b", sentences=((60, 100),), mode="explosives"),
    ]
    result = match_article(article([first, second], systems))
    assert (result.tp, result.fp, result.fn) == (2, 0, 0)
    assert result.merged == ()
    assert {p.system.id: [g.id for g in p.gold] for p in result.pairs} == {
        "a": ["E1"],
        "b": ["E2"],
    }


def test_merged_reading_is_kept_when_it_has_more_true_positives() -> None:
    first, second = _pair_of_scenes()
    systems = [system("a", sentences=((0, 50),)), system("noise", sentences=((200, 220),))]
    result = match_article(article([first, second], systems))
    assert (result.tp, result.fp, result.fn) == (2, 1, 0)


# -- totals -------------------------------------------------------------------------------


def test_score_totals_per_pool_and_the_articles_without_core_events() -> None:
    with_core = ScoredArticle("a", "news", (gold(),), (system("s1"), system("s2")))
    optional_only = ScoredArticle(
        "b", "wire", (gold(core=False),), (system("s3"), system("s4", type="ACCUSE"))
    )
    empty = ScoredArticle("c", "wire", (), (system("s5"),))
    scores = score([with_core, optional_only, empty])
    assert (scores.overall.tp, scores.overall.fp, scores.overall.fn) == (1, 3, 0)
    assert scores.neutral == 1
    assert scores.no_core_articles == 2
    assert scores.no_core_system_events == 3
    assert (scores.by_pool["news"].tp, scores.by_pool["news"].fp) == (1, 1)
    assert (scores.by_pool["wire"].tp, scores.by_pool["wire"].fp) == (0, 2)
    assert scores.overall.precision == pytest.approx(25.0)
    assert scores.overall.recall == pytest.approx(100.0)
    assert scores.overall.f1 == pytest.approx(40.0)


def test_tally_without_events_scores_zero() -> None:
    assert (Tally().precision, Tally().recall, Tally().f1) == (0.0, 0.0, 0.0)


def test_field_accuracy_counts_matched_core_pairs_only() -> None:
    core = gold("E1", evidence=((0, 50),), mode="firearms")
    optional = gold("E2", evidence=((60, 90),), core=False, mode="firearms")
    systems = [
        system("a", sentences=((0, 50),), mode="firearms"),
        system("b", sentences=((60, 90),), mode="explosives"),
    ]
    scores = score([article([core, optional], systems)])
    assert scores.fields["mode"] == (1, 1)
    assert scores.accuracy("mode") == pytest.approx(100.0)
    assert scores.accuracy("admin1") is None


def test_merged_unit_fields_are_scored_against_each_core_member() -> None:
    first, second = _pair_of_scenes()
    first = dataclasses.replace(first, counts={"killed": 1})
    second = dataclasses.replace(second, counts={"killed": 2})
    one = system("one", sentences=((0, 100),), counts={"killed": 2})
    scores = score([article([first, second], [one])])
    assert scores.fields["killed"] == (1, 2)


# -- field checks -------------------------------------------------------------------------


def test_perpetrator_agrees_by_span_overlap_or_normalised_text() -> None:
    g = gold(perpetrators=(GoldMention("The Police", 10, 20, "state"),))
    by_span = SystemMention("police", ((14, 20),), frozenset({"state"}))
    by_text = SystemMention("police,", ((300, 307),), frozenset({"state"}))
    elsewhere = SystemMention("soldiers", ((300, 308),), frozenset({"state"}))
    assert field_checks(system(perpetrators=(by_span,)), g)["perpetrator"]
    assert field_checks(system(perpetrators=(by_text,)), g)["perpetrator"]
    assert not field_checks(system(perpetrators=(elsewhere,)), g)["perpetrator"]
    assert not field_checks(system(), g)["perpetrator"]


def test_perpetrator_both_empty_agree_and_a_system_perpetrator_without_gold_does_not() -> None:
    someone = SystemMention("gunmen", ((0, 6),), frozenset({"unknown"}))
    assert field_checks(system(), gold())["perpetrator"]
    checks = field_checks(system(perpetrators=(someone,)), gold())
    assert not checks["perpetrator"]
    assert "perpetrator_kind" not in checks


def test_kind_agreement_uses_the_gold_kinds_our_kind_can_stand_for() -> None:
    g = gold(targets=(GoldMention("rebels", 0, 6, "rebel"),))
    armed = SystemMention("rebels", ((0, 6),), frozenset({"rebel", "militia"}))
    civil = SystemMention("rebels", ((0, 6),), frozenset({"civilian"}))
    assert field_checks(system(targets=(armed,)), g)["target_kind"]
    checks = field_checks(system(targets=(civil,)), g)
    assert checks["target"]
    assert not checks["target_kind"]


def test_place_country_admin1_and_text() -> None:
    g = gold(place=GoldPlace("Kundli", 100, 106, "IND", "Haryana"))
    right = SystemPlace("Kundli", ((100, 106),), "IND", "Haryāna")
    checks = field_checks(system(places=(right,)), g)
    assert (checks["country"], checks["admin1"], checks["place_text"]) == (True, True, True)
    # The first place is the system's answer; a right one further down does not count.
    wrong = SystemPlace("Delhi", ((10, 15),), "IND", "Delhi")
    checks = field_checks(system(places=(wrong, right)), g)
    assert (checks["country"], checks["admin1"], checks["place_text"]) == (True, False, False)
    checks = field_checks(system(), g)
    assert (checks["country"], checks["admin1"], checks["place_text"]) == (False, False, False)


def test_place_parts_the_gold_leaves_open_are_skipped() -> None:
    g = gold(place=GoldPlace(None, None, None, "BLR", None))
    checks = field_checks(system(places=(SystemPlace("Minsk", (), "BLR", "Minsk City"),)), g)
    assert checks["country"]
    assert "admin1" not in checks
    assert "place_text" not in checks
    assert "country" not in field_checks(system(), gold())


def test_admin1_and_text_normalisation() -> None:
    assert normalise_admin1("Islamabad Capital Territory") == normalise_admin1("Islamabad")
    assert normalise_admin1("Haryāna") == "haryana"
    assert normalise_admin1("Western") == normalise_admin1("Western Province")
    assert normalise_admin1("Capital") == "capital"
    assert normalise_text("The  Egyptian regime!") == "egyptian regime"
    assert normalise_text("the") == "the"


def test_date_inside_the_gold_range_and_exact_day() -> None:
    g = gold(date=DateRange(DAY, DAY, "day"))
    same_day = DateRange(DAY, DAY, "day")
    week_start = DateRange(DAY, DAY + dt.timedelta(days=6), "week")
    before = DateRange(DAY - dt.timedelta(days=6), DAY, "week")
    checks = field_checks(system(date=same_day), g)
    assert (checks["date"], checks["date_day"]) == (True, True)
    checks = field_checks(system(date=week_start), g)
    assert (checks["date"], checks["date_day"]) == (True, False)
    checks = field_checks(system(date=before), g)
    assert (checks["date"], checks["date_day"]) == (False, False)
    checks = field_checks(system(), g)
    assert (checks["date"], checks["date_day"]) == (False, False)


def test_date_range_gold_and_unknown_gold_dates() -> None:
    month = gold(date=DateRange(dt.date(2021, 3, 1), dt.date(2021, 3, 31), "month"))
    checks = field_checks(system(date=DateRange(DAY, DAY, "day")), month)
    assert checks["date"]
    assert "date_day" not in checks
    unknown = gold(date=DateRange(None, None, "day"))
    checks = field_checks(system(date=DateRange(DAY, DAY, "day")), unknown)
    assert "date" not in checks
    assert "date_day" not in checks


def test_counts_equal_within_ten_percent_and_missing_counts() -> None:
    g = gold(counts={"killed": 10, "injured": 0, "arrested": None})
    checks = field_checks(system(counts={"killed": 11, "injured": 0}), g)
    assert (checks["killed"], checks["killed_10pct"]) == (False, True)
    assert (checks["injured"], checks["injured_10pct"]) == (True, True)
    assert "arrested" not in checks
    assert "kidnapped" not in checks
    checks = field_checks(system(counts={"killed": 12}), g)
    assert (checks["killed"], checks["killed_10pct"]) == (False, False)
    # No Count for a category reads as null: wrong where the gold states a figure, even 0.
    checks = field_checks(system(), g)
    assert (checks["killed_10pct"], checks["injured"]) == (False, False)


def test_modality_and_the_collapsed_factual_split() -> None:
    g = gold(modality="asserted")
    checks = field_checks(system(modality="claimed"), g)
    assert (checks["modality"], checks["factuality"]) == (False, True)
    checks = field_checks(system(modality="alleged"), g)
    assert (checks["modality"], checks["factuality"]) == (False, False)
    checks = field_checks(system(modality="planned"), gold(modality="threatened"))
    assert (checks["modality"], checks["factuality"]) == (False, True)


def test_type_mode_and_acled_sub_type_checks() -> None:
    g = gold(type="ASSAULT", mode=None, acled_sub_event_type="Attack")
    checks = field_checks(system(type="COERCE", mode="arrest", acled_sub_event_type="Attack"), g)
    assert (checks["type"], checks["acled_sub_type"]) == (False, True)
    assert "mode" not in checks
    assert "acled_sub_type" not in field_checks(system(), gold())


# -- calibration --------------------------------------------------------------------------


def test_calibration_labels_need_a_match_of_the_same_plover_type() -> None:
    g1 = gold("E1", type="ASSAULT", evidence=((0, 50),))
    g2 = gold("E2", type="COERCE", evidence=((60, 90),), core=False)
    systems = [
        system("same", sentences=((0, 50),), confidence=0.9),
        system("cross", type="ASSAULT", sentences=((60, 90),), confidence=0.8),
        system("fp", sentences=((200, 250),), confidence=0.7),
        system("no-confidence", sentences=((300, 350),)),
    ]
    scores = score([article([g1, g2], systems)])
    assert scores.outcomes == [(0.9, True), (0.8, False), (0.7, False)]


def test_calibration_table_and_ece() -> None:
    result = calibration([0.05, 0.15, 0.15, 0.95, 1.0], [False, True, False, True, True])
    assert result.n == 5
    counts = [b.count for b in result.bins]
    assert counts == [1, 2, 0, 0, 0, 0, 0, 0, 0, 2]
    assert result.bins[1].accuracy == pytest.approx(0.5)
    assert result.bins[1].mean_confidence == pytest.approx(0.15)
    assert result.bins[2].accuracy is None
    expected = (1 * 0.05 + 2 * abs(0.5 - 0.15) + 2 * abs(1.0 - 0.975)) / 5
    assert result.ece == pytest.approx(expected)
    assert result.to_dict()["bins"][9]["count"] == 2


def test_calibration_of_nothing_and_bad_input() -> None:
    assert calibration([], []).ece == 0.0
    with pytest.raises(ValueError, match="labels"):
        calibration([0.5], [])
    with pytest.raises(ValueError, match="outside"):
        calibration([1.5], [True])
    with pytest.raises(ValueError, match="n_bins"):
        calibration([0.5], [True], n_bins=0)


# -- assignment ---------------------------------------------------------------------------


def test_assignment_pairs_of_a_wide_and_a_tall_matrix() -> None:
    wide = [[1, 5, 0], [4, 6, 0]]
    assert assignment_pairs(wide) == [(0, 1), (1, 0)]
    tall = [list(col) for col in zip(*wide, strict=True)]
    assert assignment_pairs(tall) == [(0, 1), (1, 0)]
    assert max_assignment(wide) == max_assignment(tall) == 9
    assert assignment_pairs([]) == []
