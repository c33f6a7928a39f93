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


# -- pages over trafilatura's budget -------------------------------------------------------


def test_big_page_text_keeps_blocks_and_drops_scripts_styles_and_navigation() -> None:
    from newsevents.ingest.html_fallback import page_text

    page = (
        "<html><head><title>T</title><script>var a = '<p>code</p>';</script></head><body>"
        "<nav><a href='/'>Home</a></nav><!-- a <p>comment</p> -->"
        "<article><h1>Bomb hits\n   convoy</h1><p>Two officers &amp; a driver <b>died</b>."
        "</p><p>3 < 4 and <br/>a line</p><style>p { color: red }</style></article>"
        "<footer>Back to top</footer></body></html>"
    )
    assert page_text(page).split("\n") == [
        "Bomb hits convoy",
        "Two officers & a driver died.",
        "3 < 4 and",
        "a line",
    ]


def test_big_page_text_of_unclosed_markup_costs_one_pass() -> None:
    from newsevents.ingest.html_fallback import page_text

    # Unclosed "<", "<!--" and "<script": each must not rescan the rest of the page.
    assert page_text("<" * 200_000) == "<" * 200_000
    assert page_text("text <!-- " * 50_000).startswith("text")
    assert page_text("ok " + "<script>" * 50_000) == "ok"


def test_page_over_the_tag_budget_is_read_without_trafilatura(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import newsevents.ingest.html as reader
    from newsevents.ingest.html_fallback import MAX_TAGS

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("trafilatura must not read a page over the budget")

    monkeypatch.setattr(reader.trafilatura, "bare_extraction", refuse)
    monkeypatch.setattr(reader.trafilatura, "baseline", refuse)
    # Six tags a row: just over the budget.
    rows = "".join(f"<div><span>Item {i}</span> <b>x</b></div>" for i in range(MAX_TAGS // 5))
    page = (
        "<html><head><title>Archive page</title></head><body><article><p>A roadside bomb hit "
        f"a police convoy near Riverton on Wednesday.</p>{rows}</article></body></html>"
    )
    article = article_from_html(page, "archive.html", published=dt.date(2023, 5, 4))
    assert article.title == "Archive page"
    assert "A roadside bomb hit a police convoy near Riverton on Wednesday." in article.text
    assert f"Item {MAX_TAGS // 5 - 1} x" in article.text


def test_page_of_a_million_tags_is_read_in_seconds() -> None:
    import resource
    import time

    words = "<i>a</i>" * 500_000  # a million tags
    page = f"<html><body><p>Gunmen attacked a post.</p><p>{words}</p></body></html>"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = time.process_time()
    article = article_from_html(page, "huge.html")
    # trafilatura took over five minutes and 1.2 GB on such a page.
    assert time.process_time() - cpu < 15
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300 * 1024
    assert article.text.startswith("Gunmen attacked a post.")
    assert article.text.count("a") >= 500_000
