"""`newsevents export`: files and standard output, the summary line, exit codes and errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import update
from sqlalchemy.engine import URL
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.store.db import Database
from newsevents.store.schema import events


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


def _flat(err: str) -> str:
    """A usage error's message on one line (rich draws it in a wrapped box)."""
    return " ".join(err.replace("│", " ").split())


@pytest.fixture
def db_arg(filled: Database, db_url: URL) -> list[str]:
    """``--db URL`` of the filled database (SQLite file or PostgreSQL schema)."""
    return ["--db", db_url.render_as_string(hide_password=False)]


def test_text_formats_go_to_stdout_with_a_summary_on_stderr(db_arg: list[str]) -> None:
    code, out, err = _run("--format", "acled-csv", *db_arg)
    assert code == 0, err
    assert len(list(csv.DictReader(io.StringIO(out)))) == 3
    assert err.strip() == "3 incident(s) written as acled-csv to standard output"


def test_geojson_says_how_many_were_left_out(db_arg: list[str]) -> None:
    code, out, err = _run("--format", "geojson", *db_arg)
    assert code == 0, err
    assert len(json.loads(out)["features"]) == 2
    assert "1 incident(s) left out: no coordinates" in err


def test_output_file_and_filters(db_arg: list[str], tmp_path: Path) -> None:
    target = tmp_path / "mali.jsonl"
    code, out, err = _run("--format", "plover-jsonl", "--country", "Mali", *db_arg,
                          "-o", str(target))  # fmt: skip
    assert code == 0, err
    assert out == ""
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["event_loc"]["resolved_place"] for r in records] == ["Mopti", "Gao"]
    assert f"2 incident(s) written as plover-jsonl to {target}" in err
    assert not list(tmp_path.glob(".*partial"))


def test_parquet_writes_a_file(db_arg: list[str], tmp_path: Path) -> None:
    target = tmp_path / "incidents.parquet"
    code, _, err = _run("--format", "parquet", *db_arg, "--output", str(target))
    assert code == 0, err
    assert pq.read_table(target).num_rows == 3


def test_min_confidence_keeps_incidents_with_a_confident_event(
    filled: Database, db_arg: list[str]
) -> None:
    # One of Gao's two reports and the raid are doubtful; Gao keeps its other report.
    with filled.write_session() as session, session.begin():
        session.execute(
            update(events).where(events.c.id.in_(["gao-e0", "raid-e0"])).values(confidence=0.3)
        )

    def places(*options: str) -> list[str]:
        code, out, err = _run("--format", "plover-jsonl", *db_arg, *options)
        assert code == 0, err
        return [json.loads(line)["event_loc"]["resolved_place"] for line in out.splitlines()]

    assert places() == ["Mopti", "Gao", "Kano"]
    assert places("--min-confidence", "0.3") == ["Mopti", "Gao", "Kano"]
    assert places("--min-confidence", "0.5") == ["Mopti", "Gao"]
    assert places("--min-confidence", "0.9") == []


def test_unknown_format_is_a_usage_error_listing_the_formats(tmp_path: Path) -> None:
    code, _, err = _run("--format", "xml", "--db", str(tmp_path / "none.db"))
    err = _flat(err)
    assert code == 2
    assert "--format" in err and "'xml' is not one of" in err
    assert "'acled-csv', 'plover-jsonl', 'geojson', 'csv', 'parquet'" in err


def test_format_is_required(tmp_path: Path) -> None:
    code, _, err = _run("--db", str(tmp_path / "none.db"))
    assert code == 2 and "--format" in err


def test_parquet_needs_an_output_file(tmp_path: Path) -> None:
    code, out, err = _run("--format", "parquet", "--db", str(tmp_path / "none.db"))
    err = _flat(err)
    assert code == 2 and out == ""
    assert "parquet is a binary format" in err and "-o FILE" in err


def test_bad_filter_names_its_option(tmp_path: Path) -> None:
    code, _, err = _run("--format", "csv", "--since", "whenever", "--db", str(tmp_path / "x"))
    err = _flat(err)
    assert code == 2 and "--since" in err and "YYYY-MM-DD" in err
    code, _, err = _run("--format", "csv", "--country", "Atlantis", "--db", str(tmp_path / "x"))
    err = _flat(err)
    assert code == 2 and "--country" in err and "unknown country" in err


def test_missing_database_is_an_error_and_writes_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, _, err = _run("--format", "csv", "--db", str(tmp_path / "none.db"), "-o", str(target))
    assert code == 2
    assert err.startswith("error: no database at")
    assert not target.exists() and not list(tmp_path.glob(".*partial"))


def test_output_folder_must_exist(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.csv"
    code, _, err = _run("--format", "csv", "--db", str(tmp_path / "x.db"), "-o", str(target))
    assert code == 2 and "no folder" in _flat(err)
