"""One bad article never stops a batch: extraction or storing that fails is reported and
skipped, the rest is extracted and stored."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import newsevents.extract.article as extraction
import newsevents.store.write as write
from newsevents.errors import InputError
from newsevents.ingest.batch import extract_safely, ingest_safely
from newsevents.model import Article, ArticleResult
from newsevents.store import schema
from newsevents.store.db import Database, open_database

NO_EVENT = "no conflict event found"


def _article(n: int) -> Article:
    text = f"Report {n}\n\nThe council met on Monday to discuss the budget for year {n}."
    return Article(id=f"a{n}", text=text, title=f"Report {n}", source_path=f"in/{n}.txt")


def _result(article: Article) -> ArticleResult:
    return ArticleResult(article=article, events=[], reason=NO_EVENT)


@pytest.fixture
def broken_extraction(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Extraction without the NLP pipeline that raises on article a3; counts batch calls."""
    calls: list[int] = []

    def one(article: Article) -> ArticleResult:
        if article.id == "a3":
            raise OverflowError("date value out of range")
        return _result(article)

    def many(articles: Iterable[Article], batch_size: int = 32) -> Iterator[ArticleResult]:
        batch = list(articles)
        calls.append(len(batch))
        for article in batch:
            yield one(article)

    monkeypatch.setattr(extraction, "extract_many", many)
    monkeypatch.setattr(extraction, "extract_article", one)
    return calls


def test_extraction_that_fails_loses_only_its_article(broken_extraction: list[int]) -> None:
    errors: list[InputError] = []
    articles = [_article(n) for n in range(1, 8)]
    results = list(extract_safely(articles, batch_size=4, on_error=errors.append))
    assert [r.article.id for r in results] == ["a1", "a2", "a4", "a5", "a6", "a7"]
    assert broken_extraction == [4, 3]  # batches are parsed together; the bad one again alone
    assert [str(e) for e in errors] == [
        "in/3.txt (article a3): extraction failed (OverflowError: date value out of range)"
    ]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    with open_database(f"sqlite:///{tmp_path / 'events.db'}") as db:
        yield db


def _stored(db: Database) -> list[str]:
    with db.session() as session:
        return sorted(session.execute(select(schema.articles.c.id)).scalars())


def test_ingest_reports_failures_and_stores_the_rest(
    database: Database, broken_extraction: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_store = write.store_article

    def store(db: Database, result: ArticleResult, **kwargs: Any) -> write.StoreOutcome:
        if result.article.id == "a5":
            raise ValueError("cannot store this one")
        return real_store(db, result, **kwargs)

    monkeypatch.setattr(write, "store_article", store)
    unreadable = InputError("in/bad.jsonl:2", "not valid JSON (Expecting value at column 1)")
    items: list[Article | InputError] = [_article(n) for n in range(1, 4)]
    items += [unreadable, *(_article(n) for n in range(4, 7))]
    errors: list[InputError] = []
    summary = ingest_safely(database, items, on_error=errors.append)
    assert [e.path for e in errors] == [
        "in/bad.jsonl:2",
        "in/3.txt (article a3)",
        "in/5.txt (article a5)",
    ]
    assert errors[2].reason == "storing failed (ValueError: cannot store this one)"
    assert (summary.read, summary.errors, summary.skipped[NO_EVENT]) == (6, 3, 4)
    assert _stored(database) == ["a1", "a2", "a4", "a6"]
    with database.session() as session:
        assert session.execute(select(func.count()).select_from(schema.articles)).scalar() == 4

    # The same batch again: what was stored is skipped, the failures are reported again.
    errors.clear()
    again = ingest_safely(database, items, on_error=errors.append)
    assert again.skipped["already stored"] == 4 and again.errors == 3
    assert _stored(database) == ["a1", "a2", "a4", "a6"]


def test_a_dask_worker_hands_back_the_article_that_fails(
    broken_extraction: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    from newsevents.cluster.tasks import extract_partition

    done = extract_partition([_article(n) for n in range(1, 5)])
    assert [r.article.id for r in done.results] == ["a1", "a2", "a4"]
    assert [str(e) for e in done.errors()] == [
        "in/3.txt (article a3): extraction failed (OverflowError: date value out of range)"
    ]
    assert capsys.readouterr().err == ""  # reported by the process that started the run
