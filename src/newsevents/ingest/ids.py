"""Stable article ids: a SHA-1 of the normalised URL, else of the normalised text."""

from __future__ import annotations

import hashlib
from functools import cache
from urllib.parse import unquote, urlsplit, urlunsplit

from newsevents.ingest.resources import tracking_params

ID_LENGTH = 16
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


@cache
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    params = tracking_params()
    return frozenset(params.names), tuple(params.prefixes)


def _is_tracking(pair: str) -> bool:
    names, prefixes = _tracking()
    name = unquote(pair.split("=", 1)[0]).casefold()
    return name in names or name.startswith(prefixes)


def _normalise_netloc(netloc: str, scheme: str) -> str:
    userinfo, at, hostport = netloc.rpartition("@")
    hostport = hostport.lower()
    port = _DEFAULT_PORTS.get(scheme)
    if port and hostport.endswith(port):
        hostport = hostport[: -len(port)]
    return f"{userinfo}{at}{hostport}"


def normalise_url(url: str) -> str:
    """Canonical form of ``url`` for hashing.

    Lower-cases scheme and host, drops a default port, the fragment, tracking parameters
    (utm_*, fbclid, ...; see ``url_tracking_params.yaml``) and a trailing slash.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        # Malformed (say, an unclosed IPv6 bracket): hash what was given.
        return text
    scheme = parts.scheme.lower()
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p))
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, _normalise_netloc(parts.netloc, scheme), path, query, ""))


def _digest(value: str) -> str:
    data = value.encode("utf-8", "surrogatepass")
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()[:ID_LENGTH]


def url_id(url: str) -> str:
    """Id of an article known by its URL."""
    return _digest(normalise_url(url))


def text_id(text: str) -> str:
    """Id of an article known only by its text (whitespace differences ignored)."""
    return _digest(" ".join(text.split()))


def article_id(url: str | None, text: str) -> str:
    """Id from the URL when there is one, else from the text."""
    if url is not None and url.strip():
        return url_id(url)
    return text_id(text)
