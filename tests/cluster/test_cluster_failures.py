"""An article whose extraction or storing fails on a cluster run: handed back with its
partition's results, reported once by the process that started the run, counted, and the exit
status 1 at the end, as a single-process ingest does; the other articles are stored."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import URL
from typer.testing import CliRunner

import newsevents.extract.article as extraction
import newsevents.store.write as write
from newsevents.cli import app
from newsevents.cluster.partitions import partitions
from newsevents.cluster.run import run_here, run_partitions
from newsevents.cluster.sinks import DatabaseSink, WorkerWriteSink
from newsevents.model import Article, ArticleResult
from newsevents.store import schema
from newsevents.store.db import open_database
from newsevents.store.load import IngestSummary

NO_EVENT = "no conflict event found"
FAILED = "extraction failed (OverflowError: date value out of range)"


@pytest.fixture
def broken_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction without the NLP pipeline that raises on every text saying CURSED."""

    def one(article: Article) -> ArticleResult:
        if "CURSED" in article.text:
            raise OverflowError("date value out of range")
        return ArticleResult(article=article, events=[], reason=NO_EVENT)

    def many(articles: Iterable[Article], batch_size: int = 32) -> Iterator[ArticleResult]:
        return iter([one(article) for article in articles])

    monkeypatch.setattr(extraction, "extract_many", many)
    monkeypatch.setattr(extraction, "extract_article", one)


def _article(n: int, cursed: bool = False) -> Article:
    text = f"Report {n}\n\nThe council met on Monday to discuss the budget for year {n}."
    text += " CURSED" if cursed else ""
    return Article(id=f"a{n}", text=text, title=f"Report {n}", source_path=f"in/{n}.txt")


def test_ingest_out_reports_a_failed_article_once_counts_it_and_exits_1(
    broken_extraction: None, tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(5):
        cursed = " CURSED" if n == 2 else ""
        body = f"Report {n}\n\nThe council met on Monday about the budget of year {n}.{cursed}"
        (inputs / f"{n}.txt").write_text(body, encoding="utf-8")
    out = tmp_path / "results"
    args = ["ingest", str(inputs), "--out", str(out), "--partition-size", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {inputs / '2.txt'} (article ")
    assert errors[0].endswith(f"): {FAILED}")
    assert "errors: 1 " in result.stdout
    assert f"skipped: 4 ({NO_EVENT}: 4)" in result.stdout
    assert "partitions: 3 extracted" in result.stdout


@pytest.mark.parametrize("sink_kind", ["here", "workers"])
def test_failures_in_extraction_and_storing_are_counted_once_and_the_rest_stored(
    broken_extraction: None,
    sink_kind: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_store = write.store_article

    def store(db: Any, result: ArticleResult, **kwargs: Any) -> write.StoreOutcome:
        if result.article.id == "a5":
            raise ValueError("cannot store this one")
        return real_store(db, result, **kwargs)

    monkeypatch.setattr(write, "store_article", store)
    # Workers store on PostgreSQL; here, the process that started the run stores (SQLite).
    url: URL | str = str(tmp_path / "events.db")
    if sink_kind == "workers":
        url = request.getfixturevalue("pg_url")
    arts = [_article(n, cursed=n in (2, 3)) for n in range(7)]
    errors: list[str] = []
    counts = IngestSummary()
    with open_database(url) as db:
        sink = DatabaseSink(db) if sink_kind == "here" else WorkerWriteSink(db)
        run_partitions(
            run_here, partitions(arts, 3), sink, counts, on_error=lambda e: errors.append(str(e))
        )
        with db.session() as session:
            stored = sorted(session.execute(select(schema.articles.c.id)).scalars())
    assert errors == [
        f"in/2.txt (article a2): {FAILED}",
        f"in/3.txt (article a3): {FAILED}",
        "in/5.txt (article a5): storing failed (ValueError: cannot store this one)",
    ]
    assert counts.errors == 3 and counts.skipped[NO_EVENT] == 4
    assert stored == ["a0", "a1", "a4", "a6"]
