"""Find the headline (and site tags) at the top of a plain-text article.

Scraped pages often start with a line of comma-separated site tags that ends with the
headline, then the headline again on its own line::

    Kenya, Al-Shabaab, Gunmen Attack Bus Near Border

    Gunmen Attack Bus Near Border
    Body text...

Other texts may start with a bare headline, or with the body itself.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

_WORD_EDGES = "\"'“”‘’«»()[]:;,.!?-–—"
_TAG_SEPARATORS = ",;|"
_MAX_HEADLINE_CHARS = 200
_MAX_HEADLINE_WORDS = 30
_NOT_HEADLINE_ENDINGS = (".", ",", ";", ":")
_HEADLINE_START = re.compile(r"[\"'“‘«(\[]*[^\W_a-z]", re.UNICODE)


@dataclass(frozen=True)
class Layout:
    """The parts found at the top of a text: headline, site tags and the rest."""

    title: str | None
    body: str
    tags: list[str] = field(default_factory=list)


def _word_key(word: str) -> str:
    return word.strip(_WORD_EDGES).casefold()


def _non_blank(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def tags_before_title(tag_line: str, title: str) -> list[str] | None:
    """Return the tags when ``tag_line`` is tags followed by (the end of) ``title``.

    The tag line must end with at least half of the title's words; title words left out
    of it must appear among the tags (some sites fold a leading title word into them).
    Returns None when the line is not of that shape.
    """
    title_words = title.split()
    line_words = tag_line.split()
    if len(title_words) < 2 or len(line_words) < len(title_words) // 2:
        return None
    matched = 0
    for mine, theirs in zip(reversed(line_words), reversed(title_words), strict=False):
        if _word_key(mine) != _word_key(theirs):
            break
        matched += 1
    if matched < max(2, math.ceil(len(title_words) / 2)):
        return None
    prefix = " ".join(line_words[: len(line_words) - matched]).strip()
    if prefix and prefix[-1] not in _TAG_SEPARATORS:
        return None
    tags = _split_tags(prefix)
    missing = title_words[: len(title_words) - matched]
    tag_words = {_word_key(w) for tag in tags for w in tag.split()}
    if any(_word_key(w) not in tag_words for w in missing):
        return None
    return tags


def _split_tags(prefix: str) -> list[str]:
    tags: list[str] = []
    for part in re.split(f"[{re.escape(_TAG_SEPARATORS)}]", prefix):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags


def looks_like_headline(line: str) -> bool:
    """True for a short line that reads like a headline rather than a sentence."""
    text = line.strip()
    words = text.split()
    return (
        2 <= len(words) <= _MAX_HEADLINE_WORDS
        and len(text) <= _MAX_HEADLINE_CHARS
        and not text.endswith(_NOT_HEADLINE_ENDINGS)
        and _HEADLINE_START.match(text) is not None
    )


def split_layout(text: str) -> Layout:
    """Split normalised ``text`` into headline, site tags and body.

    The tag-line shape wins when present; otherwise a first line that looks like a
    headline and is followed by more text is the title; otherwise there is no title.
    """
    lines = text.split("\n")
    first = _non_blank(lines, 0)
    if first is None:
        return Layout(title=None, body="")
    second = _non_blank(lines, first + 1)
    if second is None:
        return Layout(title=None, body=text.strip("\n"))
    tags = tags_before_title(lines[first], lines[second])
    if tags is not None:
        title = " ".join(lines[second].split())
        return Layout(title=title, body=_rest(lines, second), tags=tags)
    if looks_like_headline(lines[first]):
        return Layout(title=" ".join(lines[first].split()), body=_rest(lines, first))
    return Layout(title=None, body=text.strip("\n"))


def _rest(lines: list[str], index: int) -> str:
    return "\n".join(lines[index + 1 :]).strip("\n")
