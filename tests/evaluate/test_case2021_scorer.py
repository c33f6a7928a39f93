"""Classification scorers (scikit-learn-style F1 averages, CEHA P/R/F1) and the CASE 2021
task 2 adapter's labelling, with hand-computed expected values. No spaCy needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents.errors import NewsEventsError
from newsevents.evaluate.case2021 import (
    FALLBACK_LABEL,
    read_snippets,
    score,
    snippet_label,
    split_path,
)
from newsevents.evaluate.scorers.classification import (
    OVERALL,
    binary_scores,
    multiclass_scores,
    multilabel_scores,
)
from newsevents.model import Event, Span

# -- multiclass_scores: gold A A B C, predicted A B B A -----------------------------------
# A: tp 1, fp 1, fn 1 -> P 1/2, R 1/2, F1 1/2 (support 2)
# B: tp 1, fp 1, fn 0 -> P 1/2, R 1,   F1 2/3 (support 1)
# C: tp 0, fp 0, fn 1 -> F1 0 (support 1)
GOLD = ["A", "A", "B", "C"]
PRED = ["A", "B", "B", "A"]


def test_multiclass_partial_hand_computed() -> None:
    s = multiclass_scores(GOLD, PRED)
    assert s.micro_f1 == pytest.approx(4 / 8)  # 2tp / (2tp + fp + fn) = 4 / (4 + 2 + 2)
    assert s.macro_f1 == pytest.approx((1 / 2 + 2 / 3 + 0) / 3)
    assert s.weighted_f1 == pytest.approx((1 / 2 * 2 + 2 / 3 * 1 + 0 * 1) / 4)
    assert s.macro_precision == pytest.approx((1 / 2 + 1 / 2 + 0) / 3)
    assert s.weighted_recall == pytest.approx((1 / 2 * 2 + 1 * 1 + 0) / 4)
    assert s.accuracy == pytest.approx(0.5)
    assert s.per_label["B"].f1 == pytest.approx(2 / 3)
    assert s.per_label["C"].support == 1


def test_multiclass_explicit_labels_restrict_every_average() -> None:
    s = multiclass_scores(GOLD, PRED, labels=["A", "B"])
    # Pooled over A and B only: tp 2, fp 2, fn 1.
    assert s.micro_f1 == pytest.approx(4 / 7)
    assert s.macro_f1 == pytest.approx((1 / 2 + 2 / 3) / 2)
    assert s.weighted_f1 == pytest.approx((1 / 2 * 2 + 2 / 3) / 3)
    assert set(s.per_label) == {"A", "B"}


def test_label_only_predicted_counts_in_macro_not_weighted() -> None:
    s = multiclass_scores(["A", "A"], ["A", "Z"])
    # A: P 1, R 1/2, F1 2/3; Z: F1 0 with support 0.
    assert s.macro_f1 == pytest.approx((2 / 3 + 0) / 2)
    assert s.weighted_f1 == pytest.approx(2 / 3)
    assert s.micro_f1 == pytest.approx(2 / 4)


def test_multiclass_perfect_and_empty() -> None:
    perfect = multiclass_scores(GOLD, GOLD)
    assert (perfect.micro_f1, perfect.macro_f1, perfect.weighted_f1) == (1.0, 1.0, 1.0)
    empty = multiclass_scores([], [])
    assert (empty.micro_f1, empty.macro_f1, empty.weighted_f1, empty.accuracy) == (0, 0, 0, 0)


def test_multiclass_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1 predictions"):
        multiclass_scores(["A", "B"], ["A"])


@given(st.lists(st.tuples(st.sampled_from("ABCD"), st.sampled_from("ABCDE")), max_size=30))
def test_single_label_micro_f1_is_accuracy(pairs: list[tuple[str, str]]) -> None:
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs]
    s = multiclass_scores(gold, pred)
    assert s.micro_f1 == pytest.approx(s.accuracy)
    assert 0.0 <= s.macro_f1 <= 1.0
    assert 0.0 <= s.weighted_f1 <= 1.0


def test_binary_scores_hand_computed() -> None:
    # Positive class: predicted 3, gold 2, both 1 -> P 1/3, R 1/2, F1 2/5.
    s = binary_scores([True, True, False, False], [True, False, True, True])
    assert (s.precision, s.recall, s.f1) == pytest.approx((1 / 3, 1 / 2, 2 / 5))
    assert binary_scores([False], [False]).f1 == 0.0


def test_multilabel_scores_pools_counts_like_ceha() -> None:
    gold = [{"a", "b"}, {"a"}, {"c"}]
    pred = [{"a"}, {"b"}, {"c", "x"}]
    s = multilabel_scores(gold, pred)
    # predicted 4 labels, gold 4 labels, correct: a (item 1) and c (item 3).
    assert (s[OVERALL].precision, s[OVERALL].recall) == pytest.approx((2 / 4, 2 / 4))
    # a: predicted once, gold twice, correct once.
    assert (s["a"].precision, s["a"].recall) == pytest.approx((1.0, 0.5))
    assert s["b"].f1 == 0.0
    assert "x" not in s  # a label only ever predicted is reported in "overall" only


# -- the CASE adapter ----------------------------------------------------------------------


def _event(label_pair: tuple[str, str] | None, confidence: float, start: int = 0) -> Event:
    acled_type, acled_sub = label_pair if label_pair else (None, None)
    return Event(
        id=f"e{start}",
        article_id="a",
        event_type="ASSAULT",
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        triggers=[Span(start=start, end=start + 4, text="shot")],
        confidence=confidence,
    )


def test_snippet_label_takes_first_mentioned_event_with_acled_type() -> None:
    events = [
        _event(None, 0.95, 0),  # no ACLED sub-type: skipped
        _event(("Explosions/Remote violence", "Grenade"), 0.6, 10),
        _event(("Battles", "Armed clash"), 0.9, 20),
    ]
    assert snippet_label(events) == "GRENADE"
    assert snippet_label([_event(None, 0.9)]) == FALLBACK_LABEL
    assert snippet_label([]) == "OTHER"


def test_snippet_label_same_start_goes_to_more_confident_event() -> None:
    events = [
        _event(("Protests", "Peaceful protest"), 0.6, 0),
        _event(("Riots", "Mob violence"), 0.7, 0),
    ]
    assert snippet_label(events) == "MOB_VIOL"


def test_case_score_separates_seen_types() -> None:
    gold = ["ARREST", "ARREST", "NATURAL_DISASTER", "GRENADE"]
    pred = ["ARREST", "OTHER", "OTHER", "GRENADE"]
    scores, details = score(gold, pred)
    # Seen types only: ARREST (P 1, R 1/2, F1 2/3, support 2), GRENADE (F1 1, support 1),
    # OTHER only predicted (F1 0).
    assert scores["weighted_f1"] == pytest.approx(100 * (2 / 3 * 2 + 1) / 3)
    assert scores["macro_f1"] == pytest.approx(100 * (2 / 3 + 1 + 0) / 3)
    assert scores["micro_f1"] == pytest.approx(100 * 2 / 3)
    # All snippets: NATURAL_DISASTER joins with support 1 and F1 0.
    assert scores["all_weighted_f1"] == pytest.approx(100 * (2 / 3 * 2 + 1) / 4)
    assert details["n_seen_type_snippets"] == 3


def test_read_snippets_and_missing_split(tmp_path: Path) -> None:
    path = tmp_path / "dev.tsv"
    path.write_text(
        'id\tEventSnippet\tSubType\n7\tPolice arrested "two" men in Lagos.\tARREST\n',
        encoding="utf-8",
    )
    snippets = read_snippets(split_path(tmp_path, "dev"))
    assert [(s.id, s.label) for s in snippets] == [("7", "ARREST")]
    assert snippets[0].text == 'Police arrested "two" men in Lagos.'
    with pytest.raises(NewsEventsError, match=r"test\.tsv"):
        split_path(tmp_path, "test")
