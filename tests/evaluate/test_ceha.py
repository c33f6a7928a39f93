"""CEHA: reading the CSV, the relevance and conflict-type readings of hand-built events, and
the scores against hand-computed values. No spaCy needed."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from newsevents.errors import NewsEventsError
from newsevents.evaluate.ceha import (
    OTHER,
    CehaRow,
    conflict_events,
    load_mapping,
    predict_types,
    read_rows,
    score,
)
from newsevents.model import ActorKind, Event, Modality, PlaceMention, Role, RoleType, Span

COLUMNS = [
    "Annotator",
    "ACLED/GDELT",
    "Index",
    "Time",
    "Country",
    "Actor 1",
    "Actor 2",
    "Article Url",
    "Event Description",
    "Is the event relevant?",
    "Why is the event NOT relevant? \n(if applicable)",
    "tribal/communal/ethnic conflict",
    "religious conflict",
    "socio-political violence against women",
    "climate-related security risks",
    "Other",
    "train_dev_test_split",
]


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})


def test_read_rows_by_split(tmp_path: Path) -> None:
    _write(
        tmp_path / "ceha-train-dev.csv",
        [
            {
                "Index": "X1",
                "Time": "20210806",
                "Event Description": "Clan militias fought.\nTwo herders were killed.",
                "Is the event relevant?": "Yes",
                "tribal/communal/ethnic conflict": "X",
                "train_dev_test_split": "dev",
            },
            {
                "Index": "X2",
                "Time": "2016-12-05",
                "Event Description": "A summit was held.",
                "Is the event relevant?": "No",
                "train_dev_test_split": "train",
            },
        ],
    )
    [row] = read_rows(tmp_path, "dev")
    assert row.index == "X1" and row.relevant
    assert row.published == dt.date(2021, 8, 6)
    assert "\nTwo herders" in row.text  # quoted multi-line fields survive
    assert row.types == frozenset({"tribal/communal/ethnic conflict"})
    [train] = read_rows(tmp_path, "train")
    assert train.published == dt.date(2016, 12, 5) and not train.relevant
    with pytest.raises(NewsEventsError, match="'test'"):
        read_rows(tmp_path, "test")


def _role(role: RoleType, text: str, kind: ActorKind, actor_id: str | None = None) -> Role:
    return Role(
        role=role,
        text=text,
        spans=[Span(start=0, end=len(text), text=text)],
        name=text,
        kind=kind,
        actor_id=actor_id,
    )


def _event(
    event_type: str,
    mode: str | None = None,
    roles: tuple[Role, ...] = (),
    places: tuple[str, ...] = (),
    modality: Modality = Modality.asserted,
) -> Event:
    return Event(
        id="e",
        article_id="a",
        event_type=event_type,
        mode=mode,
        triggers=[Span(start=0, end=6, text="killed")],
        roles=list(roles),
        places=[PlaceMention(text=p) for p in places],
        modality=modality,
    )


def test_conflict_events_need_violence_fact_and_region() -> None:
    mapping = load_mapping()
    inside = _event("ASSAULT", "firearms", places=("Mogadishu",))
    outside = _event("ASSAULT", "firearms", places=("Paris",))
    unplaced = _event("ASSAULT", "firearms")
    peaceful = _event("PROTEST", "demo", places=("Nairobi",))
    riot = _event("PROTEST", "riot", places=("Nairobi",))
    hypothetical = _event("ASSAULT", "firearms", modality=Modality.hypothetical)
    found = conflict_events([inside, outside, unplaced, peaceful, riot, hypothetical], mapping)
    assert found == [inside, unplaced, riot]


def test_conflict_types_from_participants() -> None:
    mapping = load_mapping()
    clan = _event(
        "ASSAULT", roles=(_role(RoleType.perpetrator, "clan militia", ActorKind.armed_group),)
    )
    assert predict_types([clan], mapping) == frozenset({"tribal/communal/ethnic conflict"})
    women = _event("ASSAULT", roles=(_role(RoleType.victim, "two women", ActorKind.civilians),))
    assert predict_types([women], mapping) == frozenset({"socio-political violence against women"})
    shabaab = _event(
        "ASSAULT",
        roles=(_role(RoleType.perpetrator, "al-Shabaab", ActorKind.armed_group, "al_shabaab"),),
    )
    assert predict_types([shabaab], mapping) == frozenset({"religious conflict"})
    soldiers = _event(
        "ASSAULT", roles=(_role(RoleType.perpetrator, "soldiers", ActorKind.military),)
    )
    assert predict_types([soldiers], mapping) == frozenset({OTHER})
    # "women" as perpetrators is no violence against women.
    attackers = _event(
        "ASSAULT", roles=(_role(RoleType.perpetrator, "women", ActorKind.civilians),)
    )
    assert predict_types([attackers], mapping) == frozenset({OTHER})


def test_a_claimant_is_a_side_of_the_incident() -> None:
    from newsevents.model import Claim, ClaimStance

    mapping = load_mapping()
    claimed = _event("ASSAULT", roles=(_role(RoleType.target, "the palace", ActorKind.state),))
    claimed.claims = [
        Claim(
            claimant="al-Shabaab",
            claimant_text="Al-Shabab",
            actor_id="al_shabaab",
            stance=ClaimStance.claimed,
            cue="claimed responsibility for",
        )
    ]
    assert predict_types([claimed], mapping) == frozenset({"religious conflict"})


def _row(relevant: bool, types: set[str]) -> CehaRow:
    return CehaRow(index="i", text="t", published=None, relevant=relevant, types=frozenset(types))


def test_scores_hand_computed() -> None:
    rows = [
        _row(True, {"religious conflict"}),
        _row(True, {"tribal/communal/ethnic conflict", "religious conflict"}),
        _row(False, set()),
        _row(True, {"Other"}),
    ]
    relevant = [True, False, True, True]
    types = [
        frozenset({"religious conflict"}),
        frozenset({"tribal/communal/ethnic conflict"}),
        frozenset({OTHER}),
        frozenset({"religious conflict"}),
    ]
    scores, details = score(rows, relevant, types)
    # Relevance: predicted 3, gold 3, both 2.
    assert scores["relevance_p"] == pytest.approx(200 / 3)
    assert scores["relevance_r"] == pytest.approx(200 / 3)
    assert scores["relevance_acc"] == pytest.approx(50.0)
    # Types on the 3 gold-relevant rows: predicted 3 labels, gold 4, correct 2.
    assert scores["type_p"] == pytest.approx(200 / 3)
    assert scores["type_r"] == pytest.approx(50.0)
    assert scores["type_f1"] == pytest.approx(100 * 2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    # religious: predicted 2, gold 2, correct 1.
    assert scores["type_f1_religious conflict"] == pytest.approx(50.0)
    assert scores["type_f1_Other"] == 0.0
    assert details["n_gold_relevant"] == 3


def test_scores_perfect_and_empty() -> None:
    rows = [_row(True, {"religious conflict"}), _row(False, set())]
    perfect, _ = score(rows, [True, False], [frozenset({"religious conflict"}), frozenset()])
    assert perfect["relevance_f1"] == 100.0 and perfect["type_f1"] == 100.0
    nothing, _ = score(rows, [False, False], [frozenset({OTHER}), frozenset({OTHER})])
    assert nothing["relevance_f1"] == 0.0 and nothing["type_f1"] == 0.0
    assert nothing["relevance_acc"] == 50.0
