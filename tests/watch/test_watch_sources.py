"""SOURCE arguments: URLs, feed files (sniffed), folders, and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from watch_samples import Item, atom, rss

from newsevents.watch.sources import (
    SourceKind,
    SourceSpecError,
    parse_source,
    parse_sources,
    root_element,
)


def test_http_urls_are_feeds() -> None:
    source = parse_source("https://news.example.org/rss")
    assert source.kind is SourceKind.feed_url and source.key == "https://news.example.org/rss"


def test_feed_files_are_sniffed_whatever_their_name(tmp_path: Path) -> None:
    (tmp_path / "world").write_text(rss("W", [Item("1", "a")]), encoding="utf-8")
    (tmp_path / "atom.txt").write_text(atom("A", [Item("1", "a")]), encoding="utf-8")
    assert parse_source(str(tmp_path / "world")).kind is SourceKind.feed_file
    by_url = parse_source((tmp_path / "atom.txt").as_uri())
    assert by_url.kind is SourceKind.feed_file and by_url.key == str(tmp_path / "atom.txt")


def test_folders_and_paths_still_to_come(tmp_path: Path) -> None:
    assert parse_source(str(tmp_path)).kind is SourceKind.folder
    assert parse_source(str(tmp_path / "later")).kind is SourceKind.folder
    assert parse_source(str(tmp_path / "later.xml")).kind is SourceKind.feed_file


def test_relative_paths_are_stored_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert parse_source("inbox").key == str(tmp_path / "inbox")


def test_a_file_that_is_not_a_feed_is_refused_with_what_it_is(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body>x</body></html>", encoding="utf-8")
    with pytest.raises(
        SourceSpecError, match=r"not an RSS or Atom feed \(its first element is <html>\)"
    ):
        parse_source(str(page))
    with pytest.raises(SourceSpecError, match="unsupported URL scheme 'ftp'"):
        parse_source("ftp://example.org/feed")


def test_root_element_skips_the_prologue() -> None:
    head = b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- a <b> comment -->\n<!DOCTYPE x>\n<rdf:RDF>'
    assert root_element(head) == "rdf"
    assert root_element(b"plain text") is None


def test_the_same_source_twice_is_polled_once(tmp_path: Path) -> None:
    assert len(parse_sources([str(tmp_path), str(tmp_path) + "/", tmp_path.as_uri()])) == 1
