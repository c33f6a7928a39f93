"""Directories, extension dispatch, standard input and sniffing."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from ingest_samples import PLAIN_NO_HEADLINE, PLAIN_WITH_HEADLINE, TAGGED_PAGE, Writer

import newsevents.ingest.decode as decode
from newsevents.errors import InputError
from newsevents.ingest import read_paths, read_stdin, sniff_kind
from newsevents.model import Article

HTML = (
    "<html><head><title>Troops clash with rebels</title></head><body><article>"
    "<h1>Troops clash with rebels</h1><p>Troops clashed with rebels near the river crossing "
    "on Sunday, the army said.</p></article></body></html>"
)


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path, write: Writer) -> None:
    write("b.txt", PLAIN_WITH_HEADLINE)
    write("a/z.htm", HTML)
    write("a/y.jsonl", json.dumps({"text": "Report from a JSON line."}))
    write("c.text", TAGGED_PAGE)
    write("d.json", json.dumps({"text": "Report from a JSON file."}))
    write(".hidden.txt", PLAIN_NO_HEADLINE)
    write(".cache/e.txt", PLAIN_NO_HEADLINE)
    write("notes.md", "not an input")
    items = list(read_paths([str(tmp_path)]))
    assert all(isinstance(i, Article) for i in items)
    sources = [
        Path(i.source_path or "").relative_to(tmp_path).as_posix()
        for i in items
        if isinstance(i, Article)
    ]
    assert sources == ["a/y.jsonl", "a/z.htm", "b.txt", "c.text", "d.json"]


def test_unknown_extension_is_sniffed(write: Writer) -> None:
    [article] = list(read_paths([str(write("page.dat", HTML))]))
    assert isinstance(article, Article)
    assert article.title == "Troops clash with rebels"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("  <div><p>fragment</p></div>", "html"),
        ('{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        ('[{"text": "a"}]', "jsonl"),
        ('[\n  {"text": "a"}\n]\n', "jsonl"),
        ("[Updated] Gunmen attack convoy\n\nGunmen attacked a convoy.", "text"),
        (PLAIN_WITH_HEADLINE, "text"),
        ("<Reuters> is not a tag we know", "text"),
    ],
)
def test_sniff_kind(text: str, kind: str) -> None:
    assert sniff_kind(text) == kind


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(TAGGED_PAGE.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    [article] = list(read_paths(["-"]))
    assert isinstance(article, Article)
    assert article.tags == ["Nigeria", "Boko Haram"]
    assert article.source_path == "<stdin>"


def test_stdin_jsonl_with_bad_line() -> None:
    data = b'{"text": "First report."}\nnot json\n{"text": "Second report."}\n'
    items = list(read_stdin(stream=io.BytesIO(data)))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert str(items[1]).startswith("<stdin>:2: not valid JSON")


def test_stdin_html() -> None:
    [article] = list(read_stdin(stream=io.BytesIO(HTML.encode())))
    assert isinstance(article, Article)
    assert article.text.startswith("Troops clash with rebels\n\nTroops clashed")


def test_stdin_empty_and_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    [empty] = list(read_stdin(stream=io.BytesIO(b" \n")))
    assert isinstance(empty, InputError) and empty.reason.startswith("empty file")
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 10)
    [big] = list(read_stdin(stream=io.BytesIO(b"x" * 50)))
    assert isinstance(big, InputError) and "too large" in big.reason


def test_stdin_html_in_declared_legacy_charset() -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><p>Gunmen fired on a caf\xe9 '
        "in the old town late on Friday, witnesses said.</p></body></html>"
    )
    [article] = list(read_stdin(stream=io.BytesIO(page.encode("latin-1"))))
    assert isinstance(article, Article)
    assert "café" in article.text


def test_stdin_legacy_text_is_refused() -> None:
    [error] = list(read_stdin(stream=io.BytesIO("Un caf\xe9 attaqu\xe9".encode("latin-1"))))
    assert isinstance(error, InputError)
    assert error.reason.startswith("not valid UTF-8 (byte 0xE9")
