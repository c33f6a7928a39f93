"""The HRDsAttack adapter: reading the split file, HTML paragraphs, place resolution and
reading hand-built events as an annotation. No spaCy needed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents.errors import DataFileError, NewsEventsError
from newsevents.evaluate.hrdsattack import (
    PERPETRATOR_TYPES,
    event_violations,
    html_text,
    load_mapping,
    main_event,
    normalised_country_accuracy,
    perpetrator_feature_names,
    perpetrator_features,
    perpetrator_head,
    predict,
    predict_by_rules,
    read_items,
    resolve_place,
    split_path,
    suspects_of,
)
from newsevents.evaluate.scorers.hrdsattack import HrdsPrediction, normalise_gold
from newsevents.model import (
    ActorKind,
    Count,
    CountCategory,
    DateBasis,
    Event,
    Modality,
    PlaceMention,
    Precision,
    Role,
    RoleType,
    Span,
    TimeRef,
)


def test_the_learned_head_reads_the_rules_features() -> None:
    """The shipped head fits the features and always answers one of the types; without a
    head, the rules' answer stands."""
    mapping = load_mapping()
    names = perpetrator_feature_names()
    rule = predict_by_rules([ARREST], mapping)
    features = perpetrator_features([ARREST], rule, mapping)
    assert len(features) == len(names) and features[names.index("rule=state actor")] == 1.0
    head = perpetrator_head()
    pred = predict([ARREST], mapping)
    if head is None:
        assert pred == rule
    else:
        assert pred.perpetrator_type in PERPETRATOR_TYPES
        assert dataclasses.replace(pred, perpetrator_type=rule.perpetrator_type) == rule
    assert predict([], mapping).perpetrator_type in (*PERPETRATOR_TYPES, None)


def _role(role: RoleType, text: str, kind: ActorKind, start: int = 0) -> Role:
    return Role(
        role=role,
        text=text,
        spans=[Span(start=start, end=start + len(text), text=text)],
        name=text,
        kind=kind,
        actor_id="unk_0123456789" if kind in (ActorKind.person, ActorKind.unknown) else None,
    )


def _event(
    event_type: str,
    mode: str | None,
    roles: list[Role],
    *,
    places: tuple[str, ...] = (),
    day: dt.date | None = None,
    killed: int | None = None,
    modality: Modality = Modality.asserted,
    confidence: float = 0.7,
) -> Event:
    time = (
        TimeRef(start=day, end=day, precision=Precision.day, basis=DateBasis.expression, text="x")
        if day
        else None
    )
    return Event(
        id=f"{event_type}-{mode}",
        article_id="a",
        event_type=event_type,
        mode=mode,
        triggers=[Span(start=0, end=4, text="held")],
        roles=roles,
        places=[PlaceMention(text=p, is_event_location=True) for p in places],
        time=time,
        killed=Count(category=CountCategory.killed, best=killed, text=str(killed))
        if killed
        else None,
        modality=modality,
        confidence=confidence,
    )


ARREST = _event(
    "COERCE",
    "arrest",
    [
        _role(RoleType.actor, "police", ActorKind.police, 0),
        _role(RoleType.detainee, "Ada Obi", ActorKind.person, 20),
    ],
    places=("Lagos",),
    day=dt.date(2019, 8, 22),
    confidence=0.8,
)
ABDUCTION = _event(
    "ASSAULT",
    "abduct",
    [
        _role(RoleType.perpetrator, "gunmen", ActorKind.armed_group, 40),
        _role(RoleType.victim, "Mr. Tunde Bello", ActorKind.person, 60),
    ],
    killed=1,
)


def test_violations_from_the_mapping_rules() -> None:
    mapping = load_mapping()
    assert event_violations(ARREST, mapping) == {"arbitrary detention"}
    assert event_violations(ABDUCTION, mapping) == {"kidnapping", "killing"}
    by_state = ABDUCTION.model_copy(
        update={"roles": [_role(RoleType.perpetrator, "soldiers", ActorKind.military)]}
    )
    assert "enforced disappearance" in event_violations(by_state, mapping)
    denied = ARREST.model_copy(update={"modality": Modality.denied})
    assert event_violations(denied, mapping) == set()
    protest = _event("PROTEST", "demo", [])
    assert event_violations(protest, mapping) == set()


def test_predict_reads_events_as_an_annotation() -> None:
    mapping = load_mapping()
    assert main_event([ABDUCTION, ARREST], mapping) is ARREST  # named victim, more confident
    pred = predict_by_rules([ABDUCTION, ARREST], mapping)
    assert pred.violation_types == frozenset({"arbitrary detention", "kidnapping", "killing"})
    assert pred.perpetrator_type == "state actor"
    assert pred.perpetrator_mention is True
    assert (pred.city, pred.region, pred.country) == ("Lagos", None, "Nigeria")
    assert (pred.year, pred.month, pred.date) == ("2019", "August", "22")
    # Named victims in order of mention, without the courtesy title.
    assert pred.victim_names == ("Ada Obi", "Tunde Bello")


