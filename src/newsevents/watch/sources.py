"""What a SOURCE argument of ``newsevents watch`` names: a feed URL, a feed file or a folder.

An ``http(s)://`` URL is a feed fetched over HTTP. A ``file://`` URL or a path is sniffed: a
file whose first element is ``<rss>``, ``<feed>`` (Atom) or ``<rdf:RDF>`` (RSS 1.0) is a
feed file, a folder is watched for article files. A path that does not exist yet is a
folder (or a feed file when its name ends in .xml, .rss, .atom or .rdf): it is reported as
missing at each poll until it appears, rather than refused, so a watch can be started before
a mount or a sync job has made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Names of local files taken for feeds while they do not exist yet.
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})
_SNIFF_BYTES = 4096
# Whatever may precede the root element of an XML document.
_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)\s*", re.S | re.I)
_ROOT = re.compile(r"<(?:[\w.-]+:)?([\w.-]+)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})


class SourceKind(StrEnum):
    """The kinds of source a watch polls."""

    feed_url = "feed"
    feed_file = "feed file"
    folder = "folder"


@dataclass(frozen=True)
class Source:
    """One source to poll: its kind and ``key``, the URL or absolute path it is stored under."""

    key: str
    kind: SourceKind

    @property
    def path(self) -> Path:
        """The local file or folder (for feed files and folders)."""
        return Path(self.key)

    def __str__(self) -> str:
        return self.key


class SourceSpecError(ValueError):
    """A SOURCE argument that names nothing a watch can poll; the message says what to pass."""


def root_element(head: bytes) -> str | None:
    """The lower-cased local name of the first element of an XML document, or None."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    position = 0
    while match := _PROLOGUE.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    found = _ROOT.match(text, position)
    return found.group(1).lower() if found else None


def is_feed_document(head: bytes) -> bool:
    """Whether ``head`` (the start of a file) is an RSS, RDF or Atom document."""
    return root_element(head) in _FEED_ROOTS


def _local(path: Path, given: str) -> Source:
    path = path.expanduser().absolute()
    if path.is_dir():
        return Source(str(path), SourceKind.folder)
    if not path.exists():
        kind = SourceKind.feed_file if path.suffix.lower() in FEED_SUFFIXES else SourceKind.folder
        return Source(str(path), kind)
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise SourceSpecError(f"{given}: cannot read: {exc.strerror or exc}") from None
    if is_feed_document(head):
        return Source(str(path), SourceKind.feed_file)
    root = root_element(head)
    found = f"its first element is <{root}>" if root else "it is not XML"
    raise SourceSpecError(
        f"{given}: not an RSS or Atom feed ({found}); watch the folder it is in, "
        "or read it once with `newsevents ingest`"
    )


def parse_source(text: str) -> Source:
    """The source a SOURCE argument names (see the module docstring).

    Raises SourceSpecError for a URL scheme other than http, https and file, or for an
    existing file that is not a feed.
    """
    given = text.strip()
    scheme = urlsplit(given).scheme.lower() if "://" in given else ""
    if scheme in ("http", "https"):
        if not urlsplit(given).hostname:
            raise SourceSpecError(f"{given}: a feed URL needs a host name")
        return Source(given, SourceKind.feed_url)
    if scheme == "file":
        return _local(Path(unquote(urlsplit(given).path)), given)
    if scheme:
        raise SourceSpecError(
            f"{given}: unsupported URL scheme {scheme!r}; use an http(s):// feed URL, "
            "a file:// URL, a feed file or a folder"
        )
    return _local(Path(given), given)


def parse_sources(texts: list[str]) -> list[Source]:
    """Every source named, each once, in the order given."""
    found: dict[str, Source] = {}
    for text in texts:
        source = parse_source(text)
        found.setdefault(source.key, source)
    return list(found.values())
