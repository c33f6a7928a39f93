"""The Python API: ``newsevents.extract(text, published=None, outlet=None) -> list[Event]``."""

from __future__ import annotations

import datetime as dt

from newsevents.extract.article import extract_article
from newsevents.ingest import read_text
from newsevents.model import ArticleResult, Event


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def extract(
    text: str,
    published: dt.date | str | None = None,
    outlet: str | None = None,
) -> list[Event]:
    """Extract the events of one article given as text.

    ``published`` (a date or ``YYYY-MM-DD``) anchors relative dates such as "Sunday";
    ``outlet`` names the publisher, which heads every event's attribution chain.
    """
    return extract_result(text, published=published, outlet=outlet).events


def extract_result(
    text: str,
    published: dt.date | str | None = None,
    outlet: str | None = None,
) -> ArticleResult:
    """Like :func:`extract`, but also returns the article and why no event was found."""
    article = read_text(text, published=_as_date(published), outlet=outlet)
    return extract_article(article)