def test_predict_without_violation_events_answers_only_where_and_when() -> None:
    mapping = load_mapping()
    assert predict_by_rules([], mapping) == HrdsPrediction()
    march = _event("PROTEST", "demo", [], places=("Lagos",), day=dt.date(2020, 5, 4))
    pred = predict_by_rules([march], mapping)
    assert (pred.country, pred.city, pred.year) == ("Nigeria", "Lagos", "2020")
    assert not pred.violation_types and pred.perpetrator_type is None
    assert pred.victim_names == () and pred.month is None


def test_arrest_without_named_agent_implies_a_state_perpetrator() -> None:
    alone = _event("COERCE", "arrest", [_role(RoleType.detainee, "Ada Obi", ActorKind.person)])
    assert predict_by_rules([alone], load_mapping()).perpetrator_type == "state actor"
    unknown = _event(
        "ASSAULT",
        "beat",
        [_role(RoleType.perpetrator, "assailants", ActorKind.unknown)],
    )
    assert predict_by_rules([unknown], load_mapping()).perpetrator_type == "insufficient info"


def test_an_abduction_is_by_the_state_only_when_every_known_doer_acts_for_it() -> None:
    gunmen = _role(RoleType.perpetrator, "gunmen", ActorKind.armed_group)
    police = _role(RoleType.perpetrator, "police", ActorKind.police)
    mixed = _event("ASSAULT", "abduct", [gunmen, police])
    assert event_violations(mixed, load_mapping()) == {"kidnapping"}
    by_police = _event("ASSAULT", "abduct", [police])
    assert event_violations(by_police, load_mapping()) == {"enforced disappearance"}


def test_a_trigger_word_of_another_mode_adds_its_violation() -> None:
    # "kidnapped and tortured": one event of mode abduct, whose "tortured" is a torture.
    words = [Span(start=0, end=9, text="kidnapped"), Span(start=14, end=22, text="tortured")]
    victim = _role(RoleType.victim, "Ada Obi", ActorKind.person)
    event = _event("ASSAULT", "abduct", [victim]).model_copy(update={"triggers": words})
    assert event_violations(event, load_mapping()) == {"kidnapping", "torture"}
    beaten = event.model_copy(update={"triggers": words[:1]})
    assert event_violations(beaten, load_mapping()) == {"kidnapping"}


def test_a_victims_name_loses_a_capitalised_description_or_title() -> None:
    journalist = _role(RoleType.detainee, "Journalist Ada Obi", ActorKind.person)
    governor = _role(RoleType.victim, "Gov. Tunde Bello", ActorKind.person, 30)
    events = [
        _event("COERCE", "arrest", [journalist]),
        _event("ASSAULT", "beat", [governor]),
    ]
    assert predict_by_rules(events, load_mapping()).victim_names == ("Ada Obi", "Tunde Bello")


def test_a_kidnapping_without_named_doer_implies_a_non_state_perpetrator() -> None:
    victim = _role(RoleType.victim, "Ada Obi", ActorKind.person)
    kidnapping = _event("ASSAULT", "abduct", [victim])
    pred = predict_by_rules([kidnapping], load_mapping())
    assert pred.perpetrator_type == "other actors without permissions"


def test_an_institutional_doer_wins_over_a_person_beside_it() -> None:
    # "A man and police officers beat the activist": who acts for an institution says
    # more of the perpetrator's type, whatever the order of confidence.
    man = _role(RoleType.perpetrator, "a man", ActorKind.civilians)
    police = _role(RoleType.perpetrator, "police officers", ActorKind.police)
    beating = _event("ASSAULT", "beat", [man, police.model_copy(update={"confidence": 0.4})])
    assert predict_by_rules([beating], load_mapping()).perpetrator_type == "state actor"


def test_a_person_affiliated_with_an_agent_takes_its_kind() -> None:
    judge = _role(RoleType.actor, "Alma Rusk", ActorKind.person).model_copy(
        update={"affiliation": "judiciary", "affiliation_id": "judiciary"}
    )
    detainee = _role(RoleType.detainee, "Ada Obi", ActorKind.person, 20)
    pred = predict_by_rules([_event("COERCE", "arrest", [judge, detainee])], load_mapping())
    assert pred.perpetrator_type == "state actor"


