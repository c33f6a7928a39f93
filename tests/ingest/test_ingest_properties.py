"""Property tests: the readers turn any input into Articles or InputErrors, never crashes."""

from __future__ import annotations

import json
import re
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.errors import InputError
from newsevents.ingest import iter_jsonl, normalise_url, read_stdin, read_text_file
from newsevents.ingest.dates import parse_date
from newsevents.model import Article

_FRAGMENTS = [
    "Gunmen Attack Village",
    "Kenya, Security, Gunmen Attack Village",
    "Share this:",
    "Back to top button",
    "Related Posts",
    "The army said four soldiers were killed in the attack on Monday.",
    "“Quoted”",
    "\r\n",
    "\n\n\n",
    "\x00",
    "\ufeff",
    "Ã©",
    "   ",
]

SHAPED_TEXT = st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map(lambda xs: "\n".join(xs))
ANY_BYTES = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    SHAPED_TEXT.map(lambda t: t.encode("utf-8")),
    st.text(max_size=200).map(lambda t: t.encode("utf-16")),
)
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        key: JSON_VALUES | st.text(max_size=60) | SHAPED_TEXT
        for key in ("id", "title", "text", "url", "outlet", "published", "tags")
    },
)
LINES = st.one_of(
    st.text(max_size=120),
    RECORDS.map(json.dumps),
    JSON_VALUES.map(json.dumps),
)

_counter = count()
_TRIPLE_NEWLINE = re.compile(r"\n\s*\n\s*\n")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the whole module (hypothesis runs many examples per test)."""
    return tmp_path_factory.mktemp("props")


def _check_article(article: Article) -> None:
    assert article.text.strip()
    assert "\r" not in article.text
    assert not _TRIPLE_NEWLINE.search(article.text)
    assert all(line == line.rstrip() for line in article.text.split("\n"))
    if article.title is not None:
        assert article.text == article.title or article.text.startswith(article.title + "\n\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=ANY_BYTES)
def test_text_reader_only_raises_input_error(folder: Path, data: bytes) -> None:
    path = folder / f"t{next(_counter)}.txt"
    path.write_bytes(data)
    try:
        article = read_text_file(path)
    except InputError as error:
        assert "\n" not in str(error)
        assert str(error).startswith(f"{path}: ")
    else:
        _check_article(article)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINES, max_size=6))
def test_jsonl_reader_never_raises(folder: Path, lines: list[str]) -> None:
    path = folder / f"j{next(_counter)}.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    for item in iter_jsonl(path):
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            _check_article(item)
        else:
            assert "\n" not in str(item)


@settings(max_examples=100, deadline=None)
@given(data=ANY_BYTES)
def test_stdin_never_raises(data: bytes) -> None:
    import io

    for item in read_stdin(stream=io.BytesIO(data)):
        assert isinstance(item, Article | InputError)


@given(text=st.text(max_size=80))
def test_url_and_date_parsing_never_raise(text: str) -> None:
    assert isinstance(normalise_url(text), str)
    parse_date(text)
