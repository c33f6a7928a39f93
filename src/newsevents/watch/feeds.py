"""Feed documents (RSS 0.9x/1.0/2.0, Atom) to entries, with feedparser.

feedparser is only ever given bytes: handed a string, it would take it for a URL or a file
name and fetch or open it itself, bypassing the timeouts and rate limits of
:mod:`newsevents.watch.fetch`. Its lenient parser reads many broken feeds; a document from
which it gets no entry at all and which it flags as ill-formed is a malformed feed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import feedparser
from feedparser.exceptions import ThingsNobodyCaresAboutButMe

from newsevents.watch.errors import SourceError

# Elements after which text starts on a new line (blank line for blocks, one for breaks).
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "blockquote", "pre", "table", "ul", "ol", "dl",
     "h1", "h2", "h3", "h4", "h5", "h6", "figure", "header", "footer"}
)  # fmt: skip
_BREAKS = frozenset({"br", "li", "tr", "dt", "dd", "figcaption"})
_SKIPPED = frozenset({"script", "style", "noscript"})
_HARMLESS = ThingsNobodyCaresAboutButMe


@dataclass(frozen=True)
class Entry:
    """One feed entry: what is needed to make an article of it."""

    key: str
    """What identifies it across polls: its id (guid), else its link, else a hash."""
    link: str | None
    """Its http(s) link, made absolute against the feed's URL."""
    title: str | None
    published: dt.date | None
    text: str
    """Its own content, else its summary, as plain text (may be empty)."""


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title and entries, in the order the feed lists them."""

    title: str | None
    entries: list[Entry]
    problem: str | None = None
    """What feedparser found wrong in a feed it could still read, if anything."""
    unreadable: int = 0
    """Entries left out because they could not be read at all."""


class _TextParser(HTMLParser):
    """Collects the text of an HTML fragment, with paragraph breaks where blocks end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, start=True)

    def handle_endtag(self, tag: str) -> None:
        self._tag(tag, start=False)

    def _tag(self, tag: str, *, start: bool) -> None:
        if tag in _SKIPPED:
            self._skipping += 1 if start else -1
            self._skipping = max(self._skipping, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text of an HTML fragment (a feed's summary or content), paragraphs kept."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return "\n\n".join(paragraphs)


def _as_text(detail: Any) -> str:
    """Plain text of a feedparser text construct (``{type, value}``)."""
    value = str(detail.get("value") or "")
    kind = str(detail.get("type") or "text/html")
    return html_to_text(value) if "html" in kind else value.strip()


def _entry_text(entry: Any) -> str:
    # Full content (content:encoded, Atom content) beats the summary; the longest wins when
    # an entry carries several versions.
    texts = [_as_text(part) for part in entry.get("content") or []]
    detail = entry.get("summary_detail")
    if detail is not None:
        texts.append(_as_text(detail))
    elif entry.get("summary"):
        texts.append(html_to_text(str(entry.get("summary"))))
    return max(texts, key=len, default="")


def _date(entry: Any) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: feedparser's own get maps a missing key to another with a warning.
        value = dict.get(entry, name)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _is_web_link(text: str) -> bool:
    try:
        return urlsplit(text).scheme in ("http", "https")
    except ValueError:
        # Not a URL (http://[::1/x): kept, so that its entry fails as a bad URL, named.
        return text.lower().startswith(("http://", "https://"))


def _link(entry: Any) -> str | None:
    candidates = [entry.get("link")]
    candidates += [item.get("href") for item in entry.get("links") or []]
    for candidate in candidates:
        if isinstance(candidate, str) and _is_web_link(candidate.strip()):
            return candidate.strip()
    return None


def _clean(value: Any) -> str | None:
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    return text or None


def _key(entry: Any, link: str | None, title: str | None, text: str) -> str:
    given = _clean(entry.get("id"))
    if given:
        return given
    if link:
        return link
    digest = hashlib.sha1(f"{title}\n{text}".encode(), usedforsecurity=False).hexdigest()
    return f"sha1:{digest[:16]}"


def _entry(raw: Any) -> Entry:
    link = _link(raw)
    title = _clean(raw.get("title"))
    text = _entry_text(raw)
    return Entry(_key(raw, link, title, text), link, title, _date(raw), text)


def parse_feed(data: bytes, *, url: str | None = None, content_type: str | None = None) -> Feed:
    """Parse a feed document; relative links are resolved against ``url``.

    Raises SourceError("malformed feed: ...") for a document feedparser cannot read any
    entry from and flags as broken, and SourceError("not an RSS or Atom feed") for a
    well-formed document of another kind (an HTML page, say). An empty feed is not an error.
    """
    headers = {"content-location": url or "", "content-type": content_type or ""}
    parsed = feedparser.parse(data, response_headers={k: v for k, v in headers.items() if v})
    problem = None
    exception = parsed.get("bozo_exception")
    # feedparser also flags what it reads fine (a charset or content type that does not
    # match the document); only a real parse problem is worth a note.
    if parsed.get("bozo") and not isinstance(exception, _HARMLESS):
        problem = _one_line(exception)
        if not parsed.entries:
            raise SourceError(f"malformed feed: {problem}")
    elif not parsed.entries and not parsed.get("version"):
        raise SourceError("not an RSS or Atom feed (no feed element found)")
    title = _clean(parsed.feed.get("title"))
    entries: list[Entry] = []
    unreadable = 0
    for raw in parsed.entries:
        try:
            entries.append(_entry(raw))
        except Exception:  # one odd entry (feedparser hands over any shape) never stops a feed
            unreadable += 1
    return Feed(title, entries, problem, unreadable)


def _one_line(exc: Any) -> str:
    text = " ".join(str(exc or "").split())
    return text[:200] or (type(exc).__name__ if exc is not None else "ill-formed document")
