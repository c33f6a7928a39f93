"""Our events as MUC-4 templates, and the pieces of ``run`` that need no NLP pipeline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsevents.errors import NewsEventsError
from newsevents.evaluate.base import EvalOptions
from newsevents.evaluate.muc4 import (
    clean_filler,
    event_template,
    events_to_templates,
    incident_type,
    is_relevant,
    merge_templates,
    parse_dateline,
    read_datelines,
    run,
    sample_documents,
    write_predictions,
)
from newsevents.evaluate.scorers.muc4_gtt import GoldDocument, Template, gold_templates
from newsevents.model import (
    ActorKind,
    Claim,
    DateBasis,
    Event,
    Instrument,
    Modality,
    PlaceMention,
    Precision,
    Role,
    RoleType,
    Span,
    TimeRef,
)

PUBLISHED = dt.date(1990, 2, 4)


def _span(text: str) -> Span:
    return Span(start=0, end=len(text), text=text)


def _role(role: RoleType, text: str, kind: ActorKind = ActorKind.unknown, **extra: str) -> Role:
    return Role(role=role, text=text, name=extra.pop("name", text), kind=kind, **extra)


def _event(
    *triggers: str, mode: str | None = None, event_type: str = "ASSAULT", **extra: object
) -> Event:
    fields: dict[str, object] = {"type_confidence": 0.8, **extra}
    return Event(
        id="e",
        article_id="a",
        event_type=event_type,
        mode=mode,
        triggers=[_span(t) for t in triggers],
        **fields,  # type: ignore[arg-type]
    )


def test_bombing_with_claim_becomes_one_template() -> None:
    ev = _event(
        "bomb",
        "exploded",
        mode="explosives",
        roles=[
            _role(RoleType.perpetrator, "urban guerrillas", ActorKind.armed_group),
            _role(RoleType.target, "the electric power substation, which was guarded"),
        ],
        instruments=[Instrument(text="bomb", category="explosives")],
        claims=[Claim(claimant="FMLN", claimant_text="the fmln", actor_id="fmln", cue="claimed")],
    )
    (tpl,) = events_to_templates([ev], "", PUBLISHED)
    assert tpl == Template.build(
        "bombing",
        {
            "PerpInd": [["urban guerrillas"]],
            "PerpOrg": [["fmln"]],
            "Target": [["electric power substation"]],
            "Weapon": [["bomb"]],
        },
    )


def test_victims_are_named_people_without_titles_and_with_full_names() -> None:
    text = "gunmen killed colonel waldemar franklin quintero. quintero was 50."
    ev = _event(
        "killed",
        roles=[
            _role(RoleType.perpetrator, "gunmen", ActorKind.armed_group),
            _role(
                RoleType.victim,
                "quintero",
                ActorKind.person,
                name="Colonel Quintero",
                actor_id="unk_1",
            ),
            _role(RoleType.victim, "a peasant", ActorKind.civilians),
        ],
    )
    tpl = event_template(ev, text)
    assert tpl is not None
    assert tpl.entities("Victim") == (("waldemar franklin quintero",),)
    assert tpl.entities("PerpInd") == (("gunmen",),)


def test_possessor_of_a_killing_noun_is_the_victim() -> None:
    ev = _event(
        "murder",
        roles=[
            _role(
                RoleType.perpetrator,
                "luis carlos galan's",
                ActorKind.person,
                name="Luis Carlos Galan's",
                actor_id="unk_2",
            )
        ],
    )
    tpl = event_template(ev)
    assert tpl is not None
    assert tpl.entities("Victim") == (("luis carlos galan",),)
    assert tpl.entities("PerpInd") == ()


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (_event("kidnapped", mode="abduct"), "kidnapping"),
        (_event("burned", mode="destroy"), "arson"),
        (_event("looted", mode="destroy"), "robbery"),
        (_event("destroyed", mode="destroy"), "attack"),
        (_event("car bomb", mode="explosives"), "bombing"),
        (_event("armed strike", mode=None), "forced work stoppage"),
        (_event("shot", mode="firearms"), "attack"),
        (_event("arrested", mode="arrest", event_type="COERCE"), None),
        (_event("warned", event_type="THREATEN"), None),
    ],
)
def test_incident_types(event: Event, expected: str | None) -> None:
    assert incident_type(event) == expected


def test_non_incidents_are_left_out() -> None:
    victim = _role(RoleType.victim, "jose perez", ActorKind.person, actor_id="unk_3")
    denied = _event("attack", "attacked", roles=[victim], modality=Modality.negated)
    old = _event(
        "murder",
        roles=[victim],
        time=TimeRef(
            text="1980",
            start=dt.date(1980, 1, 1),
            end=dt.date(1980, 12, 31),
            precision=Precision.year,
            basis=DateBasis.expression,
        ),
    )
    clash = _event(
        "clash", "attacked", roles=[_role(RoleType.target, "soldiers", ActorKind.military)]
    )
    weak = _event("operation", type_confidence=0.5, roles=[victim])
    lone = _event("attack")
    # "Drug use is killing our children": the incident model finds no real incident there.
    figurative = _event("killing", roles=[victim], confidence=0.2)
    for ev in (denied, old, clash, weak, lone, figurative):
        assert not is_relevant(ev, PUBLISHED)
    # Threatened and attempted attacks are MUC-4 incidents (stage of execution).
    threatened = _event("kill", roles=[victim], modality=Modality.threatened)
    assert is_relevant(threatened, PUBLISHED)
    threat = threatened.model_copy(update={"event_type": "THREATEN", "mode": "violence"})
    assert is_relevant(threat, PUBLISHED) and incident_type(threat) == "attack"
    bomb_threat = threat.model_copy(update={"triggers": [Span(start=0, end=4, text="bomb")]})
    assert incident_type(bomb_threat) == "bombing"
    assert incident_type(threat.model_copy(update={"mode": "relations"})) is None
    # Without a publication date an old-looking date cannot be judged: the event stays.
    assert is_relevant(old, None)
    assert is_relevant(_event("attack", "attacked", roles=[victim]), PUBLISHED)


def test_merging_keeps_incidents_with_different_targets_apart() -> None:
    bus = Template.build("attack", {"Target": [["bus"]], "PerpInd": [["rebels"]]})
    bus_again = Template.build("attack", {"Target": [["the bus"]], "Weapon": [["rifle"]]})
    bank = Template.build("attack", {"Target": [["bank"]]})
    bare = Template.build("attack", {"PerpInd": [["guerrillas"]]})
    kidnap = Template.build("kidnapping", {"Target": [["bus"]]})
    merged = merge_templates([bus, bank, bus_again, bare, kidnap])
    assert merged == [
        Template.build(
            "attack",
            {
                "Target": [["bus"]],
                "PerpInd": [["rebels"], ["guerrillas"]],
                "Weapon": [["rifle"]],
            },
        ),
        bank,
        kidnap,
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the two high tension posts", "high tension posts"),
        ("some 100 members of the fmln", "members of the fmln"),
        ("a branch of the central bank, which was closed", "branch of the central bank"),
        ("mercenaries of that criminal organization", "mercenaries of that criminal organization"),
        ("at least 100 soldiers", "soldiers"),
        ("rodriguez porth's", "rodriguez porth"),
        ("the bus (route 302)", "bus"),
    ],
)
def test_clean_filler(text: str, expected: str) -> None:
    assert clean_filler(text) == expected


def test_datelines_give_publication_date_and_outlet(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "tst9"
    raw.mkdir(parents=True)
    (raw / "tst9-muc4").write_text(
        "TST9-MUC4-0001\n\n   SAN SALVADOR, 3 JAN 90 (ACAN-EFE) -- [TEXT] THE ARMY SAID\n\n"
        "TST9-MUC4-0002 (NOSC)\n\n   LIMA, NO DATE -- [TEXT] NOTHING\n\n"
        "TST9-MUC4-0003\n\n   PERTH, JUNE 11 89 (AFP) -- [TEXT] SOMETHING\n"
    )
    (raw / "key-tst9").write_text("TST9-MUC4-0001 7 FEB 91 --\n")
    lines = read_datelines(tmp_path)
    assert lines["TST9-MUC4-0001"].published == dt.date(1990, 1, 3)
    assert lines["TST9-MUC4-0001"].outlet == "ACAN-EFE"
    assert lines["TST9-MUC4-0002"].published is None
    assert lines["TST9-MUC4-0003"].published == dt.date(1989, 6, 11)
    assert read_datelines(tmp_path / "absent") == {}
    assert parse_dateline("BOGOTA, 31 FEB 90 (EFE)").published is None


def _doc(docid: str) -> GoldDocument:
    return GoldDocument(docid=docid, text="text", templates=())


def test_sample_is_seeded_and_keeps_file_order() -> None:
    docs = [_doc(f"TST1-MUC3-{i:04d}") for i in range(1, 21)]
    first = sample_documents(docs, 5, seed=13)
    assert first == sample_documents(docs, 5, seed=13)
    assert first != sample_documents(docs, 5, seed=14)
    assert [d.docid for d in first] == sorted(d.docid for d in first)
    assert len(first) == 5
    assert sample_documents(docs, None, seed=1) == docs


def test_predictions_file_is_in_gtt_format(tmp_path: Path) -> None:
    doc = GoldDocument(
        docid="TST2-MUC4-0007",
        text="a bomb exploded",
        templates=(("bombing", {"Weapon": ((("bomb", 2),),)}),),
    )
    pred = [Template.build("bombing", {"Weapon": [["a bomb"]]})]
    out = tmp_path / "preds.json"
    write_predictions(out, [doc], {doc.docid: pred}, {doc.docid: gold_templates(doc)})
    data = json.loads(out.read_text())
    entry = data["20007"]
    assert entry["pred_templates"] == [
        {
            "incident_type": "bombing",
            "PerpInd": [],
            "PerpOrg": [],
            "Target": [],
            "Victim": [],
            "Weapon": [["a bomb"]],
        }
    ]
    assert entry["gold_templates"][0]["Weapon"] == [["bomb"]]
    assert entry["pred_extracts"]["Weapon"] == [["a bomb"]]


def test_missing_split_names_the_expected_file(tmp_path: Path) -> None:
    with pytest.raises(NewsEventsError, match=r"gtt/test\.json"):
        run(EvalOptions(data=tmp_path, split="test"))


def test_perpetrators_affiliation_is_the_perpetrating_organisation() -> None:
    text = "members of the farabundo marti national liberation front (fmln) attacked a bridge."
    ev = _event(
        "attacked",
        roles=[
            _role(
                RoleType.perpetrator,
                "members of the farabundo marti national liberation front",
                ActorKind.armed_group,
                affiliation="Farabundo Marti National Liberation Front",
                affiliation_id="fmln",
            ),
            _role(RoleType.target, "a bridge"),
        ],
    )
    tpl = event_template(ev, text)
    assert tpl is not None
    assert tpl.entities("PerpOrg") == (("farabundo marti national liberation front",),)
    assert tpl.entities("PerpInd") == (
        ("members of the farabundo marti national liberation front",),
    )


def test_people_of_an_organisation_fill_both_perpetrator_slots() -> None:
    ev = _event(
        "kidnapped",
        mode="abduct",
        roles=[
            _role(
                RoleType.perpetrator,
                "terrorists of the farabundo marti national liberation front",
                ActorKind.armed_group,
            ),
            _role(RoleType.perpetrator, "gunmen of the crowd", ActorKind.civilians),
        ],
    )
    (tpl,) = events_to_templates([ev], "", PUBLISHED)
    assert tpl.entities("PerpInd") == (("terrorists",), ("gunmen of the crowd",))
    assert tpl.entities("PerpOrg") == (("farabundo marti national liberation front",),)


def test_victim_of_no_known_kind_named_in_the_text_is_a_victim() -> None:
    text = "Gunmen shot Jeffrey Brent Ball and the Socialist Front in Lima on Monday."
    ev = _event(
        "shot",
        roles=[
            _role(RoleType.victim, "jeffrey brent ball", actor_id="unk_1"),
            # Of no known kind too, but headed by an organisation noun: no person.
            _role(RoleType.victim, "the socialist front", actor_id="unk_2"),
        ],
    )
    (tpl,) = events_to_templates([ev], text, PUBLISHED)
    assert tpl.entities("Victim") == (("jeffrey brent ball",),)


def test_the_article_s_one_organisation_is_behind_an_incident_without_doers() -> None:
    claim = _event(
        "attacked",
        roles=[
            _role(RoleType.perpetrator, "the fmln", ActorKind.armed_group, actor_id="fmln"),
            _role(RoleType.target, "a bridge"),
        ],
    )
    bomb = _event(
        "bomb",
        "exploded",
        mode="explosives",
        roles=[_role(RoleType.target, "the power station")],
        instruments=[Instrument(text="bomb", category="explosives")],
    )
    templates = events_to_templates([claim, bomb], "", PUBLISHED)
    bombing = next(t for t in templates if t.incident_type == "bombing")
    assert bombing.entities("PerpOrg") == (("fmln",),)


def test_people_listed_with_a_named_victim_are_victims() -> None:
    text = (
        "Soldiers killed three journalists: Roberto Navas, a Reuter photographer, "
        "Coronel Lagrow and Mauricio Pineda in San Salvador. Mario Solorzano said so."
    )
    sentence = Span(start=0, end=text.index(" Mario"), text=text[: text.index(" Mario")])
    ev = _event(
        "killed",
        roles=[_role(RoleType.victim, "roberto navas", ActorKind.person, actor_id="unk_1")],
        sentences=[sentence],
    )
    (tpl,) = events_to_templates([ev], text, PUBLISHED)
    # "San Salvador" follows "in", and Mario Solorzano is in another sentence: no victims.
    assert tpl.entities("Victim") == (("roberto navas",), ("coronel lagrow",), ("mauricio pineda",))


def test_people_resolved_to_an_organisation_are_individual_perpetrators() -> None:
    ev = _event(
        "attacked",
        roles=[
            _role(RoleType.perpetrator, "fmln guerrillas", ActorKind.armed_group, actor_id="fmln"),
            _role(RoleType.target, "a bridge"),
        ],
    )
    (tpl,) = events_to_templates([ev], "fmln guerrillas attacked a bridge.", PUBLISHED)
    assert tpl.entities("PerpInd") == (("fmln guerrillas",),)
    # The organisation they were resolved to, by the name the text gives it.
    assert tpl.entities("PerpOrg") == (("fmln",),)


def test_victims_names_lose_their_descriptions_and_gain_their_second_surname() -> None:
    text = (
        "Bernardo Jaramillo Ossa spoke today. Police said that Social Democratic leader "
        "Hector Oqueli and Inspector Eulogio Flores were shot; Bernardo Jaramillo too."
    )
    ev = _event(
        "shot",
        roles=[
            _role(
                RoleType.victim,
                "social democratic leader hector oqueli",
                ActorKind.person,
                actor_id="unk_1",
            ),
            _role(RoleType.victim, "inspector eulogio flores", ActorKind.person, actor_id="unk_2"),
            _role(RoleType.victim, "bernardo jaramillo", ActorKind.person, actor_id="unk_3"),
        ],
    )
    (tpl,) = events_to_templates([ev], text, PUBLISHED)
    assert tpl.entities("Victim") == (
        ("hector oqueli",),
        ("eulogio flores",),
        ("bernardo jaramillo ossa",),
    )


def test_victims_are_full_names_and_no_place() -> None:
    ev = _event(
        "killed",
        roles=[
            _role(RoleType.victim, "fenastras", ActorKind.person, actor_id="unk_1"),
            _role(RoleType.victim, "san marcos lempa", ActorKind.person, actor_id="unk_2"),
            _role(RoleType.victim, "jose perez", ActorKind.person, actor_id="unk_3"),
        ],
        places=[PlaceMention(text="San Marcos Lempa")],
    )
    (tpl,) = events_to_templates([ev], "", PUBLISHED)
    assert tpl.entities("Victim") == (("jose perez",),)
