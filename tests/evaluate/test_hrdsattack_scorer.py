"""The HRDsAttack scorer against hand-computed values (perfect, empty, partial) and the
published script's quirks. No spaCy needed."""

from __future__ import annotations

from typing import Any

import pytest

from newsevents.evaluate.scorers.hrdsattack import (
    GoldCorrections,
    HrdsGold,
    HrdsPrediction,
    normalise_gold,
    score,
)


def _merged(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "perpetrator_mention": True,
        "perpetrator_type": "state actor",
        "violation_types": ["arbitrary detention"],
        "year": "2019.0",
        "month": "08",
        "date": "22.0",
        "city": "Calabar",
        "region": "Cross River",
        "country": "Nigeria",
        "victims": [
            {"victim_name": "Ada Obi", "victim_type": ["journalist"]},
            {"victim_name": None, "victim_type": ["insufficient information"]},
        ],
    }
    base.update(fields)
    return base


def _as_prediction(gold: HrdsGold) -> HrdsPrediction:
    return HrdsPrediction(
        perpetrator_mention=gold.perpetrator_mention,
        perpetrator_type=gold.perpetrator_type,
        violation_types=gold.violation_types,
        year=gold.year,
        month=gold.month,
        date=gold.date,
        city=gold.city,
        region=gold.region,
        country=gold.country,
        victim_names=gold.victim_names,
    )


def test_normalise_gold_like_the_published_loader() -> None:
    gold = normalise_gold(1, _merged())
    assert (gold.year, gold.month, gold.date) == ("2019", "August", "22")
    assert gold.victim_names == ("Ada Obi",)  # unnamed victims are dropped
    missing = normalise_gold(
        2,
        _merged(
            city="None",
            region="N/A",
            country="none",
            month="N//A",
            year=None,
            date="unknown",
            violation_types=["unknown", "killing"],
        ),
    )
    assert (missing.city, missing.region, missing.country) == (None, None, None)
    assert (missing.year, missing.month, missing.date) == (None, None, None)
    assert missing.violation_types == frozenset({"killing"})  # unknown goes when not alone
    alone = normalise_gold(3, _merged(violation_types=["unknown"]))
    assert alone.violation_types == frozenset({"unknown"})


def test_gold_corrections_by_id_and_value() -> None:
    fixes = GoldCorrections(
        by_id={9: {"date": "09", "year": "2021", "month": "September"}},
        values={"month": {"Decenmber": "December"}, "city": {"City": "Pune"}},
    )
    fixed = normalise_gold(9, _merged(year="September", month="09", date=None), fixes)
    assert (fixed.year, fixed.month, fixed.date) == ("2021", "September", "9")
    typo = normalise_gold(4, _merged(month="decenmber", city="City"), fixes)
    assert (typo.month, typo.city) == ("December", "Pune")


def test_perfect_predictions_score_100() -> None:
    golds = [normalise_gold(1, _merged()), normalise_gold(2, _merged(country="Kenya"))]
    scores = score(golds, [_as_prediction(g) for g in golds])
    for name in (
        "perpetrator_type_acc",
        "violation_type_f1",
        "country_acc",
        "region_acc",
        "city_acc",
        "year_acc",
        "month_acc",
        "date_acc",
        "victim_name_f1",
        "victim_name_fuzzy_f1",
        "perpetrator_mention_f1",
    ):
        assert scores[name] == pytest.approx(100.0), name


def test_missing_gold_value_is_never_correct_except_leniently() -> None:
    gold = normalise_gold(1, _merged(city="n/a"))
    scores = score([gold], [_as_prediction(gold)])  # predicts "no city" too
    assert scores["city_acc"] == 0.0  # the published model's "None" never equals None
    assert scores["city_acc_lenient"] == 100.0
    assert score([gold], [HrdsPrediction(city="None")])["city_acc_lenient"] == 100.0


def test_empty_prediction() -> None:
    gold = normalise_gold(1, _merged())
    scores = score([gold], [HrdsPrediction()])
    # An empty violation set becomes {"unknown"}: 1 predicted, 1 gold, 0 shared.
    assert scores["violation_type_p"] == 0.0
    assert scores["violation_type_f1"] == 0.0
    assert scores["victim_name_f1"] == 0.0
    assert scores["country_acc"] == 0.0
    assert scores["perpetrator_mention_f1"] == 0.0
    assert score([], [])["country_acc"] == 0.0


def test_partial_hand_computed() -> None:
    gold_a = normalise_gold(
        1,
        _merged(
            violation_types=["killing", "other"],
            victims=[{"victim_name": "Ann Lee"}, {"victim_name": "Bo Chen"}],
            country="Kenya",
            city="None",
        ),
    )
    gold_b = normalise_gold(
        2,
        _merged(
            violation_types=["arbitrary detention", "unknown"],
            victims=[{"victim_name": None}],
            country="None",
            city="Nairobi",
        ),
    )
    pred_a = HrdsPrediction(
        violation_types=frozenset({"killing", "torture"}),
        victim_names=("Ann Lee", "Chen", "Lee"),  # "Lee" is inside "Ann Lee": dropped
        country="Kenya",
    )
    pred_b = HrdsPrediction(victim_names=("Xu Yi",), city="Mombasa")
    s = score([gold_a, gold_b], [pred_a, pred_b])
    # Violations: predicted {killing, torture} + {unknown} = 3, gold 2 + 1 = 3, shared 1.
    assert s["violation_type_p"] == pytest.approx(100 / 3)
    assert s["violation_type_f1"] == pytest.approx(100 / 3)
    assert s["violation_type_acc"] == 0.0
    assert s["violation_type_loose_acc"] == 50.0
    # Victims: predicted 2 + 1 = 3, gold 2 + 0 = 2; exact 1 (Ann Lee) -> P 1/3, R 1/2.
    assert s["victim_name_p"] == pytest.approx(100 / 3)
    assert s["victim_name_r"] == pytest.approx(50.0)
    assert s["victim_name_f1"] == pytest.approx(40.0)
    # Fuzzy: "Chen" is inside "Bo Chen" -> 2 correct -> P 2/3, R 1, F1 4/5.
    assert s["victim_name_fuzzy_f1"] == pytest.approx(80.0)
    assert s["country_acc"] == 50.0  # Kenya right; the missing gold country never is
    assert s["country_acc_lenient"] == 100.0
    assert s["city_acc"] == 0.0
    assert s["city_acc_lenient"] == 50.0


def test_victim_count_taken_before_the_second_deduplication() -> None:
    gold = normalise_gold(1, _merged(victims=[{"victim_name": "Ann Lee"}]))
    # "Lee" then "Ann Lee": both collected (2 predictions), then "Lee" dropped before
    # matching, so precision is 1/2 as in the published script.
    s = score([gold], [HrdsPrediction(victim_names=("Lee", "Ann Lee"))])
    assert s["victim_name_p"] == pytest.approx(50.0)
    assert s["victim_name_r"] == pytest.approx(100.0)


def test_score_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError, match="1 gold documents but 0 predictions"):
        score([normalise_gold(1, _merged())], [])
