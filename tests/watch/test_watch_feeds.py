"""Feed documents to entries: keys, links, dates, text; malformed and non-feeds refused."""

from __future__ import annotations

import datetime as dt

import pytest
from watch_samples import Item, atom, rss

from newsevents.watch.errors import SourceError
from newsevents.watch.feeds import html_to_text, parse_feed


def test_rss_entries_with_relative_links_content_and_dates() -> None:
    document = rss(
        "The Test Courier",
        [
            Item("guid-1", "First", "/news/1", summary="<p>Teaser</p>",
                 content="<p>Full <b>text</b> here.</p><p>Second paragraph.</p>"),
            Item("guid-2", "Second", "https://other.example/2", date="not a date"),
        ],
    )  # fmt: skip
    feed = parse_feed(document.encode(), url="http://news.example/feed.xml")
    assert feed.title == "The Test Courier" and feed.problem is None
    first, second = feed.entries
    assert first.key == "guid-1" and first.link == "http://news.example/news/1"
    assert first.published == dt.date(2021, 3, 8)
    assert first.text == "Full text here.\n\nSecond paragraph."
    assert second.published is None and second.text == "Short teaser."


def test_atom_entries() -> None:
    feed = parse_feed(atom("Atom Wire", [Item("urn:1", "One", "http://a.example/1")]).encode())
    (entry,) = feed.entries
    assert (entry.key, entry.link, entry.published) == (
        "urn:1",
        "http://a.example/1",
        dt.date(2021, 3, 8),
    )


def test_entries_without_id_are_known_by_link_else_by_content() -> None:
    document = (
        "<rss version='2.0'><channel><title>T</title>"
        "<item><title>A</title><link>http://x.example/a</link></item>"
        "<item><title>B</title><description>no link</description></item>"
        "</channel></rss>"
    )
    a, b = parse_feed(document.encode()).entries
    assert a.key == "http://x.example/a"
    assert b.key.startswith("sha1:") and b.link is None


def test_malformed_feed_is_an_error_with_the_parser_reason() -> None:
    broken = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & bad</ti'
    with pytest.raises(SourceError, match=r"^malformed feed: "):
        parse_feed(broken)


def test_an_html_page_is_not_a_feed() -> None:
    with pytest.raises(SourceError, match=r"not an RSS or Atom feed"):
        parse_feed(b"<html><body><p>Hello</p></body></html>")


def test_an_empty_feed_is_fine() -> None:
    assert parse_feed(rss("Quiet", []).encode()).entries == []


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    html = "<div><p>One &amp; two</p><script>var x;</script><p>Three<br>four</p></div>"
    assert html_to_text(html) == "One & two\n\nThree\nfour"
