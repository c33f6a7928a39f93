"""One feed entry to one article: its page when it can be fetched, else its own text.

The page, fetched from the entry's link, is read like an HTML file (trafilatura); the
entry's publication date wins over the one guessed from the page, and the feed's title
names the outlet when the page does not. When pages are not fetched (``--no-fetch``) or the
page cannot be had (robots.txt disallowing it included), the entry's own content or summary is
the article, provided it is long enough to report an event (a one-line teaser is not);
otherwise the entry fails with the reason, and a transient failure is tried again at a later
poll.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from newsevents.errors import InputError
from newsevents.ingest.html import article_from_html, decode_html
from newsevents.ingest.text import read_text
from newsevents.model import Article
from newsevents.watch.feeds import Entry
from newsevents.watch.fetch import Fetcher, FetchError, Response
from newsevents.watch.robots import RobotsRules

#: Fewest words of an entry's own text that make an article when its page is not read.
MIN_ENTRY_WORDS = 30


@dataclass(frozen=True)
class EntryFailure:
    """Why no article came of an entry; ``retry`` when a later poll may do better."""

    reason: str
    retry: bool


@dataclass(frozen=True)
class EntryArticle:
    """The article made of an entry, and a note when its page could not be used."""

    article: Article
    note: str | None = None


def outlet_name(feed_title: str | None, url: str | None) -> str | None:
    """The outlet of a feed's articles: the feed's title, else the host of ``url``."""
    if feed_title:
        return feed_title
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:  # a link that is not a URL names no outlet
        return None
    return host.removeprefix("www.") if host else None


def decode_page(response: Response, name: str) -> str:
    """The text of an HTML page, in the charset its bytes, markup or headers declare."""
    try:
        return decode_html(response.content, name)
    except InputError as error:
        charset = response.charset
        if charset is None or not error.reason.startswith("not valid UTF-8"):
            raise
        try:
            return response.content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise error from None


def _from_page(
    entry: Entry, link: str, fetcher: Fetcher, robots: RobotsRules | None, outlet: str | None
) -> Article:
    if robots is not None:
        robots.check(link)
    response = fetcher.get(link)
    html = decode_page(response, link)
    article = article_from_html(html, link, url=response.url, outlet=outlet)
    update: dict[str, object] = {}
    if entry.published is not None:
        # The feed states the date; a date found in a page is a guess (htmldate).
        update["published"] = entry.published
    if outlet and _is_bare_host(article.outlet, response.url):
        # A page that names no site gets its host name as outlet; the feed's title is better.
        update["outlet"] = outlet
    return article.model_copy(update=update) if update else article


def _is_bare_host(name: str | None, url: str) -> bool:
    parts = urlsplit(url)
    hosts = {parts.netloc.lower().removeprefix("www."), (parts.hostname or "").removeprefix("www.")}
    return name is None or name.lower().removeprefix("www.") in hosts


def _from_entry_text(entry: Entry, outlet: str | None, min_words: int) -> Article | str:
    """The entry's own text as an article, or why it cannot be one."""
    words = len(entry.text.split())
    if words < min_words:
        return f"the entry's own text is too short ({words} words, {min_words} needed)"
    try:
        return read_text(
            entry.text, title=entry.title, url=entry.link, published=entry.published, outlet=outlet
        )
    except InputError as error:
        return f"the entry's own text cannot be read: {error.reason}"


def entry_article(
    entry: Entry,
    *,
    fetcher: Fetcher | None,
    outlet: str | None,
    min_words: int = MIN_ENTRY_WORDS,
    robots: RobotsRules | None = None,
) -> EntryArticle | EntryFailure:
    """The article of ``entry`` (see the module docstring); ``fetcher`` None: no fetching.

    ``robots``: the rules the page's link is checked against first (None: not checked).
    """
    page_problem: str | None = None
    retry = False
    if fetcher is not None and entry.link is not None:
        try:
            return EntryArticle(_from_page(entry, entry.link, fetcher, robots, outlet))
        except FetchError as error:
            page_problem, retry = error.reason, error.transient
        except InputError as error:
            page_problem = error.reason
    fallback = _from_entry_text(entry, outlet, min_words)
    if isinstance(fallback, Article):
        note = f"{page_problem}; stored the feed's own text instead" if page_problem else None
        return EntryArticle(fallback, note)
    if page_problem is not None:
        return EntryFailure(f"{page_problem} (and {fallback})", retry)
    if entry.link is None:
        return EntryFailure(f"no http(s) link to fetch, and {fallback}", retry=False)
    return EntryFailure(f"pages are not fetched (--no-fetch), and {fallback}", retry=False)
