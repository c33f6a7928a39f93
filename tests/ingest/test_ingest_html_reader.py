"""HTML reader: text and metadata from trafilatura, fallbacks, and pages with no text."""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_samples import Writer

from newsevents.errors import InputError
from newsevents.ingest import article_from_html, read_html_file
from newsevents.ingest.html import NO_TEXT_REASON

PAGE = """<!DOCTYPE html>
<html><head>
<title>Bomb hits convoy near Riverton - The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2023-05-04T10:00:00Z">
<meta name="keywords" content="Riverton, Security">
<link rel="canonical" href="https://daily.example.test/news/convoy-bomb?utm_source=feed">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Bomb hits convoy near Riverton</h1>
<p>A roadside bomb hit a police convoy near Riverton on Wednesday, killing two officers,
the interior ministry said.</p>
<p>No group has claimed responsibility for the blast.</p>
<p>Share this:</p>
</article>
<footer>Back to top button</footer>
</body></html>
"""

UNDATED = """<html><head><title>Clashes in hill district</title></head><body><article>
<h1>Clashes in hill district</h1><p>Clashes between two armed groups in the hill district
left five fighters dead, a local leader said on Thursday.</p></article></body></html>"""


def test_page_text_and_metadata(write: Writer) -> None:
    article = read_html_file(write("p.html", PAGE))
    assert article.title == "Bomb hits convoy near Riverton"
    assert article.text.startswith("Bomb hits convoy near Riverton\n\nA roadside bomb hit")
    assert article.text.count("Bomb hits convoy near Riverton") == 1
    assert "Share this" not in article.text and "Back to top" not in article.text
    assert "No group has claimed responsibility for the blast." in article.text
    assert article.outlet == "The Daily Example"
    assert article.published == dt.date(2023, 5, 4)
    assert article.url is not None and article.url.startswith("https://daily.example.test/news/")
    assert {"Riverton", "Security"} <= set(article.tags)
    assert article.language == "en"


def test_page_metadata_wins_over_defaults() -> None:
    article = article_from_html(
        PAGE, "p.html", published=dt.date(2000, 1, 1), outlet="Fallback Outlet"
    )
    assert article.published == dt.date(2023, 5, 4)
    assert article.outlet == "The Daily Example"


def test_defaults_fill_what_the_page_lacks() -> None:
    article = article_from_html(
        UNDATED, "u.html", published=dt.date(2024, 2, 29), outlet="Fallback Outlet"
    )
    assert article.published == dt.date(2024, 2, 29)
    assert article.outlet == "Fallback Outlet"
    assert article.title == "Clashes in hill district"


def test_malformed_fragment_still_gives_text() -> None:
    html = (
        "<p>Militants burned a school in a border village overnight, residents said.<p>Pupils fled"
    )
    article = article_from_html(html, "frag.html")
    assert "Militants burned a school" in article.text
    assert "Pupils fled" in article.text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>T</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script></body></html>",
        "<<<>>>",
    ],
)
def test_html_without_text_is_an_input_error(html: str) -> None:
    with pytest.raises(InputError) as info:
        article_from_html(html, "empty.html")
    assert info.value.reason == NO_TEXT_REASON
    assert str(info.value) == f"empty.html: {NO_TEXT_REASON}"


def test_declared_legacy_charset_is_honoured(write: Writer) -> None:
    html = (
        '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 owners said '
        "gunmen fired on the caf\xe9 terrace late on Friday night.</p></body></html>"
    )
    article = read_html_file(write("legacy.html", html.encode("cp1252")))
    assert "Café owners said" in article.text
