"""``newsevents eval coder``: the mapping file, reading coder-gold files, our events in the
gold's vocabulary, and whole runs (with a stand-in extractor, and on the shared data)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import DataFileError, InputError, NewsEventsError
from newsevents.evaluate import DATASETS, EvalOptions, get_runner
from newsevents.evaluate.coder import (
    format_details,
    load_mapping,
    read_items,
    run,
    split_paths,
    system_event,
)
from newsevents.model import (
    ActorKind,
    Article,
    ArticleResult,
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

SHARED_CODER = Path(__file__).resolve().parents[3] / "shared" / "data" / "coder-gold"

TEXT = (
    "Gunmen killed two villagers in Gao on Sunday. Police arrested a man on Monday. "
    "The minister condemned the attack."
)
SUNDAY = dt.date(2021, 3, 7)


def _record(**changes: Any) -> dict[str, Any]:
    killing = {
        "id": "E1",
        "core": True,
        "plover_type": "ASSAULT",
        "plover_mode": "firearms",
        "acled_sub_event_type": "Attack",
        "perpetrators": [{"text": "Gunmen", "start": 0, "end": 6, "kind": "unknown"}],
        "targets": [{"text": "two villagers", "start": 14, "end": 27, "kind": "civilian"}],
        "place": {
            "text": "Gao",
            "start": 31,
            "end": 34,
            "country_iso3": "MLI",
            "admin1": "Gao",
            "precision": "exact",
        },
        "date": {"start": "2021-03-07", "end": "2021-03-07", "precision": "day", "text": "Sunday"},
        "counts": {"killed": 2, "injured": None, "kidnapped": None, "arrested": 1, "text": None},
        "modality": "asserted",
        "claimed_by": [],
        "according_to": [],
        "evidence": [{"start": 0, "end": 45}],
    }
    condemnation = {
        "id": "E2",
        "core": False,
        "plover_type": "ACCUSE",
        "plover_mode": "disapprove",
        "acled_sub_event_type": None,
        "perpetrators": [],
        "targets": [],
        "place": None,
        "date": None,
        "counts": {},
        "modality": "asserted",
        "evidence": [{"start": 79, "end": 113}],
    }
    record = {
        "doc_id": "wire:1",
        "pool": "wire",
        "published": "2021-03-08",
        "title": None,
        "text": TEXT,
        "events": [killing, condemnation],
        "notes": "",
    }
    record.update(changes)
    return record


def _write(path: Path, *records: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _span(start: int, end: int) -> Span:
    return Span(start=start, end=end, text=TEXT[start:end])


def _role(role: RoleType, start: int, end: int, kind: ActorKind) -> Role:
    text = TEXT[start:end]
    return Role(role=role, text=text, spans=[_span(start, end)], name=text, kind=kind)


def _killing(**changes: Any) -> Event:
    fields: dict[str, Any] = {
        "id": "k1",
        "article_id": "wire:1",
        "event_type": "ASSAULT",
        "mode": "firearms",
        "acled_sub_event_type": "Attack",
        "triggers": [_span(7, 13)],
        "sentences": [_span(0, 45)],
        "roles": [
            _role(RoleType.perpetrator, 0, 6, ActorKind.armed_group),
            _role(RoleType.victim, 14, 27, ActorKind.civilians),
        ],
        "places": [
            PlaceMention(
                text="Gao",
                spans=[_span(31, 34)],
                is_event_location=True,
                name="Gao",
                country_iso3="MLI",
                admin1="Gao",
            )
        ],
        "time": TimeRef(
            start=SUNDAY, end=SUNDAY, precision=Precision.day, basis=DateBasis.expression
        ),
        "killed": Count(category=CountCategory.killed, best=2, text="two"),
        "confidence": 0.8,
    }
    fields.update(changes)
    return Event(**fields)


def _arrest() -> Event:
    return Event(
        id="a1",
        article_id="wire:1",
        event_type="COERCE",
        mode="arrest",
        triggers=[_span(53, 61)],
        sentences=[_span(46, 78)],
        roles=[_role(RoleType.detainee, 62, 67, ActorKind.person)],
        confidence=0.4,
    )


# -- the mapping file ---------------------------------------------------------------------


def test_mapping_reads_every_actor_kind_and_modality() -> None:
    mapping = load_mapping()
    assert set(mapping.actor_kinds) == set(ActorKind)
    assert mapping.actor_kinds[ActorKind.police] == {"state"}
    assert mapping.modalities[Modality.suspected] == "alleged"
    assert mapping.territories["HKG"].country == "CHN"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("actor_kinds: {state: [soldiers]}\n", "soldiers"),
        ("actor_kinds: {state: [state]}\n", "no gold kinds"),
        ("actor_kinds: {state: [state]}\nmodalities: {suspected: doubtful}\n", "doubtful"),
        ("actor_kinds: {state: [state]}\nextra: 1\n", "extra"),
    ],
)
def test_a_bad_mapping_file_is_a_data_file_error(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "coder.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError, match=problem):
        load_mapping(path)


# -- reading the gold ---------------------------------------------------------------------


def test_read_items_keeps_the_text_and_reads_the_events(tmp_path: Path) -> None:
    (item,) = read_items(_write(tmp_path / "dev.jsonl", _record()))
    assert item.article.text == TEXT
    assert item.article.title is None
    assert item.article.published == dt.date(2021, 3, 8)
    assert item.pool == "wire"
    killing, condemnation = item.gold
    assert (killing.core, killing.mode, killing.evidence) == (True, "firearms", ((0, 45),))
    assert killing.perpetrators[0].kind == "unknown"
    assert killing.place is not None and killing.place.admin1 == "Gao"
    assert killing.date is not None and killing.date.start == SUNDAY
    assert killing.counts["killed"] == 2
    assert condemnation.counts["killed"] is None
    assert (condemnation.core, condemnation.place, condemnation.date) == (False, None, None)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"text": "too short"}, "outside the text"),
        ({"events": [{**_record()["events"][0], "mergeable_with": ["E9"]}]}, "unknown event"),
        ({"events": [{**_record()["events"][0], "evidence": []}]}, "evidence"),
        ({"pool": None}, "pool"),
        ({"events": _record()["events"] * 2}, "duplicate"),
    ],
)
def test_a_bad_record_is_an_input_error_naming_it(
    tmp_path: Path, change: dict[str, Any], problem: str
) -> None:
    path = _write(tmp_path / "dev.jsonl", _record(), _record(**change))
    with pytest.raises(InputError, match=f"record 2.*{problem}"):
        read_items(path)


def test_splits_test_absent_and_all(tmp_path: Path) -> None:
    dev = _write(tmp_path / "dev.jsonl", _record())
    assert split_paths(tmp_path, "dev") == [dev]
    with pytest.raises(NewsEventsError, match=r"test\.jsonl.*splits present: dev"):
        split_paths(tmp_path, "test")
    extra = _write(tmp_path / "extra.jsonl", _record())
    assert split_paths(tmp_path, "all") == [dev, extra]
    with pytest.raises(NewsEventsError, match="no"):
        split_paths(tmp_path / "empty", "all")


# -- our events in the gold's vocabulary ---------------------------------------------------


def test_system_event_roles_places_counts_and_modality() -> None:
    mapping = load_mapping()
    other_place = PlaceMention(text="Mali", spans=[], name="Mali", country_iso3="MLI")
    event = _killing(
        places=[other_place, *_killing().places], modality=Modality.suspected, injured=None
    )
    converted = system_event(event, mapping)
    assert converted.plover_type == "ASSAULT"
    assert [p.text for p in converted.places] == ["Gao", "Mali"]
    assert converted.perpetrators[0].kinds == mapping.actor_kinds[ActorKind.armed_group]
    assert [t.text for t in converted.targets] == ["two villagers"]
    assert converted.counts == {"killed": 2, "injured": None, "kidnapped": None, "arrested": None}
    assert converted.modality == "alleged"
    assert converted.date is not None and converted.date.precision == "day"
    assert converted.sentences == ((0, 45),)
    assert converted.trigger_text == "killed"


def test_system_event_without_perpetrator_reads_the_actor_as_one() -> None:
    protesters = _role(RoleType.actor, 0, 6, ActorKind.civilians)
    converted = system_event(_killing(roles=[protesters]), load_mapping())
    assert [p.text for p in converted.perpetrators] == ["Gunmen"]
    assert converted.targets == ()


def test_system_places_region_names_and_territories() -> None:
    region = PlaceMention(text="Dagestan", name="Dagestan", country_iso3="RUS", precision="region")
    hong_kong = PlaceMention(text="Hong Kong", country_iso3="HKG", precision="country")
    converted = system_event(_killing(places=[region, hong_kong]), load_mapping())
    assert [(p.country, p.admin1) for p in converted.places] == [
        ("RUS", "Dagestan"),
        ("CHN", "Hong Kong"),
    ]


# -- whole runs with a stand-in extractor --------------------------------------------------


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Event]]:
    """Replace the extractor: it returns the events listed under each article id."""
    events: dict[str, list[Event]] = {}

    def extract_many(articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for article in articles:
            yield ArticleResult(article=article, events=events.get(article.id, []))

    # By module object: the package newsevents exports a function named "extract".
    module = importlib.import_module("newsevents.extract.article")
    monkeypatch.setattr(module, "extract_many", extract_many)
    return events


def test_run_scores_a_file(tmp_path: Path, stand_in: dict[str, list[Event]]) -> None:
    _write(tmp_path / "dev.jsonl", _record(), _record(doc_id="wire:2", events=[]))
    stand_in["wire:1"] = [_killing(), _arrest()]
    stand_in["wire:2"] = [_killing(id="k2", article_id="wire:2")]
    out = tmp_path / "predictions.jsonl"
    report = run(EvalOptions(data=tmp_path, predictions_out=out))
    assert report.n_docs == 2
    assert report.scores["recall"] == pytest.approx(100.0)
    assert report.scores["precision"] == pytest.approx(100.0 / 3)
    assert report.scores["wire.f1"] == pytest.approx(50.0)
    assert report.scores["no_core_system_events"] == 1
    assert report.scores["perpetrator_acc"] == pytest.approx(100.0)
    assert report.scores["arrested_acc"] == pytest.approx(0.0)
    assert report.details["fields"]["killed"] == [1, 1]
    assert report.details["calibration"]["n"] == 3
    assert report.scores["confidence_ece"] == pytest.approx(100 * (2 * 0.3 + 0.4) / 3)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["matches"] == [{"gold": ["E1"], "system": "k1"}]
    assert [e["id"] for e in rows[0]["events"]] == ["k1", "a1"]
    listing = format_details(report)
    assert "E1   core ASSAULT   -> k1 ASSAULT" in listing
    assert 'FP   a1 COERCE    "arrested" conf 0.40' in listing
    assert "wire:2 (wire)" in listing


def test_run_with_a_minimum_confidence(tmp_path: Path, stand_in: dict[str, list[Event]]) -> None:
    _write(tmp_path / "dev.jsonl", _record())
    stand_in["wire:1"] = [_killing(), _arrest()]
    report = run(EvalOptions(data=tmp_path, min_confidence=0.5))
    assert report.scores["precision"] == pytest.approx(100.0)
    assert report.details["min_confidence"] == 0.5


def test_run_limit_takes_a_seeded_sample(tmp_path: Path, stand_in: dict[str, list[Event]]) -> None:
    records = [_record(doc_id=f"wire:{n}") for n in range(5)]
    _write(tmp_path / "dev.jsonl", *records)
    first = run(EvalOptions(data=tmp_path, limit=2))
    again = run(EvalOptions(data=tmp_path, limit=2))
    assert first.n_docs == 2
    assert first.details["articles"] == again.details["articles"]


def test_coder_is_registered() -> None:
    assert DATASETS["coder"] == "newsevents.evaluate.coder"
    assert get_runner("coder") is run


def test_cli_details_and_min_confidence(tmp_path: Path, stand_in: dict[str, list[Event]]) -> None:
    _write(tmp_path / "dev.jsonl", _record())
    stand_in["wire:1"] = [_killing(), _arrest()]
    args = ["eval", "coder", "--data", str(tmp_path), "--details", "--min-confidence", "0.5"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "precision" in result.stdout
    assert "E1   core ASSAULT   -> k1" in result.stdout
    assert "a1" not in result.stdout
    result = CliRunner().invoke(app, ["eval", "coder", "--data", str(tmp_path), "--split", "test"])
    assert result.exit_code == 2
    assert "test.jsonl" in result.stderr


def test_cli_refuses_a_minimum_confidence_for_other_datasets(tmp_path: Path) -> None:
    args = ["eval", "muc4", "--data", str(tmp_path), "--min-confidence", "0.5"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "min-confidence" in result.output


# -- the shared data ----------------------------------------------------------------------


@pytest.mark.slow
def test_run_on_the_shared_coder_gold() -> None:
    if not (SHARED_CODER / "dev.jsonl").is_file():
        pytest.skip(f"{SHARED_CODER} is absent: the gold data lives outside the repository")
    report = run(EvalOptions(data=SHARED_CODER))
    assert report.n_docs == 36
    assert report.details["n_core"] == 45
    assert report.details["no_core_articles"] == 6
    pools = {"hrdsattack", "wikievents", "gva-pool", "muc4", "rams", "satp-conflibert"}
    assert set(report.details["pools"]) == pools
    for name, value in report.scores.items():
        if name != "no_core_system_events":
            assert 0.0 <= value <= 100.0, name
    assert report.details["fields"]["type"][1] == report.details["tp"]
    listing = format_details(report)
    assert all(a["doc_id"] in listing for a in report.details["articles"])
