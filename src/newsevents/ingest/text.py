"""Read plain-text articles, from files or from memory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsevents.ingest.build import build_article
from newsevents.ingest.decode import check_decoded, decode_bytes, read_bytes
from newsevents.model import Article

MEMORY_NAME = "<text>"


def read_text(
    text: str,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
    title: str | None = None,
    source_path: str | None = None,
) -> Article:
    """Make an Article from text in memory (the ``newsevents.extract(text)`` entry point).

    Raises InputError when the text is empty, only boilerplate, or binary junk.
    """
    name = source_path or MEMORY_NAME
    check_decoded(text, name)
    return build_article(
        text,
        name=name,
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        source_path=source_path,
    )


def article_from_text(
    text: str,
    name: str,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    source_path: str | None = None,
) -> Article:
    """Make an Article from decoded plain text read from ``name``."""
    return build_article(
        text, name=name, outlet=outlet, published=published, source_path=source_path
    )


def read_text_file(
    path: str | Path,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
) -> Article:
    """Read a plain-text article file.

    ``published`` and ``outlet`` are used as the article's (a text file carries neither).
    Raises InputError for missing, empty, binary, oversized or non-UTF-8 files.
    """
    name = str(path)
    text = decode_bytes(read_bytes(Path(path), name), name)
    return article_from_text(text, name, published=published, outlet=outlet, source_path=name)