def test_resolve_place_levels() -> None:
    nigeria = resolve_place("Nigeria")
    assert nigeria is not None and (nigeria.level, nigeria.country) == ("country", "NG")
    usa = resolve_place("the U.S.")
    assert usa is not None and usa.name == "United States"
    istanbul = resolve_place("Turkey’s Istanbul")
    assert istanbul is not None and (istanbul.level, istanbul.country) == ("city", "TR")
    california = resolve_place("California")
    assert california is not None and california.level == "region"
    assert resolve_place("Nowhereville Xyz") is None
    # A city-state territory is a city of its country, as the annotators wrote it.
    hong_kong = resolve_place("Hong Kong")
    assert hong_kong is not None and (hong_kong.level, hong_kong.country) == ("city", "CN")
    pred = predict_by_rules(
        [ARREST.model_copy(update={"places": [PlaceMention(text="Hong Kong")]})], load_mapping()
    )
    assert (pred.city, pred.country) == ("Hong Kong", "China")


def test_normalised_country_accuracy_ignores_spelling() -> None:
    golds = [normalise_gold(1, {"country": "USA"}), normalise_gold(2, {"country": "None"})]
    preds = [HrdsPrediction(country="United States"), HrdsPrediction()]
    assert normalised_country_accuracy(golds, preds) == 100.0
    assert normalised_country_accuracy(golds, [HrdsPrediction(country="Kenya")] * 2) == 0.0


def test_html_text_keeps_paragraphs() -> None:
    fragment = "<p>First &amp; one.</p> <p>Second <b>bold</b>\n line.</p>"
    assert html_text(fragment) == "First & one.\n\nSecond bold line."


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="<>&"), max_size=30)))
def test_html_text_never_leaves_tags(paragraphs: list[str]) -> None:
    fragment = "".join(f"<p>{p}</p>" for p in paragraphs)
    out = html_text(fragment)
    assert "<p>" not in out and "</p>" not in out
    assert out == "\n\n".join(" ".join(p.split()) for p in paragraphs if p.split())


def test_read_items_and_missing_split(tmp_path: Path) -> None:
    item = {
        "sample": {
            "Input.GLOBALEVENTID": 42,
            "Input.title": "Reporter detained",
            "Input.publish_date": "2021-03-08 23:00:34",
            "Input.article_interface": "<p>Police detained a reporter in Lagos on Monday.</p>",
        },
        "merged_sample": {
            "perpetrator_mention": True,
            "perpetrator_type": "state actor",
            "violation_types": ["arbitrary detention"],
            "year": "2021",
            "month": "03",
            "date": None,
            "city": "Lagos",
            "region": "None",
            "country": "Nigeria",
            "victims": [],
        },
    }
    (tmp_path / "dev.json").write_text(json.dumps([item]), encoding="utf-8")
    [read] = read_items(split_path(tmp_path, "dev"), load_mapping().corrections)
    assert read.doc_id == 42
    assert read.article.published == dt.date(2021, 3, 8)
    assert read.article.text.startswith("Reporter detained\n\nPolice detained a reporter")
    assert read.gold.month == "March" and read.gold.region is None
    with pytest.raises(NewsEventsError, match=r"test\.json"):
        split_path(tmp_path, "test")


