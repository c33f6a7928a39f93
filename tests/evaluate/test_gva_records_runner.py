"""``newsevents eval gva-records``: reading the records, choosing the articles, our events in
the scorer's terms, and whole runs (with a stand-in extractor, and on the shared data)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import newsevents.evaluate.gva_records as gva_records_module
from newsevents.cli import app
from newsevents.errors import InputError, NewsEventsError
from newsevents.evaluate import DATASETS, EvalOptions, get_runner
from newsevents.evaluate.gva_records import (
    DEFAULT_LIMIT,
    data_paths,
    format_details,
    gva_event,
    gva_events,
    read_records,
    run,
    select,
)
from newsevents.evaluate.gvc import read_docs
from newsevents.model import (
    Article,
    ArticleResult,
    Count,
    CountCategory,
    DateBasis,
    Event,
    PlaceMention,
    Precision,
    Span,
    TimeRef,
)

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

TEXT = "A man was shot and killed in Chicago on Friday night, police said."
FRIDAY = dt.date(2015, 6, 12)


def _record(incident: str = "1", **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "incident_id": incident,
        "date": "2015-06-12",
        "state": "Illinois",
        "city_or_county": "Chicago",
        "address": "100 block of W Madison St",
        "latitude": 41.88,
        "longitude": -87.63,
        "n_killed": 1,
        "n_injured": 0,
        "participants": [],
    }
    record.update(changes)
    return record


def _doc(doc_id: str, incident: str = "1", text: str = TEXT) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "incident_id": incident,
        "title": "Man killed",
        "dct": "2015-06-13",
        "url": f"http://example.com/{doc_id}",
        "text": text,
    }


def _write(path: Path, *lines: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def _data(folder: Path, docs: Iterable[dict[str, Any]], records: Iterable[dict[str, Any]]) -> Path:
    _write(folder / "gva-pool" / "docs.jsonl", *docs)
    _write(folder / "gva-records" / "incidents.jsonl", *records)
    return folder


def _event(article_id: str, **changes: Any) -> Event:
    start = TEXT.index("shot")
    fields: dict[str, Any] = {
        "id": f"{article_id}-k",
        "article_id": article_id,
        "event_type": "ASSAULT",
        "triggers": [Span(start=start, end=start + 4, text="shot")],
        "places": [
            PlaceMention(text="police", is_event_location=False),
            PlaceMention(
                text="Chicago",
                is_event_location=True,
                name="Chicago",
                country_iso3="USA",
                admin1="Illinois",
                latitude=41.85,
                longitude=-87.65,
                precision="exact place",
            ),
        ],
        "time": TimeRef(
            text="Friday",
            start=FRIDAY,
            end=FRIDAY,
            precision=Precision.day,
            basis=DateBasis.expression,
        ),
        "killed": Count(category=CountCategory.killed, low=1, best=None, text="a man"),
        "confidence": 0.9,
    }
    fields.update(changes)
    return Event(**fields)


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


# -- reading ------------------------------------------------------------------------------


def test_read_records(tmp_path: Path) -> None:
    path = tmp_path / "incidents.jsonl"
    held = [
        {"Type": "Subject-Suspect", "Status": "Unharmed, Arrested"},
        {"Type": "Subject-Suspect", "Status": "Unharmed"},
        {"Type": "Victim", "Status": "Injured, Arrested"},
        {"Type": "Victim"},
    ]
    _write(
        path,
        _record(),
        _record("2", latitude=None, longitude=float("nan"), n_injured=3, participants=held),
    )
    records = read_records(path)
    assert records["1"].date == FRIDAY and records["1"].killed == 1
    assert records["2"].latitude is None and records["2"].longitude is None
    assert records["2"].injured == 3
    assert records["1"].arrested == 0 and records["2"].arrested == 2
    _write(path, _record(n_killed=-1))
    with pytest.raises(InputError, match="n_killed"):
        read_records(path)
    _write(path, _record(date="last week"))
    with pytest.raises(InputError, match="record 1: bad date"):
        read_records(path)


def test_missing_data_names_the_file(tmp_path: Path) -> None:
    _write(tmp_path / "gva-pool" / "docs.jsonl", _doc("d1"))
    with pytest.raises(NewsEventsError, match=r"gva-records/incidents\.jsonl"):
        data_paths(tmp_path)


def test_select_one_article_per_incident_stable_under_sampling(tmp_path: Path) -> None:
    docs = [_doc(f"d{n}", str(n % 6)) for n in range(24)]
    docs.append(_doc("orphan", "99"))
    docs.append(_doc("empty", "0", text=""))
    # One article under two incidents: a pair each.
    docs.append(_doc("twice", "6"))
    docs.append(_doc("twice", "7"))
    folder = _data(tmp_path, docs, [_record(str(n)) for n in range(8)])
    pool, records = data_paths(folder)
    _, gold = read_docs(pool)
    records_by_id = read_records(records)
    every = select(gold, records_by_id, "dev", None, 13)
    assert len(every) == 8 and len({d.incident_id for d in every}) == 8
    assert [d.incident_id for d in every if d.doc_id == "twice"] == ["6", "7"]
    assert "orphan" not in {d.doc_id for d in every} and "empty" not in {d.doc_id for d in every}
    some = select(gold, records_by_id, "dev", 3, 13)
    assert len(some) == 3 and {d.doc_id for d in some} <= {d.doc_id for d in every}
    assert select(gold, records_by_id, "dev", 3, 13) == some
    assert len(select(gold, records_by_id, "all", None, 13)) == 27
    assert len({d.incident_id for d in select(gold, records_by_id, "all", 2, 13)}) == 2
    with pytest.raises(NewsEventsError, match="no split 'test'"):
        select(gold, records_by_id, "test", None, 13)
    assert DEFAULT_LIMIT >= 100


def test_train_split_is_the_rest_of_the_dev_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [_doc(f"d{n}", str(n % 8)) for n in range(16)]
    folder = _data(tmp_path, docs, [_record(str(n)) for n in range(8)])
    pool, records = data_paths(folder)
    _, gold = read_docs(pool)
    records_by_id = read_records(records)
    monkeypatch.setattr(gva_records_module, "DEFAULT_LIMIT", 5)
    dev = {d.incident_id for d in select(gold, records_by_id, "dev", None, 13)}
    train = {d.incident_id for d in select(gold, records_by_id, "train", None, 13)}
    assert len(dev) == 5 and len(train) == 3 and not dev & train
    assert len(select(gold, records_by_id, "train", 2, 13)) == 2


# -- our events ---------------------------------------------------------------------------


def test_gva_event_reads_the_location_date_and_counts() -> None:
    found = gva_event(_event("d1"), main=True)
    assert found.main and found.trigger == "shot"
    assert found.place is not None and found.place.text == "Chicago"
    assert found.place.admin2 in (None, "Cook County")  # None when rgeocoder is absent
    assert found.date_start == FRIDAY and found.date_precision == "day"
    assert not found.date_from_publication
    assert found.killed == 1 and found.injured is None  # best else low
    no_location = gva_event(_event("d1", places=[], time=None), main=False)
    assert no_location.place is None and no_location.date_start is None


def test_gva_events_flag_the_products_main_event() -> None:
    threat = _event("d1", id="t", event_type="THREATEN")
    shooting = _event("d1", id="s")
    events = gva_events([threat, shooting])
    assert [e.main for e in events] == [False, True]


# -- whole runs ---------------------------------------------------------------------------


def test_run_scores_the_main_event(tmp_path: Path, stand_in: dict[str, list[Event]]) -> None:
    folder = _data(
        tmp_path,
        [_doc("d1"), _doc("d2", "2")],
        [_record(), _record("2", n_killed=0, n_injured=2, city_or_county="Cook (county)")],
    )
    stand_in["d1"] = [_event("d1")]
    out = tmp_path / "predictions.jsonl"
    report = run(EvalOptions(data=folder, predictions_out=out))
    assert report.dataset == "gva-records" and report.n_docs == 2
    assert report.scores["date_exact_acc"] == pytest.approx(50.0)
    assert report.scores["state_acc"] == pytest.approx(50.0)
    assert report.scores["location_25km_acc"] == pytest.approx(100.0)
    assert report.scores["killed_exact_acc"] == pytest.approx(100.0)
    assert report.scores["injured_nonzero_exact_acc"] == pytest.approx(0.0)
    assert report.scores["no_event"] == pytest.approx(50.0)
    assert report.details["fields"]["location_25km"] == [1, 1]
    assert report.details["location"] == {
        "records_with_point": 2,
        "main_events_with_point": 1,
        "compared": 1,
    }
    assert set(report.details["rules"]) == {"confidence", "toll"}
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["main"] == "d1-k" and rows[1]["main"] is None
    listing = format_details(report)
    assert "record  2015-06-12  Chicago, Illinois  killed 1 injured 0" in listing
    assert "system  no main event (0 events)" in listing
    assert "location_25km" in listing and "any event" in listing


def test_gva_records_is_registered() -> None:
    assert DATASETS["gva-records"] == "newsevents.evaluate.gva_records"
    assert get_runner("gva-records") is run


def test_cli_details_and_json(tmp_path: Path, stand_in: dict[str, list[Event]]) -> None:
    folder = _data(tmp_path, [_doc("d1")], [_record()])
    stand_in["d1"] = [_event("d1")]
    result = CliRunner().invoke(app, ["eval", "gva-records", "--data", str(folder), "--details"])
    assert result.exit_code == 0, result.output
    assert "city_or_county_acc" in result.stdout and "Chicago, Illinois" in result.stdout
    result = CliRunner().invoke(app, ["eval", "gva-records", "--data", str(folder), "--json"])
    assert json.loads(result.stdout)["scores"]["city_or_county_acc"] == 100.0
    args = ["eval", "gva-records", "--data", str(tmp_path / "gva-pool")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "gva-pool/docs.jsonl" in result.stderr


# -- the shared data ----------------------------------------------------------------------


@pytest.mark.slow
def test_run_on_a_few_shared_gva_articles() -> None:
    if not (SHARED_DATA / "gva-records" / "incidents.jsonl").is_file():
        pytest.skip(
            f"{SHARED_DATA / 'gva-records'} is absent: the gold data lives outside the repository"
        )
    report = run(EvalOptions(data=SHARED_DATA, limit=4))
    assert report.n_docs == 4 and report.details["incidents"] == 4
    for name, value in report.scores.items():
        assert 0.0 <= value <= 100.0, name
    assert all(
        total == 4
        for name, (_, total) in report.details["fields"].items()
        if name in ("date_exact", "state", "killed_exact")
    )
