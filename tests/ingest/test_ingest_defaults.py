"""--published and --outlet fill what an input lacks and never override what it says."""

from __future__ import annotations

import datetime as dt
import json

from ingest_samples import PLAIN_WITH_HEADLINE, Writer

from newsevents.ingest import read_paths
from newsevents.model import Article

DEFAULT_DATE = dt.date(2021, 6, 1)


def _articles(paths: list[str]) -> list[Article]:
    items = list(read_paths(paths, published=DEFAULT_DATE, outlet="Default Outlet"))
    assert all(isinstance(i, Article) for i in items)
    return [i for i in items if isinstance(i, Article)]


def test_defaults_fill_text_files(write: Writer) -> None:
    [article] = _articles([str(write("t.txt", PLAIN_WITH_HEADLINE))])
    assert article.published == DEFAULT_DATE
    assert article.outlet == "Default Outlet"


def test_defaults_only_fill_gaps_in_jsonl(write: Writer) -> None:
    lines = [
        {"text": "Report one.", "published": "2020-01-02", "outlet": "Own Outlet"},
        {"text": "Report two."},
        {"text": "Report three.", "outlet": "Third Outlet"},
    ]
    path = write("d.jsonl", "\n".join(json.dumps(x) for x in lines))
    articles = _articles([str(path)])
    assert [(a.published, a.outlet) for a in articles] == [
        (dt.date(2020, 1, 2), "Own Outlet"),
        (DEFAULT_DATE, "Default Outlet"),
        (DEFAULT_DATE, "Third Outlet"),
    ]


def test_without_defaults_fields_stay_empty(write: Writer) -> None:
    [article] = list(read_paths([str(write("t.txt", PLAIN_WITH_HEADLINE))]))
    assert isinstance(article, Article)
    assert article.published is None and article.outlet is None
