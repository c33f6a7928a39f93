"""Site boilerplate: sentences that recur across an outlet's articles for weeks.

Pages scraped from news sites carry sign-up prompts, author-alert buttons, tip-line
appeals and headline suffixes ("Get email notifications on NAME daily!", "Anyone with
information is asked to call ...", "... - KSLA News 12 Shreveport"). They are the same in
reports of different incidents, so to a text comparison they look like shared particulars.

A sentence that appears in several articles published over more than a few weeks is such
boilerplate: copies of one syndicated story, which must *not* be removed, appear in many
articles too, but within days. :class:`SegmentStats` counts every sentence (and headline
part) by a stable hash with the first and last publication date it was seen on;
:func:`strip_boilerplate` blanks the sentences that qualify, before terms are taken.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

#: Where a line splits: after a sentence end before a capital or digit, or around a
#: headline separator ("Man shot in Kokomo - KSLA News 12").
_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"“'‘(\[]?[A-Z0-9])|\s+[-|–—]\s+")


class BoilerplateSettings(BaseModel):
    """When a recurring sentence counts as boilerplate."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_documents: int = Field(ge=2, description="Articles a sentence must appear in.")
    min_span_days: int = Field(
        ge=0, description="Days between the first and last publication that carry it."
    )


@dataclass(frozen=True)
class SegmentCount:
    """What is known of one sentence: its key (a 64-bit hash, signed), the articles that
    carry it and the first and last publication date among them."""

    key: int
    documents: int
    first: dt.date | None
    last: dt.date | None


@dataclass
class _Seen:
    documents: int
    first: dt.date | None
    last: dt.date | None
    last_document: str


def _key(segment: str) -> int:
    normal = " ".join(segment.lower().split())
    digest = hashlib.blake2b(normal.encode("utf-8"), digest_size=8).digest()
    # Signed, so that it fits a database's BIGINT.
    return int.from_bytes(digest, "big", signed=True)


def signed_key(key: int) -> int:
    """A sentence key as :func:`_key` makes it now (signed 64 bits), also from the unsigned
    form statistics were once saved with."""
    return key - (1 << 64) if key >= 1 << 63 else key


def segments(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the sentences of ``text``: its lines, split at sentence ends and
    around headline separators (`` - ``, `` | ``)."""
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _BREAK.finditer(line):
            yield offset + start, offset + match.start()
            start = match.end()
        yield offset + start, offset + len(line)
        offset += len(line) + 1


class SegmentStats:
    """Sentences seen so far: in how many articles, first and last publication date."""

    def __init__(self, settings: BoilerplateSettings) -> None:
        self.settings = settings
        self._seen: dict[int, _Seen] = {}
        self.changed: set[int] = set()
        """Sentences whose counts changed since :meth:`take_changes` (what a store writes)."""

    def observe(self, document_id: str, published: dt.date | None, *texts: str) -> None:
        """Count the sentences of an article's texts (title, body) once for the article."""
        for text in texts:
            for start, end in segments(text):
                if text[start:end].strip():
                    self._count(_key(text[start:end]), document_id, published)

    def _count(self, key: int, document_id: str, published: dt.date | None) -> None:
        seen = self._seen.get(key)
        if seen is None:
            self._seen[key] = _Seen(1, published, published, document_id)
            self.changed.add(key)
            return
        if seen.last_document == document_id:
            return
        self.changed.add(key)
        seen.documents += 1
        seen.last_document = document_id
        if published is not None:
            seen.first = min(seen.first or published, published)
            seen.last = max(seen.last or published, published)

    def is_boilerplate(self, segment: str) -> bool:
        """Whether a sentence recurs across articles published weeks apart."""
        seen = self._seen.get(_key(segment))
        if seen is None or seen.documents < self.settings.min_documents:
            return False
        if seen.first is None or seen.last is None:
            return False
        return (seen.last - seen.first).days >= self.settings.min_span_days

    def take_changes(self) -> list[SegmentCount]:
        """The counts of every sentence counted since the last call."""
        out = []
        for key in sorted(self.changed):
            seen = self._seen[key]
            out.append(SegmentCount(key, seen.documents, seen.first, seen.last))
        self.changed = set()
        return out

    @classmethod
    def from_counts(
        cls, settings: BoilerplateSettings, counts: Iterable[SegmentCount]
    ) -> SegmentStats:
        """Restore what a store kept of :meth:`take_changes`. Which article counted a
        sentence last is not kept: it only stops one article counting a sentence twice, and
        a store counts each article once, when it is fused."""
        stats = cls(settings)
        for c in counts:
            stats._seen[c.key] = _Seen(c.documents, c.first, c.last, "")
        return stats

    def to_dict(self) -> dict[str, list[object]]:
        """Plain data to store: hash -> [documents, first, last, last document]."""
        return {
            str(k): [
                s.documents,
                s.first and s.first.isoformat(),
                s.last and s.last.isoformat(),
                s.last_document,
            ]
            for k, s in self._seen.items()
        }

    @classmethod
    def from_dict(
        cls, settings: BoilerplateSettings, data: Mapping[str, list[object]]
    ) -> SegmentStats:
        """Restore what :meth:`to_dict` saved."""
        stats = cls(settings)
        for key, (documents, first, last, last_document) in data.items():
            stats._seen[signed_key(int(key))] = _Seen(
                int(str(documents)),
                dt.date.fromisoformat(str(first)) if first else None,
                dt.date.fromisoformat(str(last)) if last else None,
                str(last_document),
            )
        return stats


def strip_boilerplate(text: str, stats: SegmentStats | None) -> str:
    """``text`` with its boilerplate sentences blanked (offsets are kept)."""
    if stats is None:
        return text
    out = list(text)
    changed = False
    for start, end in segments(text):
        if stats.is_boilerplate(text[start:end]):
            out[start:end] = " " * (end - start)
            changed = True
    return "".join(out) if changed else text


__all__ = [
    "BoilerplateSettings",
    "SegmentCount",
    "SegmentStats",
    "segments",
    "signed_key",
    "strip_boilerplate",
]
