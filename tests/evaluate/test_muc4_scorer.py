"""The MUC-4 scorers (GTT template level, GRIT entity level) on hand-made templates."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.errors import DataFileError
from newsevents.evaluate.scorers.muc4_grit import (
    extracts_from_templates,
    max_matching,
    score_grit,
)
from newsevents.evaluate.scorers.muc4_gtt import (
    ROLES,
    SCORE_KEYS,
    Template,
    f1_score,
    gold_templates,
    gtt_docid,
    max_assignment,
    normalize_string,
    read_gtt,
    score_document,
    score_gtt,
)

T = Template.build


def _pct(x: float) -> float:
    return round(100 * x, 2)


GOLD = {
    "a": [
        T(
            "bombing",
            {
                "PerpInd": [["urban guerrillas", "guerrillas"]],
                "PerpOrg": [["fmln"]],
                "Target": [["power station"]],
                "Weapon": [["bomb"]],
            },
        ),
        T("kidnapping", {"PerpOrg": [["fmln"]], "Victim": [["jose perez"]]}),
    ],
    "b": [],
}


def test_gold_against_itself_scores_100() -> None:
    golds = {
        **GOLD,
        "c": [T("attack", {"Victim": [["maria lopez", "lopez"]], "Target": [["bus"]]})],
    }
    gtt = score_gtt(golds, golds)
    assert _pct(gtt.micro.f1) == 100.0
    assert all(_pct(gtt.counts[k].f1) == 100.0 for k in ("incident_type", "PerpOrg", "Victim"))
    extracts = {d: extracts_from_templates(t) for d, t in golds.items()}
    grit = score_grit(extracts, extracts)
    assert _pct(grit.micro.f1) == 100.0


def test_empty_predictions_have_zero_recall_and_precision() -> None:
    gtt = score_gtt({}, GOLD)
    assert gtt.micro.recall == 0 and gtt.micro.precision == 0 and gtt.micro.f1 == 0
    assert gtt.micro.r_den == 8  # 2 incident types + 6 gold entities
    grit = score_grit({}, {d: extracts_from_templates(t) for d, t in GOLD.items()})
    assert grit.micro.recall == 0 and grit.micro.r_den == 5


def test_hand_computed_two_document_case() -> None:
    # Document "a" (gold above): P1 aligns with the bombing template. Its incident type,
    # "guerrillas" (a mention of the gold PerpInd), "the FMLN" and "a bomb" (equal after
    # normalisation) are correct; "station" is not "power station". P2 ("attack") cannot
    # align with the kidnapping (type mismatch), so it is spurious and the kidnapping
    # template is missed.
    #   precision items: P1 = 1 type + 4 entities, P2 = 1 + 1        -> 4 correct of 7
    #   recall items:    bombing = 1 + 4, kidnapping = 1 + 2         -> 4 found of 8
    # Document "b" has no gold template: P3 adds 1 type + 1 entity to precision only.
    # Totals: P = 4/9 = 44.44, R = 4/8 = 50.00, F1 = 2*4/(9+8) = 8/17 = 47.06.
    # Incident type: P = 1/3, R = 1/2, F1 = 0.4. PerpInd: P = 1/2, R = 1/1, F1 = 66.67.
    # GRIT ignores templates: gold entities of "a" merge to 5 (fmln once); predicted 5 in
    # "a" (Victim "jose perez" is now correct) and 1 in "b": P = 4/6, R = 4/5, F1 = 72.73.
    preds = {
        "a": [
            T(
                "bombing",
                {
                    "PerpInd": [["guerrillas"]],
                    "PerpOrg": [["the FMLN"]],
                    "Target": [["station"]],
                    "Weapon": [["a bomb"]],
                },
            ),
            T("attack", {"Victim": [["Jose Perez"]]}),
        ],
        "b": [T("attack", {"PerpInd": [["soldiers"]]})],
    }
    gtt = score_gtt(preds, GOLD)
    m = gtt.micro
    assert (m.p_num, m.p_den, m.r_num, m.r_den) == (4, 9, 4, 8)
    assert (_pct(m.precision), _pct(m.recall), _pct(m.f1)) == (44.44, 50.0, 47.06)
    assert _pct(gtt.counts["incident_type"].f1) == 40.0
    assert _pct(gtt.counts["PerpInd"].f1) == 66.67
    assert gtt.counts["Victim"].f1 == 0

    grit = score_grit(
        {d: extracts_from_templates(t) for d, t in preds.items()},
        {d: extracts_from_templates(t) for d, t in GOLD.items()},
    )
    g = grit.micro
    assert (g.p_num, g.p_den, g.r_num, g.r_den) == (4, 6, 4, 5)
    assert _pct(g.f1) == 72.73


def test_document_without_gold_only_costs_precision() -> None:
    gtt = score_gtt({"b": [T("attack", {"Target": [["bus"], ["car"]]})]}, {"b": []})
    m = gtt.micro
    assert (m.p_num, m.p_den, m.r_num, m.r_den) == (0, 3, 0, 0)
    # No prediction either: nothing is counted at all.
    empty = score_gtt({"b": []}, {"b": []}).micro
    assert (empty.p_den, empty.r_den) == (0, 0)


def test_template_with_incident_type_only_counts_one_item() -> None:
    gold = {"d": [T("attack", {"Victim": [["ana diaz"]]})]}
    m = score_gtt({"d": [T("attack")]}, gold).micro
    assert (m.p_num, m.p_den, m.r_num, m.r_den) == (1, 1, 1, 2)


def test_alignment_picks_the_best_permutation() -> None:
    gold = {
        "d": [
            T("attack", {"Victim": [["ana diaz"]], "PerpInd": [["soldiers"]]}),
            T("attack", {"Victim": [["luis gomez"]]}),
            T("bombing", {"Target": [["bank"]]}),
        ]
    }
    # Predicted in another order: aligning by position would score the types only.
    pred = {
        "d": [
            T("bombing", {"Target": [["the bank"]]}),
            T("attack", {"Victim": [["luis gomez"]]}),
            T("attack", {"Victim": [["ana diaz"]], "PerpInd": [["soldiers"]]}),
        ]
    }
    result = score_gtt(pred, gold)
    assert _pct(result.micro.f1) == 100.0
    assert result.documents["d"].alignment == {0: 2, 1: 1, 2: 0}


def test_incident_type_matches_as_substring_of_gold() -> None:
    gold = {"d": [T("bombing / attack", {"Weapon": [["bomb"]]})]}
    assert _pct(score_gtt({"d": [T("attack", {"Weapon": [["bomb"]]})]}, gold).micro.f1) == 100
    assert score_gtt({"d": [T("arson", {"Weapon": [["bomb"]]})]}, gold).micro.p_num == 0


def test_entities_are_not_aligned_one_to_one_in_gtt_but_are_in_grit() -> None:
    gold = {"d": [T("attack", {"PerpInd": [["guerrillas", "rebels"]]})]}
    pred = {"d": [T("attack", {"PerpInd": [["guerrillas"], ["rebels"]]})]}
    role = score_gtt(pred, gold).counts["PerpInd"]
    assert (role.p_num, role.p_den, role.r_num, role.r_den) == (2, 2, 1, 1)
    grit = score_grit(
        {d: extracts_from_templates(t) for d, t in pred.items()},
        {d: extracts_from_templates(t) for d, t in gold.items()},
    ).counts["PerpInd"]
    assert (grit.p_num, grit.p_den, grit.r_num, grit.r_den) == (1, 2, 1, 1)


def test_predicted_entity_with_several_mentions_needs_all_of_them() -> None:
    gold = {"d": [T("attack", {"PerpOrg": [["fmln", "farabundo marti front"]]})]}
    ok = score_gtt({"d": [T("attack", {"PerpOrg": [["FMLN", "fmln"]]})]}, gold)
    bad = score_gtt({"d": [T("attack", {"PerpOrg": [["fmln", "army"]]})]}, gold)
    assert ok.counts["PerpOrg"].p_num == 1 and bad.counts["PerpOrg"].p_num == 0


def test_normalisation_matches_the_original_scripts() -> None:
    assert normalize_string('The "Santo Tomas" farm') == "santo tomas farm"
    # Articles go wherever they are, not only in front; punctuation first ("a-1" -> "a1").
    assert normalize_string("members of the FMLN, a group") == "members of fmln group"
    assert normalize_string("a-1 battalion") == "a1 battalion"
    assert normalize_string("  car   bomb ") == "car bomb"


def test_gold_reading_drops_empty_entities_and_repeated_templates(tmp_path: Path) -> None:
    tpl = {
        "incident_type": "attack",
        "PerpInd": [[["guerrillas", 4]], []],
        "PerpOrg": [],
        "Target": [],
        "Victim": [],
        "Weapon": [],
    }
    line = {"docid": "TST2-MUC4-0007", "doctext": "the guerrillas", "templates": [tpl, tpl]}
    empty = {"docid": "TST2-MUC4-0008", "doctext": "nothing", "templates": []}
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(line) + "\n" + json.dumps(empty) + "\n")
    docs = read_gtt(path)
    assert [d.docid for d in docs] == ["TST2-MUC4-0007", "TST2-MUC4-0008"]
    assert docs[0].templates[0][1]["PerpInd"][0] == (("guerrillas", 4),)
    assert gold_templates(docs[0]) == [T("attack", {"PerpInd": [["guerrillas"]]})]
    assert gold_templates(docs[1]) == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "line 1: not JSON"),
        ('{"docid": "X", "doctext": "t"}', "'templates' must be a list"),
        (
            '{"docid": "X", "doctext": "t", "templates": [{"incident_type": "attack", '
            '"Victim": [[["ana", "3"]]]}]}',
            "expected [mention, offset]",
        ),
        (
            '{"docid": "X", "doctext": "t", "templates": [{"incident_type": "attack", '
            '"Place": []}]}',
            "unknown keys",
        ),
    ],
)
def test_malformed_gold_names_the_line(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content + "\n")
    with pytest.raises(DataFileError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        read_gtt(path)


def test_missing_gold_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        read_gtt(tmp_path / "test.json")


def test_gtt_document_keys() -> None:
    assert gtt_docid("TST1-MUC3-0001") == "10001"
    assert gtt_docid("TST2-MUC4-0100") == "20100"
    assert gtt_docid("DEV-MUC3-0001") == "DEV-MUC3-0001"


def test_grit_gold_merges_subsets_across_templates() -> None:
    templates = [
        T("attack", {"PerpInd": [["guerrillas", "guerrilla column"]]}),
        T("arson", {"PerpInd": [["guerrillas"]], "Target": [["truck"]]}),
        T("arson", {"PerpInd": [["Soldiers"]], "Target": [["tank truck", "truck"]]}),
    ]
    merged = extracts_from_templates(templates)
    assert merged["PerpInd"] == [("guerrillas", "guerrilla column"), ("soldiers",)]
    assert merged["Target"] == [("truck",)]


def test_max_matching_and_assignment() -> None:
    assert max_matching([[True, True], [True, False]]) == 2
    assert max_matching([[True], [True]]) == 1
    assert max_matching([]) == 0
    assert max_assignment([[3, 1], [3, 0]]) == 4
    assert max_assignment([[1, 5, 0]]) == 5


# --- the alignment search agrees with the exhaustive search of the original script ---


def _brute_force(pred: list[Template], gold: list[Template]) -> tuple[int, int, int, int]:
    """The original procedure: every mapping in product order, first strictly best kept."""
    best: tuple[float, tuple[int, int, int, int]] | None = None
    for mapping in itertools.product([*range(len(gold)), -1], repeat=len(pred)):
        used = [j for j in mapping if j != -1]
        if len(used) != len(set(used)):
            continue
        p_num = p_den = r_num = r_den = 0
        for p in pred:
            p_den += 1 + sum(len(p.entities(r)) for r in ROLES)
        for g in gold:
            r_den += 1 + sum(len(g.entities(r)) for r in ROLES)
        for i, j in enumerate(mapping):
            if j == -1 or pred[i].incident_type not in gold[j].incident_type:
                continue
            p_num += 1
            r_num += 1
            for r in ROLES:
                pe, ge = pred[i].entities(r), gold[j].entities(r)
                p_num += sum(any(set(x) <= set(y) for y in ge) for x in pe)
                r_num += sum(any(set(x) <= set(y) for x in pe) for y in ge)
        f = f1_score(p_num, p_den, r_num, r_den)
        if best is None or f > best[0]:
            best = (f, (p_num, p_den, r_num, r_den))
    assert best is not None
    return best[1]


_WORDS = st.sampled_from(["guerrillas", "fmln", "bomb", "bus", "ana diaz", "army"])
_ENTITY = st.lists(_WORDS, min_size=1, max_size=2)
_TEMPLATE = st.builds(
    lambda itype, fills: T(itype, dict(zip(ROLES, fills, strict=True))),
    st.sampled_from(["attack", "bombing", "arson"]),
    st.tuples(*[st.lists(_ENTITY, max_size=2) for _ in ROLES]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEMPLATE, max_size=4), st.lists(_TEMPLATE, max_size=3))
def test_alignment_search_equals_exhaustive_search(
    pred: list[Template], gold: list[Template]
) -> None:
    doc = score_document(pred, gold)
    totals = [
        sum(getattr(doc.counts[k], f) for k in SCORE_KEYS)
        for f in ("p_num", "p_den", "r_num", "r_den")
    ]
    assert tuple(totals) == _brute_force(pred, gold)


@given(st.text(max_size=40))
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_string(text)
    assert normalize_string(once) == once


@settings(max_examples=50, deadline=None)
@given(st.lists(_TEMPLATE, max_size=3))
def test_reader_round_trips_templates(
    tmp_path_factory: pytest.TempPathFactory, templates: list[Template]
) -> None:
    text = "guerrillas fmln bomb bus ana diaz army"
    raw = []
    for tpl in templates:
        item: dict[str, object] = {"incident_type": tpl.incident_type}
        for role in ROLES:
            item[role] = [[[m, text.find(m)] for m in ent] for ent in tpl.entities(role)]
        raw.append(item)
    path = tmp_path_factory.mktemp("gtt") / "dev.json"
    path.write_text(json.dumps({"docid": "TST1-MUC3-0001", "doctext": text, "templates": raw}))
    (doc,) = read_gtt(path)
    assert doc.raw_templates() == templates
