"""``--min-confidence`` of the commands that extract, store and read events.

Extraction is replaced by a stand-in (no spaCy): each ``conf=0.N`` in an article's text is one
ASSAULT event of that confidence, so every test chooses the confidences it needs.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.decide import DEFAULT_MIN_CONFIDENCE
from newsevents.model import Article, ArticleResult, Event, Span

#: An article with a confident and a doubtful event, and one with a doubtful event alone.
MIXED = "Attack in Gao\n\nGunmen attacked a post conf=0.9 and a convoy conf=0.3 on Sunday.\n"
DOUBTFUL = "Clash in Mopti\n\nA clash was reported conf=0.2 near Mopti on Monday.\n"
_MARK = re.compile(r"conf=(\d\.\d+)")


def _fake_result(article: Article) -> ArticleResult:
    events = [
        Event(
            id=f"{article.id[:8]}-{n}",
            article_id=article.id,
            event_type="ASSAULT",
            triggers=[Span(start=m.start(), end=m.end(), text=m.group())],
            confidence=float(m.group(1)),
        )
        for n, m in enumerate(_MARK.finditer(article.text))
    ]
    return ArticleResult(
        article=article, events=events, reason=None if events else "no conflict event found"
    )


@pytest.fixture(autouse=True)
def fake_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction gives the events the texts announce."""
    import newsevents.extract.article as article_module

    def extract_many(articles: Iterable[Article], batch_size: int = 8) -> Iterator[ArticleResult]:
        return (_fake_result(a) for a in articles)

    monkeypatch.setattr(article_module, "extract_many", extract_many)
    monkeypatch.setattr(article_module, "extract_article", _fake_result)


def _run(args: Sequence[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    # Aged, so that a watch takes them as settled.
    stamp = time.time() - 60
    for name, body in (("a_mixed.txt", MIXED), ("b_doubtful.txt", DOUBTFUL)):
        path = folder / name
        path.write_text(body, encoding="utf-8")
        os.utime(path, (stamp, stamp))
    return folder


def _stored_confidences(db: Path) -> list[float]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        found = [float(c) for c in conn.execute(text("SELECT confidence FROM events")).scalars()]
    engine.dispose()
    return sorted(found)


#: The default minimum as the commands print it.
DEFAULT = f"{DEFAULT_MIN_CONFIDENCE:g}"


def _flat(err: str) -> str:
    """A usage error's message on one line (rich draws it in a wrapped box)."""
    return " ".join(err.replace("│", " ").split())


def test_extract_keeps_confident_events_by_default_and_says_what_it_left_out(
    tmp_path: Path,
) -> None:
    code, out, err = _run(["extract", str(_inputs(tmp_path))])
    assert code == 0, err
    assert [json.loads(line)["confidence"] for line in out.splitlines()] == [0.9]
    assert f"a_mixed.txt: 1 event(s) (ASSAULT) (1 below confidence {DEFAULT} not kept)" in err
    assert f"b_doubtful.txt: no event: no event above confidence {DEFAULT} (1 not kept)" in err


def test_extract_min_confidence_0_keeps_everything_and_1_nothing(tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    code, out, err = _run(["extract", str(folder), "--min-confidence", "0"])
    assert code == 0, err
    assert sorted(json.loads(line)["confidence"] for line in out.splitlines()) == [0.2, 0.3, 0.9]
    assert "not kept" not in err
    code, out, err = _run(["extract", str(folder), "--min-confidence", "1"])
    assert code == 0, err
    assert out == ""
    assert "a_mixed.txt: no event: no event above confidence 1 (2 not kept)" in err


@pytest.mark.parametrize("command", ["extract", "ingest", "load", "watch", "events", "export"])
@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan", "high"])
def test_a_min_confidence_outside_0_to_1_is_a_usage_error(
    tmp_path: Path, command: str, value: str
) -> None:
    target = tmp_path / "x"
    args = [command, *([] if command in ("events", "export") else [str(tmp_path)])]
    args += ["--format", "csv"] if command == "export" else []
    args += ["-o" if command == "extract" else "--db", str(target)]
    code, out, err = _run([*args, "--min-confidence", value])
    assert code == 2, out + err
    assert "--min-confidence" in _flat(err)
    assert not target.exists()


def test_ingest_stores_only_confident_events_and_counts_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    code, out, err = _run(["ingest", str(_inputs(tmp_path)), "--db", str(db)])
    assert code == 0, err
    assert f"stored: 1 articles with 1 events (2 below confidence {DEFAULT} not kept), " in out
    assert f"skipped: 1 (no event above confidence {DEFAULT}: 1)" in out
    assert _stored_confidences(db) == [0.9]


def test_ingest_min_confidence_0_stores_everything(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    code, out, err = _run(["ingest", str(_inputs(tmp_path)), "--db", str(db), "--no-fuse",
                           "--min-confidence", "0"])  # fmt: skip
    assert code == 0, err
    assert "stored: 2 articles with 3 events, 3 incidents formed" in out
    assert _stored_confidences(db) == [0.2, 0.3, 0.9]


def test_ingest_out_writes_its_cut_and_load_makes_its_own(tmp_path: Path) -> None:
    results = tmp_path / "results"
    args = ["ingest", str(_inputs(tmp_path)), "--out", str(results), "--min-confidence", "0.25"]
    code, out, err = _run(args)
    assert code == 0, err
    assert "stored: 1 articles with 2 events (1 below confidence 0.25 not kept)" in out
    db = tmp_path / "events.db"
    code, out, err = _run(["load", str(results), "--db", str(db)])
    assert code == 0, err
    assert f"stored: 1 articles with 1 events (1 below confidence {DEFAULT} not kept)" in out
    assert _stored_confidences(db) == [0.9]


def test_watch_stores_only_confident_events(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    code, out, err = _run(["watch", str(_inputs(tmp_path)), "--once", "--db", str(db),
                           "--min-confidence", "0.25"])  # fmt: skip
    assert code == 0, err
    assert "stored: 1 articles with 2 events (1 below confidence 0.25 not kept)" in out
    assert "1 stored with 2 events (1 below confidence 0.25 not kept)" in err
    assert _stored_confidences(db) == [0.3, 0.9]


def test_events_and_export_read_everything_stored_unless_asked(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    code, _, err = _run(["ingest", str(_inputs(tmp_path)), "--db", str(db), "--no-fuse",
                         "--min-confidence", "0"])  # fmt: skip
    assert code == 0, err

    def listed(*options: str) -> list[float]:
        code, out, err = _run(["events", "--db", str(db), "--format", "jsonl", *options])
        assert code == 0, err
        return sorted(json.loads(line)["confidence"] for line in out.splitlines())

    assert listed() == [0.2, 0.3, 0.9]
    assert listed("--min-confidence", "0.3") == [0.3, 0.9]
    assert listed("--min-confidence", "0.95") == []

    def exported(*options: str) -> int:
        code, out, err = _run(["export", "--format", "plover-jsonl", "--db", str(db), *options])
        assert code == 0, err
        return len(out.splitlines())

    assert exported() == 3
    assert exported("--min-confidence", "0.5") == 1
