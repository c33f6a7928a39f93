"""Assemble an Article from raw text and whatever metadata the input carried."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from newsevents.errors import InputError
from newsevents.ingest.boilerplate import is_boilerplate_line, strip_boilerplate
from newsevents.ingest.dates import accepted_date
from newsevents.ingest.ids import article_id
from newsevents.ingest.language import detect_language
from newsevents.ingest.layout import Layout, split_layout
from newsevents.ingest.normalise import normalise_text, one_line, tidy_lines
from newsevents.limits import MAX_TEXT_CHARS, text_too_long_reason
from newsevents.model import Article

EMPTY_REASON = "empty file (nothing but whitespace or site boilerplate)"
NO_WORDS_REASON = "no words in the text (only digits, punctuation or symbols)"
#: A raw text this many times over the limit is refused before cleaning: cleaning can shorten
#: a text (blank runs, boilerplate), but not by that much, and cleaning megabytes takes seconds.
_RAW_SLACK = 4


def _same_line(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _clean_optional(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = one_line(value)
    return cleaned or None


def _with_given_title(layout: Layout, text: str, title: str) -> Layout:
    """Lay out ``text`` under a title supplied from outside (JSON field, HTML metadata)."""
    if layout.title is not None and layout.tags:
        return Layout(title=title, body=layout.body, tags=layout.tags)
    first, _, rest = text.partition("\n")
    if _same_line(first, title):
        return Layout(title=title, body=rest.strip("\n"))
    return Layout(title=title, body=text)


def compose_text(title: str | None, body: str) -> str:
    """The article text: the title, a blank line, then the body."""
    if title is None:
        return tidy_lines(body)
    return tidy_lines(f"{title}\n\n{body}")


def build_article(
    raw_text: str,
    *,
    name: str,
    title: str | None = None,
    tags: Sequence[str] = (),
    url: str | None = None,
    outlet: str | None = None,
    published: dt.date | None = None,
    id: str | None = None,
    source_path: str | None = None,
    empty_reason: str = EMPTY_REASON,
) -> Article:
    """Normalise ``raw_text``, find its headline and tags, and make the Article.

    ``title`` and ``tags`` given by the input take precedence over those found in the
    text. Raises InputError(name, empty_reason) when no text is left after cleaning, and
    InputError(name, ...) when the text is longer than MAX_TEXT_CHARS. A ``published`` date
    outside the accepted years is dropped with a warning.
    """
    if len(raw_text) > _RAW_SLACK * MAX_TEXT_CHARS:
        raise InputError(name, text_too_long_reason(len(raw_text)))
    text = tidy_lines(strip_boilerplate(normalise_text(raw_text)))
    given_title = _clean_optional(title)
    if given_title is not None and is_boilerplate_line(given_title):
        given_title = None
    layout = split_layout(text)
    if given_title is not None:
        layout = _with_given_title(layout, text, given_title)
    if layout.title is not None and layout.body and _same_line(layout.title, layout.body):
        layout = Layout(title=layout.title, body="", tags=layout.tags)
    body = layout.body
    final = compose_text(layout.title, body)
    if not final.strip():
        raise InputError(name, empty_reason)
    if not any(char.isalpha() for char in final):
        raise InputError(name, NO_WORDS_REASON)
    if len(final) > MAX_TEXT_CHARS:
        raise InputError(name, text_too_long_reason(len(final)))
    all_tags = _merge_tags([*tags, *layout.tags])
    clean_url = _clean_optional(url)
    return Article(
        id=id if id is not None else article_id(clean_url, final),
        url=clean_url,
        outlet=_clean_optional(outlet),
        published=accepted_date(published, name),
        title=layout.title,
        tags=all_tags,
        text=final,
        language=detect_language(final),
        source_path=source_path,
    )


def _merge_tags(tags: Sequence[str]) -> list[str]:
    merged: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        cleaned = one_line(tag)
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            merged.append(cleaned)
    return merged
