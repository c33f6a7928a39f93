"""ACLED taxonomy: 6 types, 25 sub-types, CASE 2021 labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.errors import DataFileError
from newsevents.ontology import acled, load_acled
from newsevents.ontology.acled import CASE_LABELS
from newsevents.ontology.datafiles import data_path


def test_six_types_and_twenty_five_sub_types() -> None:
    tax = acled()
    assert [t.name for t in tax.event_types] == [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ]
    subs = [s for t in tax.event_types for s in t.sub_event_types]
    assert len(subs) == 25
    assert {s.case_label for s in subs} == CASE_LABELS


@pytest.mark.parametrize(
    ("event_type", "sub_type", "label"),
    [
        ("Battles", "Non-state actor overtakes territory", "NON_STATE_ACTOR_OVERTAKES_TER"),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", "REM_EXPLOS"),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", "ART_MISS_ATTACK"),
        ("Violence against civilians", "Abduction/forced disappearance", "ABDUCT_DISSAP"),
        ("Protests", "Excessive force against protesters", "FORCE_AGAINST_PROTEST"),
        ("Strategic developments", "Looting/property destruction", "PROPERTY_DISTRUCT"),
    ],
)
def test_case_labels_both_ways(event_type: str, sub_type: str, label: str) -> None:
    tax = acled()
    assert tax.case_label(event_type, sub_type) == label
    assert tax.from_case_label(label) == (event_type, sub_type)


def test_has_checks_the_pair() -> None:
    tax = acled()
    assert tax.has("Riots", "Mob violence")
    assert not tax.has("Protests", "Mob violence")
    assert not tax.has("Terrorism")


def test_unknown_case_label_is_rejected(tmp_path: Path) -> None:
    text = data_path("acled.yaml").read_text(encoding="utf-8")
    path = tmp_path / "acled.yaml"
    path.write_text(text.replace("case_label: GRENADE", "case_label: HAND_GRENADE"), "utf-8")
    with pytest.raises(DataFileError) as err:
        load_acled(path)
    assert "HAND_GRENADE" in err.value.problem
    assert err.value.path == str(path)