def test_bad_mapping_file_is_a_data_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "hrdsattack.yaml"
    bad.write_text("violations: [{label: stabbing, types: [ASSAULT]}]\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        load_mapping(bad)


def test_victim_names_are_named_people_by_the_extractors_full_name() -> None:
    mapping = load_mapping()
    # A pronoun resolved to a person keeps the person's name, not the pronoun's text.
    by_pronoun = _role(RoleType.detainee, "He", ActorKind.person, 5).model_copy(
        update={"name": "Ada Obi"}
    )
    # A description written with a capital ("Entertainers") has no identity: not a name.
    described = _role(RoleType.detainee, "Entertainers", ActorKind.person, 30).model_copy(
        update={"actor_id": None}
    )
    # A capitalised phrase of unknown kind ("Human Rights Day") is not a person.
    unknown = _role(RoleType.detainee, "Human Rights Day", ActorKind.unknown, 50)
    held = _event("COERCE", "arrest", [by_pronoun, described, unknown])
    assert predict_by_rules([held], mapping).victim_names == ("Ada Obi",)


def test_an_arrest_for_an_ordinary_crime_is_no_arbitrary_detention() -> None:
    mapping = load_mapping()
    sentence = "Police arrested Ada Obi and charged her with kidnapping."
    suspect = ARREST.model_copy(
        update={"sentences": [Span(start=0, end=len(sentence), text=sentence)]}
    )
    assert event_violations(suspect, mapping, labels=True) == set()
    # The arrest still tells whom and where the article is about.
    assert event_violations(suspect, mapping) == {"arbitrary detention"}
    pred = predict_by_rules([ABDUCTION, suspect], mapping)
    assert pred.violation_types == frozenset({"kidnapping", "killing"})
    assert "Ada Obi" in pred.victim_names
    activist = "Police arrested Ada Obi on charges of sedition."
    defender = ARREST.model_copy(
        update={"sentences": [Span(start=0, end=len(activist), text=activist)]}
    )
    assert event_violations(defender, mapping, labels=True) == {"arbitrary detention"}


def test_the_arrest_of_a_violations_doer_is_no_arbitrary_detention() -> None:
    mapping = load_mapping()
    kidnapper = _role(RoleType.perpetrator, "Tunde Bello", ActorKind.person, 0).model_copy(
        update={"actor_id": "unk_kidnapper"}
    )
    victim = _role(RoleType.victim, "Ada Obi", ActorKind.person, 30).model_copy(
        update={"actor_id": "unk_victim"}
    )
    abduction = _event(
        "ASSAULT",
        "abduct",
        [kidnapper, victim],
        confidence=0.6,
    )
    held = kidnapper.model_copy(update={"role": RoleType.detainee})
    arrest = _event(
        "COERCE",
        "arrest",
        [_role(RoleType.actor, "police", ActorKind.police, 50), held],
        confidence=0.9,
    )
    assert suspects_of([abduction, arrest], mapping) == {"unk_kidnapper"}
    pred = predict_by_rules([abduction, arrest], mapping)
    assert pred.violation_types == frozenset({"kidnapping"})
    # The kidnapping is the main event, though the arrest is told more confidently: the
    # perpetrator is the kidnapper, not the police who caught him.
    assert main_event([abduction, arrest], mapping) is abduction
    assert pred.perpetrator_type == "other non-state actors"


def test_a_charge_without_detention_is_other() -> None:
    mapping = load_mapping()
    charged = ARREST.model_copy(update={"triggers": [Span(start=0, end=7, text="charged")]})
    assert event_violations(charged, mapping, labels=True) == {"other"}
    jailed = ARREST.model_copy(
        update={
            "triggers": [Span(start=0, end=7, text="charged"), Span(start=9, end=15, text="jailed")]
        }
    )
    assert event_violations(jailed, mapping, labels=True) == {"arbitrary detention"}


def test_whoever_is_named_holding_someone_acts_for_the_state() -> None:
    mapping = load_mapping()
    jailer = _role(RoleType.actor, "Tunde Bello", ActorKind.person, 0)
    held = _role(RoleType.detainee, "Ada Obi", ActorKind.person, 30)
    jailed = _event("COERCE", "arrest", [jailer, held])
    assert predict_by_rules([jailed], mapping).perpetrator_type == "state actor"
    # An armed group that holds someone keeps its own type.
    gang = _role(RoleType.actor, "gunmen", ActorKind.armed_group, 0)
    captive = _event("COERCE", "arrest", [gang, held])
    assert (
        predict_by_rules([captive], mapping).perpetrator_type == "other actors without permissions"
    )


def test_an_arrest_of_an_attacker_is_no_arbitrary_detention() -> None:
    mapping = load_mapping()
    sentence = "Police arrested two of his alleged assailants on Monday."
    suspects = ARREST.model_copy(
        update={"sentences": [Span(start=0, end=len(sentence), text=sentence)]}
    )
    assert event_violations(suspects, mapping, labels=True) == set()


def test_a_threat_made_is_labelled_other_but_tells_nothing_else() -> None:
    mapping = load_mapping()
    threat = _event(
        "ASSAULT",
        None,
        [_role(RoleType.victim, "Tunde Bello", ActorKind.person, 40)],
        places=("Kenya",),
        modality=Modality.threatened,
    )
    assert event_violations(threat, mapping) == set()
    assert event_violations(threat, mapping, labels=True) == {"other"}
    pred = predict_by_rules([ARREST, threat], mapping)
    assert pred.violation_types == frozenset({"arbitrary detention", "other"})
    assert pred.country == "Nigeria" and pred.victim_names == ("Ada Obi",)


def test_victim_names_lose_piled_titles_and_lone_words() -> None:
    mapping = load_mapping()
    sergeant = _role(RoleType.victim, "Police Sergeant Ada Obi", ActorKind.person, 0)
    lone = _role(RoleType.victim, "Bicol", ActorKind.person, 30).model_copy(
        update={"actor_id": "unk_lone"}
    )
    beating = _event("ASSAULT", "beat", [sergeant, lone])
    assert predict_by_rules([beating], mapping).victim_names == ("Ada Obi",)
