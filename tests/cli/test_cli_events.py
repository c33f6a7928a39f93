"""`newsevents events`: filters, the three formats, and errors that name the option."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.cli.filters import parse_option_date
from newsevents.model import Article, ArticleResult, Event
from newsevents.store.db import open_database
from newsevents.store.write import store_articles


def _result(
    article_id: str, who: str, place: str, lat: float, lon: float, iso3: str, day: str
) -> ArticleResult:
    """A one-event article: ``who`` attacked a checkpoint at ``place`` on ``day``."""
    text = f"{who} attacked a checkpoint in {place}, killing two guards, police said.\n"
    start = text.index(place)
    article = Article(id=article_id, outlet="Wire", published=day, text=text, language="en")
    event = Event.model_validate(
        {
            "id": f"{article_id}-1",
            "article_id": article_id,
            "event_type": "ASSAULT",
            "mode": "firearms",
            "triggers": [{"start": len(who) + 1, "end": len(who) + 9, "text": "attacked"}],
            "sentences": [{"start": 0, "end": len(text) - 1, "text": text[:-1]}],
            "roles": [
                {"role": "perpetrator", "text": who, "name": who, "kind": "armed_group",
                 "spans": [{"start": 0, "end": len(who), "text": who}]},
                {"role": "victim", "text": "two guards", "name": "guards", "kind": "police"},
            ],
            "places": [
                {"text": place, "is_event_location": True, "name": place, "latitude": lat,
                 "longitude": lon, "country_iso3": iso3,
                 "spans": [{"start": start, "end": start + len(place), "text": place}]},
            ],
            "time": {"start": day, "end": day, "precision": "day", "basis": "publication"},
            "killed": {"category": "killed", "low": 2, "best": 2, "high": 2,
                       "text": "two guards"},
        }
    )  # fmt: skip
    return ArticleResult(article=article, events=[event])


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("events") / "events.db"
    with open_database(str(path)) as db:
        list(
            store_articles(
                db,
                [
                    _result("k1", "Gunmen", "Kandahar", 31.61, 65.71, "AFG", "2021-05-02"),
                    _result("k2", "Taliban fighters", "Kabul", 34.53, 69.17, "AFG", "2021-06-09"),
                    _result("l1", "Gunmen", "Lagos", 6.45, 3.39, "NGA", "2020-01-20"),
                ],
            )
        )
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["events", *args])
    return result.exit_code, result.stdout, result.stderr


def _ids(out: str) -> list[str]:
    return [json.loads(line)["article_id"] for line in out.splitlines()]


def test_filters_select_events_newest_first(db_path: Path) -> None:
    db = ["--db", str(db_path), "--format", "jsonl"]
    assert _ids(_run(*db)[1]) == ["k2", "k1", "l1"]
    assert _ids(_run(*db, "--actor", "gunmen")[1]) == ["k1", "l1"]
    assert _ids(_run(*db, "--actor", "gunmen", "--since", "2021-01-01")[1]) == ["k1"]
    assert _ids(_run(*db, "--country", "AFG", "--until", "2021-05-31")[1]) == ["k1"]
    assert _ids(_run(*db, "--type", "ASSAULT/firearms", "--limit", "1")[1]) == ["k2"]
    assert _ids(_run(*db, "--near", "34.5,69.2,50")[1]) == ["k2"]
    assert _ids(_run(*db, "--text", "checkpoint Lagos")[1]) == ["l1"]
    code, out, err = _run(*db, "--type", "PROTEST")
    assert code == 0 and out == "" and "no stored event matches" in err


def test_jsonl_is_the_canonical_record(db_path: Path) -> None:
    code, out, _ = _run("--db", str(db_path), "--format", "jsonl", "--text", "Lagos")
    assert code == 0
    record = json.loads(out)
    assert (
        Event.model_validate(record)
        == _result("l1", "Gunmen", "Lagos", 6.45, 3.39, "NGA", "2020-01-20").events[0]
    )
    assert record["killed"]["best"] == 2 and record["mode"] == "firearms"


def test_csv_has_the_columns_tools_detect(db_path: Path) -> None:
    code, out, _ = _run("--db", str(db_path), "--format", "csv", "--country", "NGA")
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert list(row)[:8] == [
        "event_date", "latitude", "longitude", "country_iso3", "admin1", "fatalities",
        "source", "notes",
    ]  # fmt: skip
    assert (row["event_date"], row["country_iso3"], row["fatalities"]) == ("2020-01-20", "NGA", "2")
    assert row["actor1"] == "Gunmen" and row["actor2"] == "guards" and row["source"] == "Wire"
    assert row["incident_id"] and dt.date.fromisoformat(row["event_date_end"])


def test_table_lists_events_and_says_when_more_match(db_path: Path) -> None:
    code, out, _ = _run("--db", str(db_path), "--limit", "2")
    assert code == 0
    assert "Kabul" in out and "Kandahar" in out and "Lagos" not in out
    assert "more events match" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--type", "BOMBING"], ["--type", "unknown PLOVER event type", "ASSAULT"]),
        (["--country", "Narnia"], ["--country", "ISO 3166-1 alpha-3"]),
        (["--since", "2021-02-30"], ["--since", "YYYY-MM-DD"]),
        (["--near", "north"], ["--near", "LAT,LON,KM"]),
        (["--since", "2022-01-01", "--until", "2021-01-01"], ["--since/--until", "after"]),
        (["--format", "xml"], ["--format", "'table', 'jsonl', 'csv'"]),
        (["--since", "the day after the war"], ["--since", "YYYY-MM-DD", "yesterday"]),
        (["--limit", "-1"], ["--limit"]),
    ],
)
def test_invalid_values_name_the_option_and_valid_values(
    db_path: Path, args: list[str], words: list[str]
) -> None:
    code, _, err = _run("--db", str(db_path), *args)
    assert code == 2
    flat = " ".join(err.replace("│", " ").split())
    for word in words:
        assert word in flat, (word, flat)


def test_missing_database_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    code, _, err = _run("--db", str(tmp_path / "none.db"))
    assert code == 2 and "no database at" in err and "newsevents ingest" in err
    assert not (tmp_path / "none.db").exists()


def test_files_get_every_event_and_a_cut_is_said_on_stderr(db_path: Path) -> None:
    code, out, err = _run("--db", str(db_path), "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3 and err == ""
    code, out, err = _run("--db", str(db_path), "--format", "jsonl", "--limit", "2")
    assert code == 0 and len(out.splitlines()) == 2
    assert "more events match; wrote the first 2" in err


def test_dates_in_words_are_read_against_today() -> None:
    today = dt.date(2024, 3, 15)
    assert parse_option_date("yesterday", "--since", today) == dt.date(2024, 3, 14)
    assert parse_option_date("3 days ago", "--since", today) == dt.date(2024, 3, 12)
    assert parse_option_date("1 March 2024", "--since", today) == dt.date(2024, 3, 1)
    assert parse_option_date(" 2021-05-02 ", "--since", today) == dt.date(2021, 5, 2)
    assert parse_option_date(None, "--since", today) is None
    with pytest.raises(typer.BadParameter, match="not a date"):
        parse_option_date("soonish", "--until", today)


def test_since_yesterday_filters_the_database(db_path: Path) -> None:
    code, _, err = _run("--db", str(db_path), "--since", "yesterday")
    assert code == 0 and "no stored event matches" in err
    code, out, _ = _run("--db", str(db_path), "--format", "jsonl", "--until", "10 years ago")
    assert code == 0 and out == ""


def test_help_lists_the_format_choices() -> None:
    result = CliRunner().invoke(app, ["events", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0 and "<table|jsonl|csv>" in result.stdout
