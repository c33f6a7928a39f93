"""ACLED sub-event typing rules (data/acled_typing.yaml) on hand-built events."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.errors import DataFileError
from newsevents.model import ActorKind, Count, CountCategory, Event, Role, RoleType, Span
from newsevents.ontology.acled_typing import default_typing, load_typing, refine_acled
from newsevents.ontology.crosswalk import crosswalk


def _span(text: str) -> Span:
    return Span(start=0, end=len(text), text=text)


def _event(
    event_type: str,
    mode: str | None,
    sentence: str,
    trigger: str,
    roles: tuple[tuple[RoleType, ActorKind, str], ...] = (),
    killed: int | None = None,
) -> Event:
    """An event typed by the crosswalk from its kinds, as the extractor first types it."""
    role_list = [Role(role=r, kind=k, text=t, name=t) for r, k, t in roles]
    agents = {RoleType.perpetrator, RoleType.actor}
    cw = crosswalk(
        event_type,
        mode,
        target_kinds=[r.kind.value for r in role_list if r.role not in agents],
        actor_kinds=[r.kind.value for r in role_list if r.role in agents],
    )
    count = None
    if killed is not None:
        count = Count(category=CountCategory.killed, best=killed, low=killed, text=str(killed))
    return Event(
        id="e1",
        article_id="a1",
        event_type=event_type,
        mode=mode,
        acled_event_type=cw.acled_event_type,
        acled_sub_event_type=cw.acled_sub_event_type,
        triggers=[_span(trigger)],
        sentences=[_span(sentence)],
        roles=role_list,
        killed=count,
    )


def _sub(event: Event) -> str | None:
    return refine_acled(event).acled_sub_event_type


P, T, V, A = RoleType.perpetrator, RoleType.target, RoleType.victim, RoleType.actor


def test_armed_target_named_by_words_makes_a_battle() -> None:
    ev = _event(
        "ASSAULT",
        None,
        "Militants attacked a checkpoint in the district.",
        "attacked",
        ((P, ActorKind.armed_group, "Militants"), (T, ActorKind.unknown, "a checkpoint")),
    )
    assert ev.acled_sub_event_type == "Attack"
    assert _sub(ev) == "Armed clash"


def test_civilians_shot_is_an_attack_not_a_battle() -> None:
    ev = _event(
        "ASSAULT",
        "firearms",
        "Gunmen opened fire on villagers in the market.",
        "opened fire",
        ((P, ActorKind.armed_group, "Gunmen"), (V, ActorKind.civilians, "villagers")),
    )
    assert _sub(ev) == "Attack"


def test_one_sided_shooting_without_armed_target_is_an_attack() -> None:
    ev = _event("ASSAULT", "firearms", "Militants opened fire in the town.", "opened fire")
    assert ev.acled_sub_event_type == "Armed clash"
    assert _sub(ev) == "Attack"


def test_two_sided_wording_makes_a_battle() -> None:
    ev = _event(
        "ASSAULT",
        None,
        "Rebels attacked the town, sparking clashes that lasted hours.",
        "attacked",
        ((P, ActorKind.armed_group, "Rebels"), (T, ActorKind.unknown, "the town")),
    )
    assert _sub(ev) == "Armed clash"


def test_chemical_agent_wins_over_the_delivery_means() -> None:
    ev = _event("ASSAULT", "heavy-weapons", "Shells filled with chlorine hit the city.", "hit")
    assert ev.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert _sub(ev) == "Chemical weapon"


def test_tear_gas_is_not_a_chemical_weapon() -> None:
    ev = _event(
        "ASSAULT",
        "crowd-control",
        "Police fired tear gas at protesters.",
        "fired",
        ((P, ActorKind.police, "Police"), (T, ActorKind.civilians, "protesters")),
    )
    assert _sub(ev) == "Protest with intervention"


def test_defused_bomb_is_disrupted_weapons_use_but_a_deadly_one_is_not() -> None:
    text = "Police defused a bomb found near the airport."
    assert _sub(_event("ASSAULT", "explosives", text, "bomb")) == "Disrupted weapons use"
    deadly = _event("ASSAULT", "explosives", "A bomb killed two people.", "bomb", killed=2)
    assert _sub(deadly) == "Remote explosive/landmine/IED"


def test_weapons_seized_are_disrupted_weapons_use() -> None:
    ev = _event(
        "COERCE",
        "seize",
        "Officers seized nine pistols.",
        "seized",
        ((A, ActorKind.police, "Officers"), (T, ActorKind.unknown, "nine pistols")),
    )
    assert _sub(ev) == "Disrupted weapons use"


@pytest.mark.parametrize(
    ("doer", "kind", "expected"),
    [
        ("government troops", ActorKind.unknown, "Government regains territory"),
        ("rebel fighters", ActorKind.unknown, "Non-state actor overtakes territory"),
    ],
)
def test_territory_is_typed_by_who_takes_it(doer: str, kind: ActorKind, expected: str) -> None:
    ev = _event(
        "COERCE", "seize", f"The {doer} captured the village.", "captured", ((A, kind, doer),)
    )
    assert _sub(ev) == expected


def test_territory_left_by_the_other_side_is_a_non_violent_transfer() -> None:
    ev = _event(
        "COERCE",
        "seize",
        "Rebels took control of the town after the army pulled out.",
        "took control",
        ((A, ActorKind.armed_group, "Rebels"),),
    )
    assert _sub(ev) == "Non-violent transfer of territory"


def test_protests_peaceful_violent_dispersed_and_deadly() -> None:
    calm = _event("PROTEST", "demo", "Thousands marched in the capital.", "marched")
    assert _sub(calm) == "Peaceful protest"
    violent = _event("PROTEST", "demo", "Protesters threw stones during the rally.", "rally")
    assert _sub(violent) == "Violent demonstration"
    dispersed = _event("PROTEST", "demo", "Police dispersed the rally with water cannon.", "rally")
    assert _sub(dispersed) == "Protest with intervention"
    deadly = _event(
        "ASSAULT",
        None,
        "Two demonstrators were killed when security forces used tear gas to disperse the protest.",
        "killed",
        ((V, ActorKind.civilians, "Two demonstrators"),),
        killed=2,
    )
    assert _sub(deadly) == "Excessive force against protesters"


def test_arrests_at_a_protest_are_an_intervention() -> None:
    ev = _event(
        "COERCE",
        "arrest",
        "Police detained four people during a protest.",
        "detained",
        ((A, ActorKind.police, "Police"), (RoleType.detainee, ActorKind.civilians, "four people")),
    )
    assert ev.acled_sub_event_type == "Arrests"
    assert _sub(ev) == "Protest with intervention"
    plain = _event("COERCE", "arrest", "Police detained four suspects.", "detained")
    assert _sub(plain) == "Arrests"


def test_mob_violence() -> None:
    ev = _event(
        "ASSAULT",
        None,
        "An angry mob of villagers killed two men.",
        "killed",
        (
            (P, ActorKind.civilians, "An angry mob of villagers"),
            (V, ActorKind.civilians, "two men"),
        ),
        killed=2,
    )
    assert _sub(ev) == "Mob violence"


def test_truce_between_warring_parties_is_an_agreement() -> None:
    ev = _event(
        "AGREE", None, "The two sides agreed a ceasefire.", "agreed", ((A, ActorKind.unknown, "X"),)
    )
    assert ev.acled_sub_event_type is None
    assert _sub(ev) == "Agreement"
    trade = _event(
        "AGREE", None, "The firms agreed a merger.", "agreed", ((A, ActorKind.unknown, "X"),)
    )
    assert _sub(trade) is None


def test_new_mobilize_modes_map_to_strategic_developments() -> None:
    assert crosswalk("MOBILIZE", "base").case_label == "HQ_ESTABLISHED"
    assert crosswalk("MOBILIZE", "group").case_label == "CHANGE_TO_GROUP_ACT"
    assert crosswalk("RETREAT", "withdraw").case_label == "NON_VIOL_TERRIT_TRANSFER"


def test_shipped_rules_load_and_name_known_pairs() -> None:
    typing = default_typing()
    assert typing.rules
    assert all(r.acled is None or len(r.acled) == 2 for r in typing.rules)


def test_rule_naming_an_unknown_cue_list_is_a_data_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "typing.yaml"
    bad.write_text(
        "cues: {armed: [troops]}\n"
        "rules:\n"
        "  - {name: r, types: [ASSAULT], patients: [missing], acled: [Battles, Armed clash]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="missing"):
        load_typing(bad)


def test_rule_naming_an_unknown_acled_pair_is_a_data_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "typing.yaml"
    bad.write_text(
        "cues: {armed: [troops]}\n"
        "rules:\n"
        "  - {name: r, types: [ASSAULT], patients: [armed], acled: [Battles, Skirmish]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="Skirmish"):
        load_typing(bad)
