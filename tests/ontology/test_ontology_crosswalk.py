"""PLOVER -> ACLED / CAMEO crosswalk: main pairs, conditions, coverage and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.errors import DataFileError
from newsevents.model import ActorKind
from newsevents.ontology import (
    UnknownTypeError,
    acled,
    cameo_to_plover,
    crosswalk,
    default_crosswalk,
    load_crosswalk,
    plover,
)
from newsevents.ontology.datafiles import data_path

EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
SD = "Strategic developments"


@pytest.mark.parametrize(
    ("event_type", "mode", "acled_type", "sub_type", "cameo"),
    [
        ("ASSAULT", "explosives", EXPLOSIONS, "Remote explosive/landmine/IED", "183"),
        ("ASSAULT", "suicide-attack", EXPLOSIONS, "Suicide bomb", "1831"),
        ("ASSAULT", "heavy-weapons", EXPLOSIONS, "Shelling/artillery/missile attack", "194"),
        ("ASSAULT", "aerial", EXPLOSIONS, "Air/drone strike", "195"),
        ("ASSAULT", "drone", EXPLOSIONS, "Air/drone strike", "195"),
        ("ASSAULT", "firearms", "Battles", "Armed clash", "193"),
        ("ASSAULT", "targeted", VAC, "Attack", "186"),
        ("ASSAULT", "abduct", VAC, "Abduction/forced disappearance", "181"),
        ("ASSAULT", "sexual", VAC, "Sexual violence", "1821"),
        ("ASSAULT", "destroy", SD, "Looting/property destruction", "1712"),
        ("ASSAULT", "unconventional", EXPLOSIONS, "Chemical weapon", "2041"),
        ("COERCE", "arrest", SD, "Arrests", "173"),
        ("PROTEST", "demo", "Protests", "Peaceful protest", "141"),
        ("PROTEST", "riot", "Riots", "Violent demonstration", "145"),
        ("MOBILIZE", "troops", SD, "Other", "154"),
        ("RETREAT", "ceasefire", SD, "Agreement", "0871"),
    ],
)
def test_main_pairs(event_type: str, mode: str, acled_type: str, sub_type: str, cameo: str) -> None:
    result = crosswalk(event_type, mode)
    assert (result.acled_event_type, result.acled_sub_event_type) == (acled_type, sub_type)
    assert result.cameo_code == cameo
    assert result.case_label == acled().case_label(acled_type, sub_type)


def test_target_kind_decides_firearms_and_unmoded_assault() -> None:
    assert crosswalk("ASSAULT", "firearms", target_kinds=["civilians"]).acled_event_type == VAC
    plain = crosswalk("ASSAULT", None)
    assert (plain.acled_event_type, plain.cameo_code) == (VAC, "180")
    on_troops = crosswalk("ASSAULT", None, target_kinds=[ActorKind.military])
    assert (on_troops.acled_event_type, on_troops.acled_sub_event_type) == (
        "Battles",
        "Armed clash",
    )
    assert on_troops.cameo_code == "190"
    on_people = crosswalk("ASSAULT", None, target_kinds={"civilians", "police"})
    assert on_people.acled_event_type == VAC


def test_actor_kind_decides_seizures() -> None:
    by_rebels = crosswalk("COERCE", "seize", actor_kinds=["armed_group"])
    assert by_rebels.acled_sub_event_type == "Non-state actor overtakes territory"
    assert by_rebels.cameo_code == "192"
    by_army = crosswalk("COERCE", "seize", actor_kinds=["military"])
    assert by_army.acled_sub_event_type == "Government regains territory"
    weapons = crosswalk("COERCE", "seize", actor_kinds=["police"], weapons=["explosives"])
    assert weapons.acled_sub_event_type == "Disrupted weapons use"
    assert crosswalk("COERCE", "seize").acled_sub_event_type == "Looting/property destruction"


def test_mob_violence_and_grenades() -> None:
    mob = crosswalk("ASSAULT", "beat", actor_kinds=["civilians"])
    assert (mob.acled_event_type, mob.acled_sub_event_type) == ("Riots", "Mob violence")
    grenade = crosswalk("ASSAULT", "explosives", weapons=["Grenade"])
    assert grenade.acled_sub_event_type == "Grenade"
    assert crosswalk("ASSAULT", "explosives", weapons=["rifle"]).acled_sub_event_type == (
        "Remote explosive/landmine/IED"
    )


def test_threats_and_support_have_no_acled_type() -> None:
    threat = crosswalk("THREATEN", "violence")
    assert (threat.acled_event_type, threat.cameo_code) == (None, "138")
    assert crosswalk("THREATEN", None).cameo_code == "130"
    support = crosswalk("SUPPORT", None)
    assert (support.acled_event_type, support.cameo_code) == (None, "051")
    allegiance = crosswalk(
        "SUPPORT", None, actor_kinds=["armed_group"], target_kinds=["armed_group"]
    )
    assert allegiance.acled_sub_event_type == "Change to group/activity"


def test_aliases_and_case_are_accepted_and_unknowns_raise() -> None:
    assert crosswalk("assault", "assassinate").cameo_code == "186"
    with pytest.raises(UnknownTypeError):
        crosswalk("ASSAULT", "arrest")
    with pytest.raises(UnknownTypeError):
        crosswalk("KILL", None)


def test_cameo_to_plover() -> None:
    assert cameo_to_plover("1832") == ("ASSAULT", "explosives")
    assert cameo_to_plover("173") == ("COERCE", "arrest")
    assert cameo_to_plover("19") == ("ASSAULT", None)
    assert cameo_to_plover("1951") == ("ASSAULT", "aerial")  # falls back to 195
    assert cameo_to_plover("999") is None


_KINDS = [k.value for k in ActorKind]
_PAIRS = [(t.name, m) for t in plover().types for m in (None, *sorted(t.mode_names))]


@settings(max_examples=200, deadline=None)
@given(
    pair=st.sampled_from(_PAIRS),
    targets=st.sets(st.sampled_from(_KINDS), max_size=3),
    actors=st.sets(st.sampled_from(_KINDS), max_size=3),
)
def test_every_valid_pair_maps_consistently(
    pair: tuple[str, str | None], targets: set[str], actors: set[str]
) -> None:
    event_type, mode = pair
    result = crosswalk(event_type, mode, target_kinds=targets, actor_kinds=actors)
    if result.acled_event_type is None:
        assert result.acled_sub_event_type is None and result.case_label is None
    else:
        assert result.acled_sub_event_type is not None
        assert acled().has(result.acled_event_type, result.acled_sub_event_type)
    if result.cameo_code is not None:
        entry = default_crosswalk().cameo[result.cameo_code]
        assert entry.plover == event_type


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = data_path("crosswalk.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "crosswalk.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("  - type: ASSAULT\n", "  - type: ASSAULTS\n", "ASSAULTS"),
        ("modes: [suicide-attack]", "modes: [suicide]", "suicide"),
        ("acled: [Explosions/Remote violence, Suicide bomb]", "acled: [Bombs, X]", "Bombs"),
        ('cameo: "1831"', 'cameo: "1839"', "1839"),
        ('cameo: "173"', 'cameo: "145"', "145"),
        ("target_kinds: [civilians]", "target_kinds: [civilian]", "civilian"),
    ],
)  # fmt: skip
def test_bad_crosswalk_names_file_and_problem(
    tmp_path: Path, old: str, new: str, needle: str
) -> None:
    path = _broken_copy(tmp_path, old, new)
    with pytest.raises(DataFileError) as err:
        load_crosswalk(path)
    assert err.value.path == str(path)
    assert needle in err.value.problem


def test_missing_catch_all_rule_is_rejected(tmp_path: Path) -> None:
    path = _broken_copy(
        tmp_path,
        '  - type: CONCEDE\n    acled: ~\n    cameo: "080"\n',
        '  - type: CONCEDE\n    actor_kinds: [state]\n    acled: ~\n    cameo: "080"\n',
    )
    with pytest.raises(DataFileError, match="CONCEDE"):
        load_crosswalk(path)
