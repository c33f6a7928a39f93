"""Every sink of a cluster run leaves out the events below the minimum confidence and counts
them: stored here, stored by the workers, or written as a dataset (run in this process, with
extraction replaced by a stand-in whose events carry the confidences the texts announce)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from newsevents.cluster.partitions import partitions
from newsevents.cluster.results import read_results
from newsevents.cluster.run import run_here, run_partitions
from newsevents.cluster.sinks import DatabaseSink, ParquetSink, Sink, WorkerWriteSink
from newsevents.ingest import read_text
from newsevents.model import Article, ArticleResult, Event, Span
from newsevents.store.db import Database
from newsevents.store.load import IngestSummary
from newsevents.store.query import query_events

TEXTS = [
    "Attack in Gao\n\nGunmen attacked a post conf=0.9 and a convoy conf=0.3 on Sunday.\n",
    "Clash in Mopti\n\nA clash was reported conf=0.2 near Mopti on Monday.\n",
    "Raid in Kano\n\nPolice raided a house conf=0.6 in Kano on Tuesday morning.\n",
]
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
    return ArticleResult(article=article, events=events)


@pytest.fixture(autouse=True)
def fake_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction gives the events the texts announce."""
    import newsevents.extract.article as article_module

    def extract_many(articles: Iterable[Article], batch_size: int = 8) -> Iterator[ArticleResult]:
        return (_fake_result(a) for a in articles)

    monkeypatch.setattr(article_module, "extract_many", extract_many)
    monkeypatch.setattr(article_module, "extract_article", _fake_result)


def _run(sink: Sink) -> IngestSummary:
    articles = [read_text(t, source_path=f"{n}.txt") for n, t in enumerate(TEXTS)]
    counts = IngestSummary()
    run_partitions(run_here, partitions(articles, 2), sink, counts)
    return counts


def _check(counts: IngestSummary) -> None:
    assert (counts.stored, counts.events, counts.below_confidence) == (2, 2, 2)
    assert counts.skipped == {"no event above confidence 0.5": 1}
    assert "with 2 events (2 below confidence 0.5 not kept)" in counts.lines()[1]


@pytest.mark.parametrize("kind", ["here", "workers"])
def test_database_sinks_store_only_confident_events(db: Database, kind: str) -> None:
    sink = DatabaseSink(db, True, 0.5) if kind == "here" else WorkerWriteSink(db, True, 0.5)
    _check(_run(sink))
    with db.session() as session:
        assert sorted(h.event.confidence for h in query_events(session, limit=None)) == [0.6, 0.9]


def test_a_dataset_holds_only_confident_events(tmp_path: Path) -> None:
    _check(_run(ParquetSink(tmp_path / "out", 0.5)))
    written = [r for r in read_results(tmp_path / "out") if isinstance(r, ArticleResult)]
    assert sorted(e.confidence for r in written for e in r.events) == [0.6, 0.9]
