"""`newsevents extract` end to end: outputs, summaries, and bad input that never stops a batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app

pytestmark = pytest.mark.slow

STORY = (
    "Bomb Kills Four Soldiers Near Gao\n\n"
    "A roadside bomb killed four soldiers near Gao on Sunday, the army said. "
    "No group has claimed responsibility for the attack.\n"
)
SPORT = (
    "Home Side Wins Derby\n\nThe home side won the derby 2-0 on Saturday in front of a crowd "
    "of twenty thousand supporters, with the captain scoring twice after the break.\n"
)
FRENCH = (
    "Une bombe a tué quatre soldats près de Gao dimanche, a indiqué l'armée dans un communiqué "
    "publié lundi soir, selon les autorités locales de la région.\n"
)


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def test_cli_extract_jsonl_one_event_per_line(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    code, out, err = _run(
        ["extract", str(story), "--published", "2021-03-08", "--outlet", "Sahel Wire"]
    )
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert lines and all(line["article_id"] for line in lines)
    bomb = next(e for e in lines if e["event_type"] == "ASSAULT")
    assert bomb["killed"]["best"] == 4
    assert bomb["time"]["start"] == "2021-03-07"
    assert bomb["attribution"][0]["source"] == "Sahel Wire"
    assert "story.txt: 1 event" in err or "story.txt:" in err


def test_cli_extract_table_and_output_file(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    target = tmp_path / "out.txt"
    code, _, err = _run(
        ["extract", str(story), "--format", "table", "-o", str(target), "--published", "2021-03-08"]
    )
    assert code == 0, err
    table = target.read_text(encoding="utf-8")
    assert "ASSAULT" in table and "killed 4" in table


def test_cli_extract_reports_why_no_event(tmp_path: Path) -> None:
    (tmp_path / "sport.txt").write_text(SPORT, encoding="utf-8")
    (tmp_path / "french.txt").write_text(FRENCH, encoding="utf-8")
    code, out, err = _run(["extract", str(tmp_path)])
    assert code == 0, err
    assert out.strip() == ""
    assert "sport.txt: no event: no conflict event found" in err
    assert "french.txt: no event: not in English" in err


def test_cli_extract_bad_inputs_do_not_stop_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsevents.ingest.decode as decode

    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 5000)
    (tmp_path / "a_empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (tmp_path / "c_huge.txt").write_text("word " * 2000, encoding="utf-8")
    (tmp_path / "d_latin1.txt").write_bytes("Une bombe a tué quatre soldats".encode("latin-1"))
    (tmp_path / "e_broken.html").write_text("<html><body><div><p></div></html", encoding="utf-8")
    (tmp_path / "f_story.txt").write_text(STORY, encoding="utf-8")
    code, out, err = _run(["extract", str(tmp_path), "--published", "2021-03-08"])
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 5, err
    for name in ("a_empty", "b_binary", "c_huge", "d_latin1", "e_broken"):
        assert sum(name in line for line in errors) == 1, (name, errors)
    # The good file after the bad ones was still processed.
    assert any(json.loads(line)["event_type"] == "ASSAULT" for line in out.splitlines())


def test_cli_extract_rejects_bad_options(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    code, _, err = _run(["extract", str(story), "--published", "yesterday"])
    assert code != 0 and "YYYY-MM-DD" in err
    code, _, err = _run(["extract", str(story), "--format", "xml"])
    assert code != 0 and "jsonl, table" in err


def test_cli_extract_missing_file_is_an_error_line(tmp_path: Path) -> None:
    code, _, err = _run(["extract", str(tmp_path / "nope.txt")])
    assert code == 1
    assert "nope.txt" in err


def test_cli_extract_skips_an_article_whose_extraction_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsevents.extract.article as extraction

    real = extraction.events_from_doc

    def events_from_doc(doc: object, article: extraction.Article) -> list[extraction.Event]:
        if "derby" in article.text:
            raise OverflowError("date value out of range")
        return real(doc, article)  # type: ignore[arg-type]

    monkeypatch.setattr(extraction, "events_from_doc", events_from_doc)
    texts = {"a.txt": STORY, "b.txt": SPORT, "c.txt": STORY.replace("Gao", "Mopti")}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = _run(["extract", str(tmp_path), "--published", "2021-03-08"])
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {tmp_path / 'b.txt'} (article ")
    assert errors[0].endswith("extraction failed (OverflowError: date value out of range)")
    articles = {json.loads(line)["article_id"] for line in out.splitlines()}
    assert len(articles) == 2  # the stories before and after it


def test_cli_extract_warns_about_a_date_out_of_range(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    code, out, err = _run(
        ["extract", str(story), "--published", "0001-01-01", "--min-confidence", "0"]
    )
    assert code == 0, err
    assert "warning: --published: publication date 0001-01-01 is outside 1900-2100" in err
    assert out.strip()


def test_cli_extract_reads_fields_from_the_keys_given(tmp_path: Path) -> None:
    record = {"sample": {"body": STORY, "when": "2021-03-08"}, "key": "story-1"}
    path = tmp_path / "nested.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    args = ["extract", str(path), "--field", "text=sample.body", "--field"]
    code, out, err = _run([*args, "published=sample.when", "--field", "id=key"])
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert events and all(e["article_id"] == "story-1" for e in events)
    # "on Sunday" is resolved against the date read from the nested key.
    assert any((e.get("time") or {}).get("start") == "2021-03-07" for e in events)


def test_cli_extract_rejects_a_field_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": STORY}) + "\n", encoding="utf-8")
    code, _, err = _run(["extract", str(path), "--field", "body=sample.text"])
    assert code == 2 and "unknown field 'body'" in err
    code, _, err = _run(["extract", str(path), "--field", "text"])
    assert code == 2 and "expected NAME=KEY" in err
