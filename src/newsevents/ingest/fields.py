"""Which keys of a JSON record hold an article's text, title, date and the rest.

Exports name their fields in many ways: a GVA-pool record dates its article in ``dct`` and
names it ``doc_id``; schema.org writes ``datePublished``; a corpus may nest the article
(``{"sample": {"text": ...}}``). Each field of an article is read from the first of its keys
that a record holds (:data:`DEFAULT_KEYS`); ``--field NAME=KEY`` (repeatable) reads it from
``KEY`` instead, where a dotted key descends into nested objects (``sample.text``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsevents.errors import NewsEventsError

#: The keys each field is read from by default, in order (the first present wins).
DEFAULT_KEYS: Mapping[str, tuple[str, ...]] = {
    "text": ("text",),
    "title": ("title",),
    "url": ("url",),
    "outlet": ("outlet",),
    "id": ("id", "doc_id"),
    "tags": ("tags",),
    # ``published`` first; then the names news exports and corpora use (a GVA-pool record's
    # ``dct``, schema.org's ``datePublished``, RSS's ``pubDate``).
    "published": (
        "published",
        "date",
        "dct",
        "publish_date",
        "published_at",
        "publication_date",
        "datePublished",
        "pubDate",
    ),
}


@dataclass(frozen=True)
class FieldKeys:
    """The keys each article field is read from."""

    keys: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_KEYS))

    def of(self, name: str) -> tuple[str, ...]:
        """The keys of field ``name``, in the order they are tried."""
        return self.keys[name]

    def find(self, record: Mapping[str, Any], name: str) -> tuple[str, Any] | None:
        """``(key, value)`` of the first key of field ``name`` that the record holds with a
        value (not null), or None."""
        for key in self.of(name):
            value = lookup(record, key)
            if value is not None:
                return key, value
        return None


def lookup(record: Mapping[str, Any], key: str) -> Any:
    """The value at ``key`` in ``record``: a key as written, else a dotted path into nested
    objects (``sample.text``); None when absent."""
    if key in record:
        return record[key]
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def parse_field_options(options: Iterable[str]) -> FieldKeys:
    """Read ``--field NAME=KEY`` options: each names the one key a field is read from.
    ``NewsEventsError`` naming the option when it is malformed or names no field."""
    keys = dict(DEFAULT_KEYS)
    for option in options:
        name, sep, key = option.partition("=")
        name, key = name.strip(), key.strip()
        if not sep or not name or not key:
            raise NewsEventsError(f"--field {option!r}: expected NAME=KEY (e.g. published=dct)")
        if name not in DEFAULT_KEYS:
            known = ", ".join(sorted(DEFAULT_KEYS))
            raise NewsEventsError(f"--field {option!r}: unknown field {name!r} (fields: {known})")
        keys[name] = (key,)
    return FieldKeys(keys)


DEFAULT_FIELDS = FieldKeys()
