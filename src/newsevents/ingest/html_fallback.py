"""A plain, linear-time text extractor for HTML pages too big for trafilatura.

trafilatura scores the page's element tree to find the article, which costs time that grows
faster than the number of elements (about 2 s for 25,000 tags, 16 s for 100,000, minutes
and over a gigabyte for a million), and about a second per megabyte of page. A news page has
a few thousand tags and well under a megabyte; a page over :data:`MAX_TAGS` tags or
:data:`MAX_CHARS` characters is a generated dump, an archive or an attack. Such a page is read
by this module instead, in one pass over its tags with no tree: the text outside scripts,
styles, navigation and forms, one line per block element. Time and memory grow in
proportion to the page.
"""

from __future__ import annotations

import html as _html
import re

#: Most tags (counted as "<" characters) a page may have for trafilatura to read it.
MAX_TAGS = 30_000
#: Most characters a page may have for trafilatura to read it.
MAX_CHARS = 2_000_000
#: How much of the start of a big page is searched for its title and date.
HEAD_CHARS = 100_000

_SPACE = re.compile(r"\s+")
_TITLE = re.compile(r"<title[^<>]*>([^<]{1,1000})</title", re.I)
#: Elements whose content is no article text.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "head", "nav", "footer",
     "aside", "form", "select", "textarea", "iframe", "object", "button"}
)  # fmt: skip
#: Elements that start a new line.
_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
     "tr", "td", "th", "table", "article", "section", "main", "header", "blockquote", "pre",
     "figure", "figcaption", "hr", "address", "body", "html", "caption"}
)  # fmt: skip
# A tag is "<" and anything but "<" or ">" up to ">": an unclosed "<" costs one step, so
# every pattern below runs in time proportional to the page.
_SKIP_TAG = re.compile(
    r"<\s*(/?)\s*(" + "|".join(sorted(_SKIP)) + r")(?![A-Za-z0-9:-])([^<>]*)>", re.I
)
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:" + "|".join(sorted(_BLOCK)) + r")(?![A-Za-z0-9:-])[^<>]*>", re.I
)
_ANY_TAG = re.compile(r"<[/!?]?[A-Za-z][^<>]*>")


def too_big(page: str) -> bool:
    """Whether ``page`` is over the budget trafilatura is given."""
    return len(page) > MAX_CHARS or page.count("<") > MAX_TAGS


def _without_comments(page: str) -> str:
    parts = []
    pos = 0
    while (start := page.find("<!--", pos)) >= 0:
        parts.append(page[pos:start])
        close = page.find("-->", start + 4)
        pos = len(page) if close < 0 else close + 3
    parts.append(page[pos:])
    return "".join(parts)


def _without_skipped(page: str) -> str:
    """The page less the elements of :data:`_SKIP` and their content."""
    parts = []
    pos = 0
    skipping: str | None = None
    depth = 0
    for m in _SKIP_TAG.finditer(page):
        closing, name = m.group(1) == "/", m.group(2).lower()
        selfclosing = m.group(3).rstrip().endswith("/")
        if skipping is None:
            if closing or selfclosing:
                continue
            parts.append(page[pos : m.start()])
            skipping, depth = name, 1
        elif name == skipping and not selfclosing:
            depth += -1 if closing else 1
            if depth == 0:
                skipping = None
                pos = m.end()
    if skipping is None:
        parts.append(page[pos:])
    return "".join(parts)


def page_text(page: str) -> str:
    """The visible text of ``page``: one line per block, whitespace collapsed in lines."""
    text = _without_skipped(_without_comments(page))
    text = _SPACE.sub(" ", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _html.unescape(_ANY_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


#: A tag of an element that article text is written in: its presence says a record's text
#: is markup, not plain text ("x <b> y" of plain text has no such element name after "<").
_MARKUP = re.compile(
    r"<\s*/?\s*(?:"
    + "|".join(sorted({*_BLOCK, "a", "b", "i", "em", "strong", "span", "img"}))
    + r")(?![A-Za-z0-9:-])[^<>]*>",
    re.I,
)
_BLANK_LINES = re.compile(r"\n{3,}")


def has_markup(text: str) -> bool:
    """Whether ``text`` holds HTML markup (a JSON record's "text" copied from a page)."""
    return _MARKUP.search(text) is not None


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment: a paragraph per block element, the fragment's own line
    breaks kept, tags, comments, scripts and entities gone. Linear in the fragment's size,
    like :func:`page_text`."""
    text = _without_skipped(_without_comments(fragment))
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _html.unescape(_ANY_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def page_title(page: str) -> str | None:
    """The page's ``<title>``, from its start."""
    m = _TITLE.search(page[:HEAD_CHARS])
    if m is None:
        return None
    return _SPACE.sub(" ", _html.unescape(m.group(1))).strip() or None
