"""Stable article ids from normalised URLs or text."""

from __future__ import annotations

import json

import pytest
from ingest_samples import Writer

from newsevents.ingest import article_id, iter_jsonl, normalise_url, read_text
from newsevents.model import Article

BASE = "https://news.example.test/world/attack-on-market"


@pytest.mark.parametrize(
    "variant",
    [
        BASE,
        BASE + "/",
        BASE + "?utm_source=twitter&utm_medium=social",
        BASE + "/?fbclid=abc123",
        BASE + "#comments",
        "HTTPS://News.Example.TEST:443/world/attack-on-market",
        "  " + BASE + "  ",
    ],
)
def test_same_url_gives_same_id(variant: str) -> None:
    assert article_id(variant, "any text") == article_id(BASE, "other text")
    assert normalise_url(variant) == BASE


def test_meaningful_query_and_path_case_are_kept() -> None:
    assert normalise_url(BASE + "?id=7&utm_campaign=x") == BASE + "?id=7"
    assert article_id(BASE + "?id=7", "") != article_id(BASE + "?id=8", "")
    assert article_id(BASE.upper(), "") != article_id(BASE, "")


def test_text_id_ignores_spacing_but_not_words() -> None:
    one = read_text("Gunmen killed two people in the market.")
    same = read_text("Gunmen  killed two\npeople in the market.   ")
    other = read_text("Gunmen killed three people in the market.")
    assert one.id == same.id
    assert one.id != other.id
    assert len(one.id) == 16 and all(c in "0123456789abcdef" for c in one.id)


def test_url_wins_over_text() -> None:
    a = read_text("First version of the story.", url=BASE + "?utm_source=x")
    b = read_text("Updated version of the story.", url=BASE + "/")
    assert a.id == b.id


def test_jsonl_id_is_used_as_given(write: Writer) -> None:
    line = json.dumps({"id": "My-ID 01", "url": BASE, "text": "Some report."})
    [article] = list(iter_jsonl(write("i.jsonl", line)))
    assert isinstance(article, Article)
    assert article.id == "My-ID 01"


def test_malformed_url_does_not_raise() -> None:
    assert len(article_id("http://[::1", "")) == 16
