"""`newsevents ingest` end to end: summary, bad inputs, idempotence, resuming after Ctrl-C."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from newsevents.cli import app

pytestmark = pytest.mark.slow

STORY = (
    "Bomb Kills Four Soldiers Near Gao\n\n"
    "A roadside bomb killed four soldiers near Gao on Sunday, the army said. "
    "No group has claimed responsibility for the attack.\n"
)
RAID = (
    "Police Arrest Suspects in Karachi\n\n"
    "Police arrested five suspected militants in a raid in Karachi on Monday, officials said.\n"
)
SPORT = (
    "Home Side Wins Derby\n\nThe home side won the derby 2-0 on Saturday in front of a crowd "
    "of twenty thousand supporters, with the captain scoring twice after the break.\n"
)
FRENCH = (
    "Une bombe a tué quatre soldats près de Gao dimanche, a indiqué l'armée dans un communiqué "
    "publié lundi soir, selon les autorités locales de la région.\n"
)


def _run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def _count(db: Path, table: str, where: str = "1 = 1") -> int:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        n = int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar() or 0)
    engine.dispose()
    return n


def test_ingest_stores_reports_and_skips_what_is_stored(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a_story.txt").write_text(STORY, encoding="utf-8")
    (inputs / "b_sport.txt").write_text(SPORT, encoding="utf-8")
    (inputs / "c_french.txt").write_text(FRENCH, encoding="utf-8")
    (inputs / "d_empty.txt").write_text("", encoding="utf-8")
    (inputs / "e_binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    db = tmp_path / "events.db"
    args = ["ingest", str(inputs), "--db", str(db), "--published", "2021-03-08"]
    code, out, err = _run(args)
    assert code == 1, err  # some inputs could not be read
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and "d_empty.txt" in errors[0] and "e_binary.txt" in errors[1]
    assert "articles read: 3" in out
    assert "stored: 1 articles with" in out
    assert "skipped: 2 (no conflict event found: 1, not in English: 1)" in out
    assert "errors: 2 inputs could not be read" in out
    assert "undated" not in out  # every article had --published
    events = _count(db, "events")
    assert events >= 1 and _count(db, "articles") == 3
    # One incident with the events of the story; the other articles are placed too.
    assert _count(db, "incidents", "n_events > 0") == 1
    assert _count(db, "articles", "incident_id IS NULL") == 0

    code, out, err = _run(args)
    assert "skipped: 3 (already stored: 3)" in out and "stored: 0 articles" in out
    assert _count(db, "events") == events and _count(db, "articles") == 3

    code, out, err = _run(["events", "--db", str(db), "--format", "jsonl"])
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == events
    bomb = next(e for e in lines if e["event_type"] == "ASSAULT")
    assert bomb["killed"]["best"] == 4 and bomb["time"]["start"] == "2021-03-07"


def test_interrupted_ingest_resumes_without_loss_or_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsevents.store.write as write

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a_story.txt").write_text(STORY, encoding="utf-8")
    (inputs / "b_raid.txt").write_text(RAID, encoding="utf-8")
    db = tmp_path / "events.db"
    args = ["ingest", str(inputs), "--db", str(db), "--published", "2021-03-08"]
    real = write.store_article
    calls = []

    def stop_at_second(*a: object, **kw: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "store_article", stop_at_second)
    code, out, err = _run(args)
    assert code == 130 and "interrupted" in err and "run the same command again" in err
    assert "stored: 1 articles" in out
    first = _count(db, "events")
    assert _count(db, "articles") == 1 and first >= 1

    monkeypatch.setattr(write, "store_article", real)
    code, out, err = _run(args)
    assert code == 0, err
    assert "stored: 1 articles" in out and "already stored: 1" in out
    assert _count(db, "articles") == 2 and _count(db, "events") > first
    code, out, _ = _run(["events", "--db", str(db), "--format", "csv"])
    rows = out.splitlines()[1:]
    assert len(rows) == _count(db, "events")
    assert len({row.split(",")[8] for row in rows}) == len(rows)  # event ids, no duplicates


def test_database_from_the_environment_and_bad_urls(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    db = tmp_path / "env.db"
    env = {"NEWSEVENTS_DB": str(db)}
    code, out, err = _run(["ingest", str(story)], env=env)
    assert code == 0, err
    assert f"database: sqlite:///{db}" in out and db.exists()
    code, out, err = _run(["events", "--actor", "army", "--format", "csv"], env=env)
    assert code == 0 and len(out.splitlines()) >= 1
    code, _, err = _run(["ingest", str(story), "--db", "mysql://me@host/db"])
    assert code == 2 and "error: unsupported database 'mysql'" in err


def test_ingest_goes_on_past_hostile_inputs(tmp_path: Path) -> None:
    import os

    inputs = tmp_path / "in"
    inputs.mkdir()
    os.mkfifo(inputs / "a_pipe.txt")
    records = [
        {"text": STORY, "published": "0001-01-01"},
        {"text": RAID, "url": "http://[::1/x"},
        {"text": 42},
        {"text": SPORT, "published": "9999-12-31"},
    ]
    (inputs / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    db = tmp_path / "events.db"
    code, _, err = _run(["ingest", str(inputs), "--db", str(db)])
    assert code == 1, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert [line for line in lines if line.startswith("error:")] == [
        f"error: {inputs / 'a_pipe.txt'}: not a regular file (a FIFO (named pipe)); "
        "skipped without reading it",
        f'error: {inputs / "b.jsonl"}:3: field "text" must be a string, not a number',
    ]
    warnings = [line for line in lines if line.startswith("warning:")]
    jsonl = inputs / "b.jsonl"
    assert [w.split(": ")[1] for w in warnings] == [f"{jsonl}:1", f"{jsonl}:4"]
    assert _count(db, "articles") == 3
    assert _count(db, "articles", "published IS NULL") == 3
    assert _count(db, "articles", "url = 'http://[::1/x'") == 1


def test_ingest_says_when_the_articles_had_no_publication_date(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    code, out, err = _run(["ingest", str(tmp_path / "story.txt"), "--db", str(tmp_path / "e.db")])
    assert code == 0, err
    assert "undated: every article read had no publication date" in out
