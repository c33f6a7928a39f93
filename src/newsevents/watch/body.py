"""Reading an HTTP answer's body within a size limit, counted on the decoded bytes.

The limit is checked while the body is read, chunk by chunk, so a page larger than the
limit costs at most the limit in memory whatever its ``Content-Length`` says (or whether it
says anything). Compressed bodies (``gzip``, ``deflate``) are decompressed here rather than
by httpx, in pieces of at most :data:`PIECE` bytes: a small compressed chunk that inflates to
gigabytes (a decompression bomb) is stopped at the limit instead of being inflated at once.
Other encodings are refused; the requests only offer these two.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

#: What the requests say they accept: the encodings :func:`decoded` can bound.
ACCEPT_ENCODING = "gzip, deflate"
#: Most bytes one decompression step may produce.
PIECE = 64 * 1024
_GZIP = frozenset({"gzip", "x-gzip"})
_DEFLATE = frozenset({"deflate"})
_IDENTITY = frozenset({"", "identity"})


class BodyError(ValueError):
    """A body that cannot be decoded (an unknown encoding, corrupt compressed data)."""


class _Inflater:
    """One compression layer, inflated a bounded piece at a time."""

    def __init__(self, encoding: str) -> None:
        # gzip: wbits 16+15 (with gzip header); deflate is zlib-wrapped by the standard but
        # sent raw by some servers, so its first bytes decide (as browsers and httpx do).
        self._gzip = encoding in _GZIP
        self._decoder: zlib._Decompress | None = (
            zlib.decompressobj(16 + zlib.MAX_WBITS) if self._gzip else None
        )

    def _new(self, data: bytes) -> zlib._Decompress:
        if self._gzip:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        wrapped = len(data) >= 2 and (data[0] & 0x0F) == 8 and (data[0] << 8 | data[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The inflated bytes of ``data``, in pieces of at most PIECE bytes."""
        while data:
            if self._decoder is None:
                self._decoder = self._new(data)
            decoder = self._decoder
            try:
                piece = decoder.decompress(data, PIECE)
            except zlib.error as exc:
                raise BodyError(f"corrupt compressed body ({exc})") from None
            if piece:
                yield piece
            if decoder.eof:
                # Concatenated gzip members: the next one starts in unused_data.
                data = decoder.unused_data
                self._decoder = None
            else:
                data = decoder.unconsumed_tail


def _layers(content_encoding: str) -> list[str]:
    names = [part.strip().lower() for part in content_encoding.split(",")]
    layers = [name for name in names if name not in _IDENTITY]
    for name in layers:
        if name not in _GZIP | _DEFLATE:
            raise BodyError(f"unsupported Content-Encoding {name!r}")
    return layers


def decoded(raw: Iterable[bytes], content_encoding: str) -> Iterator[bytes]:
    """The decoded bytes of ``raw`` (the body as sent), in pieces of bounded size.

    Layers are undone in the reverse of the order they were applied. Raises BodyError for
    an encoding other than gzip and deflate, or for corrupt data.
    """
    layers = _layers(content_encoding)
    stream: Iterable[bytes] = raw
    for name in reversed(layers):
        stream = _inflate(stream, name)
    for chunk in stream:
        if chunk:
            yield chunk


def _inflate(stream: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    inflater = _Inflater(encoding)
    for chunk in stream:
        yield from inflater.feed(chunk)


def read_limited(
    chunks: Iterable[bytes], limit: int, *, truncate: bool = False
) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of ``chunks``, and whether there was more.

    With ``truncate`` False, reading stops as soon as the limit is passed (the caller
    refuses the body); with True, the first ``limit`` bytes are kept. Either way no more
    than ``limit`` plus one piece is ever held.
    """
    kept: list[bytes] = []
    size = 0
    for chunk in chunks:
        if size + len(chunk) > limit:
            if truncate:
                kept.append(chunk[: limit - size])
            return b"".join(kept), True
        kept.append(chunk)
        size += len(chunk)
    return b"".join(kept), False
