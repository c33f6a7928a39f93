"""Read HTML articles with trafilatura (text and metadata), htmldate as the date fallback."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

import htmldate
import trafilatura

from newsevents.errors import InputError
from newsevents.ingest.build import build_article
from newsevents.ingest.dates import parse_date
from newsevents.ingest.decode import check_decoded, decode_bytes, read_bytes
from newsevents.ingest.html_fallback import HEAD_CHARS, page_text, page_title, too_big
from newsevents.model import Article

NO_TEXT_REASON = "no article text found in HTML"
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I
)
_LOG = logging.getLogger(__name__)


def _wrap_fragment(html: str) -> str:
    # trafilatura refuses input that does not mention "html" near its start as "not HTML",
    # which loses bare fragments such as "<p>...</p>"; give them a document around them.
    if "html" in html.lstrip()[:50].lower():
        return html
    return f"<html><body>{html}</body></html>"


def _extract(html: str, url: str | None) -> dict[str, Any]:
    """Run trafilatura; any failure of the library on odd markup means no result."""
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # third-party parser: a bad page must not stop a batch
        _LOG.debug("trafilatura failed: %s", exc)
        return {}
    if document is None:
        return {}
    if isinstance(document, dict):
        return document
    result: dict[str, Any] = document.as_dict()
    return result


def _baseline_text(html: str) -> str:
    try:
        _, text, _ = trafilatura.baseline(html)
    except Exception as exc:  # third-party parser, as above
        _LOG.debug("trafilatura baseline failed: %s", exc)
        return ""
    return str(text or "")


def _find_date(html: str, url: str | None) -> dt.date | None:
    try:
        found = htmldate.find_date(
            html, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"
        )
    except Exception as exc:  # third-party parser, as above
        _LOG.debug("htmldate failed: %s", exc)
        return None
    return parse_date(found) if isinstance(found, str) else None


def _str(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def _tags(meta: dict[str, Any]) -> list[str]:
    tags: list[str] = []
    for key in ("tags", "categories"):
        value = meta.get(key)
        items = value if isinstance(value, list) else [value or ""]
        # Keyword metadata often packs several tags into one comma-separated string.
        for item in items:
            tags.extend(part.strip() for part in str(item).split(",") if part.strip())
    return tags


def _outlet(meta: dict[str, Any]) -> str | None:
    site = _str(meta, "sitename")
    if site:
        return site
    host = _str(meta, "hostname")
    return host.removeprefix("www.") if host else None


def _paragraphs(text: str) -> str:
    # trafilatura puts one block per line; a blank line between them marks paragraphs.
    return "\n\n".join(line for line in text.split("\n") if line.strip())


def article_from_html(
    html: str,
    name: str,
    *,
    url: str | None = None,
    published: dt.date | None = None,
    outlet: str | None = None,
    source_path: str | None = None,
) -> Article:
    """Make an Article from an HTML page.

    The page's own URL, date, site name and title win; ``url``, ``published`` and
    ``outlet`` fill what the page lacks. Raises InputError(name, "no article text found in
    HTML") when neither trafilatura nor its baseline extractor finds any text.
    """
    page = _wrap_fragment(html)
    if too_big(page):
        # Too many tags or characters for trafilatura to read in reasonable time and
        # memory: a one-pass reading of the page's text instead.
        return _big_page_article(
            page, name, url=url, published=published, outlet=outlet, source_path=source_path
        )
    meta = _extract(page, url)
    text = _str(meta, "text") or _baseline_text(page).strip()
    if not any(char.isalpha() for char in text):
        raise InputError(name, NO_TEXT_REASON)
    page_url = _str(meta, "url")
    if page_url is not None and not page_url.startswith(("http://", "https://")):
        page_url = None
    date_text = _str(meta, "date")
    found_date = parse_date(date_text) if date_text else None
    if found_date is None:
        found_date = _find_date(page, url or page_url)
    return build_article(
        _paragraphs(text),
        name=name,
        title=_str(meta, "title"),
        tags=_tags(meta),
        url=page_url or url,
        outlet=_outlet(meta) or outlet,
        published=found_date or published,
        source_path=source_path,
    )


def _big_page_article(
    page: str,
    name: str,
    *,
    url: str | None,
    published: dt.date | None,
    outlet: str | None,
    source_path: str | None,
) -> Article:
    """An Article from a page over trafilatura's budget (see :mod:`.html_fallback`)."""
    text = page_text(page)
    if not any(char.isalpha() for char in text):
        raise InputError(name, NO_TEXT_REASON)
    found_date = _find_date(page[:HEAD_CHARS], url)
    return build_article(
        _paragraphs(text),
        name=name,
        title=page_title(page),
        url=url,
        outlet=outlet,
        published=found_date or published,
        source_path=source_path,
    )


def decode_html(data: bytes, name: str) -> str:
    """Decode an HTML page: as text inputs are, or in the charset the page itself declares.

    A declared charset is the page's own statement, not a guess, so a page that says
    ``<meta charset="windows-1252">`` is read that way when it is not valid UTF-8.
    """
    try:
        return decode_bytes(data, name)
    except InputError as error:
        if not error.reason.startswith("not valid UTF-8"):
            raise
        match = _DECLARED_CHARSET.search(data[:4096])
        if match is None:
            raise
        try:
            codec = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            raise error from None
        if codec == "utf-8":
            raise
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise error from None
        check_decoded(text, name)
        return text


def read_html_file(
    path: str | Path,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    url: str | None = None,
) -> Article:
    """Read an HTML article file; see article_from_html."""
    name = str(path)
    html = decode_html(read_bytes(Path(path), name), name)
    return article_from_html(
        html, name, url=url, published=published, outlet=outlet, source_path=name
    )
